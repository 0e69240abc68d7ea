"""Store operations on practices. They flush but never commit: the caller's session scope commits."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.errors import NotFound
from service.outbox.service import enqueue
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
    values = {name: getattr(record, name) for name in RECORD_FIELDS}
    practice = session.get(Practice, values["id"])
    created = practice is None
    if practice is None:
        practice = Practice(**values, status=status)
        session.add(practice)
    else:
        changed = any(getattr(practice, name) != value for name, value in values.items())
        if not changed and practice.status == status:
            return practice, False  # re-importing an unchanged record writes nothing
        for name, value in values.items():
            setattr(practice, name, value)
        practice.status = status
    session.flush()
    enqueue(session, practice_id=practice.id)
    return practice, created


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


def to_read(practice: Practice, taxonomy: Taxonomy) -> PracticeRead:
    data: dict[str, Any] = {name: getattr(practice, name) for name in RECORD_FIELDS}
    return PracticeRead.model_construct(
        **data,
        investment_band=taxonomy.investment_band(practice.investment_eur),
        payback_band=taxonomy.payback_band(practice.payback_years),
        created_at=practice.created_at, updated_at=practice.updated_at)
