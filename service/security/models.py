"""What the service remembers about clients, in the store so that every worker process shares it:
recent events counted by the rate limits (submissions, refused admin tokens) and ended admin sessions."""

from __future__ import annotations

from sqlalchemy import Float, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from service.db import Base


class RateEvent(Base):
    __tablename__ = "rate_events"
    __table_args__ = (Index("ix_rate_events_bucket_client_at", "bucket", "client", "at"),
                      Index("ix_rate_events_bucket_at", "bucket", "at"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    bucket: Mapped[str] = mapped_column(String(32))  # "submission", "admin_failure"
    client: Mapped[str] = mapped_column(String(64))
    at: Mapped[float] = mapped_column(Float)  # seconds since the epoch: compared the same on every database


class EndedSession(Base):
    """An admin session cookie ended by logging out: refused from then on, even if copied."""

    __tablename__ = "ended_sessions"

    mac: Mapped[str] = mapped_column(String(64), primary_key=True)
    ended_at: Mapped[float] = mapped_column(Float)
