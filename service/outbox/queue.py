"""The outbox queue: every change to a practice queues its id in the same transaction as the change.

The store writes here (service.practices.service); the search side reads and drains it
(service.search.sync, service.search.indexing). Entries name a practice, not a change, so pushing the
practice's current state is always correct and repeatable.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from service.outbox.models import OutboxEntry


def enqueue(session: Session, *, practice_id: str) -> None:
    session.add(OutboxEntry(practice_id=practice_id))


def enqueue_many(session: Session, *, practice_ids: list[str]) -> None:
    """One multi-row INSERT; entries are numbered in the order given."""
    if practice_ids:
        session.execute(insert(OutboxEntry), [{"practice_id": pid} for pid in practice_ids])


def pending_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(OutboxEntry).where(OutboxEntry.done_at.is_(None))) or 0


def backlog(session: Session) -> tuple[int, datetime | None]:
    """How many changes wait, and when the oldest of them was queued (None when none waits)."""
    count, oldest = session.execute(select(func.count(), func.min(OutboxEntry.created_at))
                                    .where(OutboxEntry.done_at.is_(None))).one()
    return count, oldest


def last_seq(session: Session) -> int:
    return session.scalar(select(func.max(OutboxEntry.seq))) or 0


def pending(session: Session, *, limit: int) -> list[OutboxEntry]:
    """The oldest entries not yet applied to the index."""
    return list(session.scalars(select(OutboxEntry).where(OutboxEntry.done_at.is_(None))
                                .order_by(OutboxEntry.seq).limit(limit)))


def mark_done_through(session: Session, *, seq: int) -> None:
    """After a full rebuild: everything queued before it started is in the new index."""
    session.execute(update(OutboxEntry).where(OutboxEntry.seq <= seq, OutboxEntry.done_at.is_(None))
                    .values(done_at=datetime.now(UTC)))
