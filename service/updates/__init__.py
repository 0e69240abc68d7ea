"""Green news, events and open calls: the hub's third part, beside practices and the toolkit.

One table holds the three kinds of item (kinds.py says what differs); they are validated like practices
(schemas.py), queued for the search index in their own outbox (models.py, sync.py), searched through an
ItemIndex (index.py: embedded SQLite FTS5; meili_index.py: Meilisearch) and published as pages, JSON,
Atom and iCalendar (router.py, pages.py, feeds.py, ical.py).
"""
