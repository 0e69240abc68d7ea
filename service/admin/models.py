"""The moderation history: who changed what, and when."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from service.db import Base, utcnow


class ModerationEvent(Base):
    __tablename__ = "moderation_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(100))  # the moderator's label
    action: Mapped[str] = mapped_column(String(32))  # edited, approved, rejected, unpublished, published
    submission_id: Mapped[int | None] = mapped_column(Integer, index=True)
    practice_id: Mapped[str | None] = mapped_column(String(64), index=True)
    # {field: {"from": old, "to": new}} for every field the action changed.
    changes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    reason: Mapped[str | None] = mapped_column(Text)
