"""The practice table: the system of record."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, DateTime, Float, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from service.db import Base, utcnow


class PracticeStatus(StrEnum):
    """Published practices are searchable; unpublished ones are kept but hidden (moderation)."""

    PUBLISHED = "published"
    UNPUBLISHED = "unpublished"


class Practice(Base):
    __tablename__ = "practices"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(String(600))
    description: Mapped[str | None] = mapped_column(Text)
    organisation: Mapped[str | None] = mapped_column(String(200))
    country: Mapped[str] = mapped_column(String(2), index=True)
    region: Mapped[str | None] = mapped_column(String(200))
    sectors: Mapped[list[str]] = mapped_column(JSON, default=list)
    impacts: Mapped[list[str]] = mapped_column(JSON, default=list)
    key_areas: Mapped[list[str]] = mapped_column(JSON, default=list)
    company_size: Mapped[str | None] = mapped_column(String(16))
    investment_eur: Mapped[float | None] = mapped_column(Float)
    annual_savings_eur: Mapped[float | None] = mapped_column(Float)
    payback_years: Mapped[float | None] = mapped_column(Float)
    energy_saved_mwh: Mapped[float | None] = mapped_column(Float)
    co2_avoided_t: Mapped[float | None] = mapped_column(Float)
    water_saved_m3: Mapped[float | None] = mapped_column(Float)
    waste_avoided_t: Mapped[float | None] = mapped_column(Float)
    technologies: Mapped[list[str]] = mapped_column(JSON, default=list)
    inputs: Mapped[list[str]] = mapped_column(JSON, default=list)
    outputs: Mapped[list[str]] = mapped_column(JSON, default=list)
    year: Mapped[int | None] = mapped_column(Integer)
    language: Mapped[str] = mapped_column(String(2), default="en")
    source_url: Mapped[str | None] = mapped_column(String(2000))
    status: Mapped[str] = mapped_column(String(16), default=PracticeStatus.PUBLISHED, index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)
    # When the practice first became public (imported, or approved by a moderator): "recently added" and
    # the feed's order. Publishing again after an unpublish keeps the first date.
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)

    def record(self) -> dict[str, Any]:
        from service.practices.schemas import RECORD_FIELDS, record_form

        return record_form({name: getattr(self, name) for name in RECORD_FIELDS})
