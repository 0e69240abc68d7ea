"""Store operations on practices. They flush but never commit: the caller's session scope commits."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import String, cast, func, insert, or_, select
from sqlalchemy.orm import Session

from service.errors import NotFound
from service.outbox import queue
from service.practices.models import Practice, PracticeStatus
from service.practices.schemas import RECORD_FIELDS, PracticeBase, PracticeRead, record_form
from service.taxonomy import Taxonomy


def get(session: Session, *, practice_id: str) -> Practice | None:
    return session.get(Practice, practice_id)


def get_or_raise(session: Session, *, practice_id: str, published_only: bool = True) -> Practice:
    practice = get(session, practice_id=practice_id)
    if practice is None or (published_only and practice.status != PracticeStatus.PUBLISHED):
        raise NotFound(f"no practice with id {practice_id!r}")
    return practice


def upsert(session: Session, *, record: PracticeBase, status: str = PracticeStatus.PUBLISHED) -> tuple[Practice, bool]:
    """Insert or update by id; returns the practice and whether it was new. Queues a search sync."""
    values = _values(record)
    practice = session.get(Practice, values["id"])
    created = practice is None
    if practice is None:
        practice = Practice(**values, status=status)
        session.add(practice)
    elif not _update(practice, values, status):
        return practice, False  # re-importing an unchanged record writes nothing
    session.flush()
    queue.enqueue(session, practice_id=practice.id)
    return practice, created


def upsert_many(session: Session, *, records: Sequence[PracticeBase],
                status: str = PracticeStatus.PUBLISHED) -> list[str]:
    """upsert for a batch of records with distinct ids, for imports: one query reads the existing ones,
    one multi-row INSERT writes the new ones and another their outbox entries (a flush and two look-ups
    per record made storing most of a large import's time). Returns "created", "updated" or "unchanged"
    per record, in order."""
    rows = [_values(record) for record in records]
    existing = {p.id: p for p in session.scalars(select(Practice).where(Practice.id.in_([r["id"] for r in rows])))}
    outcomes: list[str] = []
    for values in rows:
        practice = existing.get(values["id"])
        if practice is None:
            outcomes.append("created")
        else:
            outcomes.append("updated" if _update(practice, values, status) else "unchanged")
    new = [{**values, "status": status} for values, outcome in zip(rows, outcomes, strict=True) if outcome == "created"]
    if new:
        session.execute(insert(Practice), new)
    session.flush()
    changed = [values["id"] for values, outcome in zip(rows, outcomes, strict=True) if outcome != "unchanged"]
    queue.enqueue_many(session, practice_ids=changed)
    return outcomes


def _values(record: PracticeBase) -> dict[str, Any]:
    return {name: getattr(record, name) for name in RECORD_FIELDS}


def _update(practice: Practice, values: dict[str, Any], status: str) -> bool:
    """Apply the record's values and status to a stored practice; False if nothing differed."""
    if practice.status == status and all(getattr(practice, name) == value for name, value in values.items()):
        return False
    for name, value in values.items():
        setattr(practice, name, value)
    practice.status = status
    return True


def set_status(session: Session, *, practice_id: str, status: str) -> Practice:
    practice = get_or_raise(session, practice_id=practice_id, published_only=False)
    if practice.status != status:
        practice.status = status
        session.flush()
        queue.enqueue(session, practice_id=practice.id)
    return practice


def delete(session: Session, *, practice_id: str) -> None:
    practice = get_or_raise(session, practice_id=practice_id, published_only=False)
    session.delete(practice)
    session.flush()
    queue.enqueue(session, practice_id=practice_id)


def iter_records(session: Session, *, published_only: bool = True, batch: int = 2000) -> Iterator[dict[str, Any]]:
    """Every practice in record form, read as plain rows: rebuilds and exports at 100,000 records
    spend their time here, and ORM objects would double it."""
    statement = select(*(getattr(Practice, name) for name in RECORD_FIELDS)).order_by(Practice.id)
    if published_only:
        statement = statement.where(Practice.status == PracticeStatus.PUBLISHED)
    for row in session.execute(statement.execution_options(yield_per=batch)):
        yield record_form(dict(row._mapping))


def iter_records_with_publication(session: Session, *, batch: int = 2000
                                  ) -> Iterator[tuple[dict[str, Any], datetime | None]]:
    """Every published practice in record form with the date it was first published (for the index)."""
    columns = (*(getattr(Practice, name) for name in RECORD_FIELDS), Practice.published_at)
    statement = select(*columns).where(Practice.status == PracticeStatus.PUBLISHED).order_by(Practice.id)
    for row in session.execute(statement.execution_options(yield_per=batch)):
        values = dict(row._mapping)
        published_at = values.pop("published_at")
        yield record_form(values), published_at


def has_published(session: Session) -> bool:
    return session.scalar(select(Practice.id).where(Practice.status == PracticeStatus.PUBLISHED).limit(1)) is not None


def published_in_order(session: Session, ids: Sequence[str], *, batch: int = 500) -> list[Practice]:
    """The published practices among ``ids``, in the order given; unknown and unpublished ids are skipped.
    Read in batches, so that a long list stays within every database's limit on bound parameters."""
    found: dict[str, Practice] = {}
    unique = list(dict.fromkeys(ids))
    for start in range(0, len(unique), batch):
        statement = select(Practice).where(Practice.id.in_(unique[start:start + batch]),
                                           Practice.status == PracticeStatus.PUBLISHED)
        found.update((p.id, p) for p in session.scalars(statement))
    return [found[i] for i in unique if i in found]


_NO_STREAMS = ("[]", "null")


def published_with_streams(session: Session, fields: Sequence[str]) -> list[dict[str, Any]]:
    """``fields`` of the published practices that list any input or output stream, as plain rows; most
    practices list none, so the filter runs in SQL."""
    has_streams = or_(cast(Practice.inputs, String).not_in(_NO_STREAMS),
                      cast(Practice.outputs, String).not_in(_NO_STREAMS))
    statement = select(*(getattr(Practice, name) for name in fields)).where(
        Practice.status == PracticeStatus.PUBLISHED, has_streams)
    return [dict(zip(fields, row, strict=True)) for row in session.execute(statement)]


def store_version(session: Session) -> tuple[Any, ...]:
    """Changes whenever any practice is written: every write queues an outbox entry in its transaction.
    The count as well, in case outbox entries are ever pruned; both are index scans, not table scans."""
    return queue.last_seq(session), session.scalar(select(func.count()).select_from(Practice))


def to_read(practice: Practice, taxonomy: Taxonomy) -> PracticeRead:
    data: dict[str, Any] = {name: getattr(practice, name) for name in RECORD_FIELDS}
    return PracticeRead.model_construct(
        **data,
        investment_band=taxonomy.investment_band(practice.investment_eur),
        payback_band=taxonomy.payback_band(practice.payback_years),
        created_at=practice.created_at, updated_at=practice.updated_at)
