"""The sync: pushes the practices the outbox queue names to the search backend.

A backend that is down delays the sync; it never loses or rolls back a stored change: the entries stay
queued and the next sync pushes the practices' state at that time.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from sqlalchemy.orm import Session, sessionmaker

from service.db import session_scope
from service.outbox import queue
from service.outbox.lock import index_writer
from service.practices import service as practices
from service.search.backend import SearchBackend
from service.search.documents import to_document
from service.taxonomy import Taxonomy

log = logging.getLogger(__name__)


def sync(factory: sessionmaker[Session], backend: SearchBackend, taxonomy: Taxonomy, *, batch: int = 500,
         wait: bool = False) -> int:
    """Push pending entries in batches; returns how many entries were applied. Raises if the backend fails.

    Only one sync (or rebuild) writes to the index at a time; when another holds the lock, this one
    returns 0 at once (or, with wait=True, waits its turn): the holder will push what is queued.
    """
    engine = factory.kw["bind"]
    with index_writer(engine, wait=wait) as held:
        return _sync_batches(factory, backend, taxonomy, batch=batch) if held else 0


def _sync_batches(factory: sessionmaker[Session], backend: SearchBackend, taxonomy: Taxonomy, *, batch: int) -> int:
    applied = 0
    while True:
        with session_scope(factory) as session:
            entries = queue.pending(session, limit=batch)
            if not entries:
                return applied
            ids = list(dict.fromkeys(e.practice_id for e in entries))
            published = practices.published_in_order(session, ids)
            documents = [to_document(practice.record(), taxonomy, published_at=practice.published_at)
                         for practice in published]
            shown = {practice.id for practice in published}
            gone = [i for i in ids if i not in shown]  # deleted or unpublished: out of the index
            try:
                backend.upsert(documents)
                backend.delete(gone)
            except Exception as exc:
                for entry in entries:
                    entry.attempts += 1
                    entry.last_error = str(exc)[:500]
                log.warning("search sync failed, %d entries stay queued: %s", len(entries), exc)
                raise
            now = datetime.now(UTC)
            for entry in entries:
                entry.done_at = now
            applied += len(entries)
