"""The outbox: every practice change queues its id; sync pushes queued ids to the search backend.

A backend that is down delays the sync; it never loses or rolls back a stored change. Entries name a
practice, not a change, so pushing the practice's current state is always correct and repeatable.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session, sessionmaker

from service.db import session_scope
from service.outbox.lock import index_writer
from service.outbox.models import OutboxEntry
from service.practices.models import Practice
from service.search.backend import SearchBackend
from service.search.documents import to_document
from service.taxonomy import Taxonomy

log = logging.getLogger(__name__)


def enqueue(session: Session, *, practice_id: str) -> None:
    session.add(OutboxEntry(practice_id=practice_id))


def enqueue_many(session: Session, *, practice_ids: list[str]) -> None:
    """One multi-row INSERT; entries are numbered in the order given."""
    if practice_ids:
        session.execute(insert(OutboxEntry), [{"practice_id": pid} for pid in practice_ids])


def pending_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(OutboxEntry).where(OutboxEntry.done_at.is_(None))) or 0


def last_seq(session: Session) -> int:
    return session.scalar(select(func.max(OutboxEntry.seq))) or 0


def mark_done_through(session: Session, *, seq: int) -> None:
    """After a full rebuild: everything queued before it started is in the new index."""
    session.execute(update(OutboxEntry).where(OutboxEntry.seq <= seq, OutboxEntry.done_at.is_(None))
                    .values(done_at=datetime.now(UTC)))


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
            entries = session.scalars(select(OutboxEntry).where(OutboxEntry.done_at.is_(None))
                                      .order_by(OutboxEntry.seq).limit(batch)).all()
            if not entries:
                return applied
            ids = list(dict.fromkeys(e.practice_id for e in entries))
            practices = {p.id: p for p in session.scalars(select(Practice).where(Practice.id.in_(ids)))}
            documents = [to_document(practices[i].record(), taxonomy, published_at=practices[i].published_at)
                         for i in ids
                         if i in practices and practices[i].status == "published"]
            gone = [i for i in ids if i not in practices or practices[i].status != "published"]
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
