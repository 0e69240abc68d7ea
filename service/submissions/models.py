"""Submissions from SMEs: kept apart from practices, so submitter details never reach a public record."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from service.db import Base, utcnow


class SubmissionState(StrEnum):
    """Where a submission stands: waiting for a moderator, published as a practice, rejected, or published
    and later taken down."""

    PENDING = "pending"
    PUBLISHED = "published"
    REJECTED = "rejected"
    UNPUBLISHED = "unpublished"


STATUSES = tuple(SubmissionState)


class Submission(Base):
    __tablename__ = "submissions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    # Only a SHA-256 of the tracking token is stored: the link works, but a copy of the store does not
    # reveal it.
    tracking_hash: Mapped[str] = mapped_column(String(64), unique=True)
    status: Mapped[str] = mapped_column(String(16), default=SubmissionState.PENDING, index=True)
    # The record as validated, then as edited by moderators; the practice is made from it on approval.
    record: Mapped[dict[str, Any]] = mapped_column(JSON)
    # What was sent, as JSON text, never changed afterwards: nothing typed is lost to a later edit.
    raw_payload: Mapped[str] = mapped_column(Text)
    submitter_name: Mapped[str] = mapped_column(String(200))
    submitter_email: Mapped[str] = mapped_column(String(254))
    consent: Mapped[bool] = mapped_column(Boolean)
    # Copies of record fields, so that the moderation queue can filter in SQL on every database.
    title: Mapped[str] = mapped_column(String(200))
    country: Mapped[str] = mapped_column(String(2), index=True)
    sectors_key: Mapped[str] = mapped_column(String(200))  # ";energy;food-beverages;"
    practice_id: Mapped[str | None] = mapped_column(String(64), index=True)
    reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    def set_record(self, record: dict[str, Any]) -> None:
        self.record = record
        self.title = record["title"]
        self.country = record["country"]
        self.sectors_key = ";" + ";".join(record.get("sectors", [])) + ";"
