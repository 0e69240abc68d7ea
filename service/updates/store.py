"""Store operations on items. They flush but never commit: the caller's session scope commits.

Every change queues the item's id in items_outbox in the same transaction, as practices do.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from service.errors import NotFound
from service.updates.models import Item, ItemOutboxEntry
from service.updates.schemas import ItemBase


def enqueue_many(session: Session, item_ids: list[str]) -> None:
    if item_ids:
        session.execute(insert(ItemOutboxEntry), [{"item_id": item_id} for item_id in item_ids])


def get(session: Session, item_id: str) -> Item | None:
    return session.get(Item, item_id)


def get_published(session: Session, *, kind: str, item_id: str) -> Item:
    item = session.get(Item, item_id) if len(item_id) <= 64 else None
    if item is None or item.kind != kind or item.status != "published":
        raise NotFound(f"no {kind} with id {item_id!r}")
    return item


def _update(item: Item, values: dict[str, Any], status: str) -> bool:
    if item.status == status and all(_same(getattr(item, k), v) for k, v in values.items()):
        return False
    for name, value in values.items():
        setattr(item, name, value)
    item.status = status
    return True


def _same(stored: Any, new: Any) -> bool:
    if isinstance(stored, datetime) and isinstance(new, datetime) and stored.tzinfo is None:
        stored = stored.replace(tzinfo=UTC)  # SQLite gives back naive UTC
    return bool(stored == new)


def upsert_many(session: Session, records: list[ItemBase], *, status: str = "published") -> list[str]:
    """Insert or update records with distinct ids; "created", "updated" or "unchanged" per record."""
    rows = [record.columns() for record in records]
    existing = {i.id: i for i in session.scalars(select(Item).where(Item.id.in_([r["id"] for r in rows])))}
    outcomes = []
    for values in rows:
        item = existing.get(values["id"])
        outcomes.append("created" if item is None else "updated" if _update(item, values, status) else "unchanged")
    new = [{**values, "status": status} for values, outcome in zip(rows, outcomes, strict=True)
           if outcome == "created"]
    if new:
        now = datetime.now(UTC)
        session.execute(insert(Item), [{**values, "created_at": now, "updated_at": now} for values in new])
    session.flush()
    enqueue_many(session, [v["id"] for v, o in zip(rows, outcomes, strict=True) if o != "unchanged"])
    return outcomes


def upsert(session: Session, record: ItemBase, *, status: str = "published") -> str:
    return upsert_many(session, [record], status=status)[0]


def set_status(session: Session, *, item_id: str, status: str) -> None:
    item = get(session, item_id)
    if item is not None and item.status != status:
        item.status = status
        session.flush()
        enqueue_many(session, [item_id])


def iter_items(session: Session, *, published_only: bool = True, kind: str | None = None) -> Iterator[Item]:
    statement = select(Item).order_by(Item.id)
    if published_only:
        statement = statement.where(Item.status == "published")
    if kind:
        statement = statement.where(Item.kind == kind)
    yield from session.scalars(statement.execution_options(yield_per=1000))


def pending(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(ItemOutboxEntry)
                          .where(ItemOutboxEntry.done_at.is_(None))) or 0


def last_seq(session: Session) -> int:
    return session.scalar(select(func.max(ItemOutboxEntry.seq))) or 0


def mark_done_through(session: Session, seq: int) -> None:
    session.execute(update(ItemOutboxEntry).where(ItemOutboxEntry.seq <= seq, ItemOutboxEntry.done_at.is_(None))
                    .values(done_at=datetime.now(UTC)))
