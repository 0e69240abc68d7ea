"""Keeping the items' search index in step with the store: the outbox sync, full rebuilds, the factory.

Like practices' outbox: an entry names an item, so pushing its current state is always right; a backend
that is down leaves the entries queued and the change stored.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from service.db import session_scope
from service.settings import Settings
from service.taxonomy import load_taxonomy
from service.updates import store
from service.updates.documents import to_document
from service.updates.index import EmbeddedItemIndex, ItemIndex
from service.updates.models import Item, ItemOutboxEntry

log = logging.getLogger(__name__)


def make_item_index(settings: Settings) -> ItemIndex:
    if settings.search_backend == "meilisearch":
        from service.updates.meili_index import MeiliItemIndex

        return MeiliItemIndex(url=settings.meili_url or "", key=settings.meili_key,
                              index_uid=f"{settings.meili_index}-items", taxonomy=load_taxonomy(settings.seed_dir),
                              timeout_s=settings.meili_timeout_s, task_timeout_s=settings.meili_task_timeout_s)
    return EmbeddedItemIndex(settings.data_dir / "items-index.sqlite3", taxonomy=load_taxonomy(settings.seed_dir))


def sync(factory: sessionmaker[Session], index: ItemIndex, *, batch: int = 500) -> int:
    """Push pending entries in batches; returns how many were applied. Raises if the index fails."""
    applied = 0
    while True:
        with session_scope(factory) as session:
            entries = session.scalars(select(ItemOutboxEntry).where(ItemOutboxEntry.done_at.is_(None))
                                      .order_by(ItemOutboxEntry.seq).limit(batch)).all()
            if not entries:
                return applied
            ids = list(dict.fromkeys(e.item_id for e in entries))
            items = {i.id: i for i in session.scalars(select(Item).where(Item.id.in_(ids)))}
            live = [i for i in ids if i in items and items[i].status == "published"]
            try:
                index.upsert([to_document(items[i]) for i in live])
                index.delete([i for i in ids if i not in live])
            except Exception as exc:
                for entry in entries:
                    entry.attempts += 1
                    entry.last_error = str(exc)[:500]
                log.warning("item index sync failed, %d entries stay queued: %s", len(entries), exc)
                raise
            now = datetime.now(UTC)
            for entry in entries:
                entry.done_at = now
            applied += len(entries)


def rebuild(factory: sessionmaker[Session], index: ItemIndex) -> int:
    with session_scope(factory) as session:
        seq = store.last_seq(session)
        count = index.rebuild(to_document(item) for item in store.iter_items(session))
    with session_scope(factory) as session:
        store.mark_done_through(session, seq)
    return count


def fill_if_empty(factory: sessionmaker[Session], index: ItemIndex) -> int:
    """An empty index over a store with published items is rebuilt (new backend, deleted file)."""
    if index.count() > 0:
        return 0
    with session_scope(factory) as session:
        if session.scalar(select(Item.id).where(Item.status == "published").limit(1)) is None:
            return 0
    return rebuild(factory, index)
