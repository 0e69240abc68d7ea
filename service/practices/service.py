"""Store operations on practices. They flush but never commit: the caller's session scope commits."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from service.errors import NotFound
from service.outbox.service import enqueue, enqueue_many
from service.practices.models import Practice
from service.practices.schemas import RECORD_FIELDS, PracticeBase, PracticeRead, record_form
from service.taxonomy import Taxonomy


def get(session: Session, *, practice_id: str) -> Practice | None:
    return session.get(Practice, practice_id)


def get_or_raise(session: Session, *, practice_id: str, published_only: bool = True) -> Practice:
    practice = get(session, practice_id=practice_id)
    if practice is None or (published_only and practice.status != "published"):
        raise NotFound(f"no practice with id {practice_id!r}")
    return practice


def upsert(session: Session, *, record: PracticeBase, status: str = "published") -> tuple[Practice, bool]:
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
    enqueue(session, practice_id=practice.id)
    return practice, created


def upsert_many(session: Session, *, records: list[PracticeBase], status: str = "published") -> list[str]:
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
    enqueue_many(session, practice_ids=changed)
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
        enqueue(session, practice_id=practice.id)
    return practice


def delete(session: Session, *, practice_id: str) -> None:
    practice = get_or_raise(session, practice_id=practice_id, published_only=False)
    session.delete(practice)
    session.flush()
    enqueue(session, practice_id=practice_id)


def iter_records(session: Session, *, published_only: bool = True, batch: int = 2000) -> Iterator[dict[str, Any]]:
    """Every practice in record form, read as plain rows: rebuilds and exports at 100,000 records
    spend their time here, and ORM objects would double it."""
    statement = select(*(getattr(Practice, name) for name in RECORD_FIELDS)).order_by(Practice.id)
    if published_only:
        statement = statement.where(Practice.status == "published")
    for row in session.execute(statement.execution_options(yield_per=batch)):
        yield record_form(dict(row._mapping))


def iter_records_with_publication(session: Session, *, batch: int = 2000
                                  ) -> Iterator[tuple[dict[str, Any], datetime | None]]:
    """Every published practice in record form with the date it was first published (for the index)."""
    columns = (*(getattr(Practice, name) for name in RECORD_FIELDS), Practice.published_at)
    statement = select(*columns).where(Practice.status == "published").order_by(Practice.id)
    for row in session.execute(statement.execution_options(yield_per=batch)):
        values = dict(row._mapping)
        published_at = values.pop("published_at")
        yield record_form(values), published_at


def to_read(practice: Practice, taxonomy: Taxonomy) -> PracticeRead:
    data: dict[str, Any] = {name: getattr(practice, name) for name in RECORD_FIELDS}
    return PracticeRead.model_construct(
        **data,
        investment_band=taxonomy.investment_band(practice.investment_eur),
        payback_band=taxonomy.payback_band(practice.payback_years),
        created_at=practice.created_at, updated_at=practice.updated_at)
