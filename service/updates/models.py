"""News items, events and calls share one table (the kind says which); their outbox sits beside it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Float, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from service.db import Base
from service.practices.models import utcnow


class Item(Base):
    __tablename__ = "items"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(8), index=True)  # news, event, call
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(String(600))
    body: Mapped[str | None] = mapped_column(Text)
    # Every instant is stored in UTC; `timezone` (IANA name) says how to show it and what the organiser meant.
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))  # news
    starts_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))  # events
    ends_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))  # events
    opens_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))  # calls
    closes_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))  # calls
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    place: Mapped[str | None] = mapped_column(String(200))  # events: a place, or "online"
    organiser: Mapped[str | None] = mapped_column(String(200))  # news: source; events: organiser
    funder: Mapped[str | None] = mapped_column(String(200))  # calls: funder or programme
    budget_eur: Mapped[float | None] = mapped_column(Float)  # calls
    url: Mapped[str | None] = mapped_column(String(2000))  # source, registration or call link
    sectors: Mapped[list[str]] = mapped_column(JSON, default=list)
    impacts: Mapped[list[str]] = mapped_column(JSON, default=list)
    countries: Mapped[list[str]] = mapped_column(JSON, default=list)  # calls: eligible countries
    language: Mapped[str] = mapped_column(String(2), default="en")
    practices: Mapped[list[str]] = mapped_column(JSON, default=list)  # ids of related practices
    status: Mapped[str] = mapped_column(String(16), default="published", index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)

    def record(self) -> dict[str, Any]:
        from service.updates.schemas import record_of

        return record_of(self)


class ItemOutboxEntry(Base):
    """An item whose current state is still to be pushed to the search index (same transaction as the change)."""

    __tablename__ = "items_outbox"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    item_id: Mapped[str] = mapped_column(String(64), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    done_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(String(500))
