"""Rate limits kept in the store, so that every worker process counts the same events.

Each event is one row (bucket, client, time). A check counts a client's rows in the window; old rows
are deleted as new ones come in. Two processes checking the same client at the same instant may both
let one more request through: a limit may be passed by one per process, never by more.
"""

from __future__ import annotations

import time

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from service.security.models import EndedSession, RateEvent

# Rows older than this are deleted as new events arrive (no limit here has a longer window).
KEEP_S = 86400.0


def recent(session: Session, bucket: str, client: str | None, *, window_s: float,
           now: float | None = None) -> tuple[int, float | None, float | None]:
    """Events of `bucket` (of one client, or of everyone) in the last `window_s`: count, first, last time."""
    now = time.time() if now is None else now
    statement = select(func.count(), func.min(RateEvent.at), func.max(RateEvent.at)).where(
        RateEvent.bucket == bucket, RateEvent.at > now - window_s)
    if client is not None:
        statement = statement.where(RateEvent.client == client)
    count, first, last = session.execute(statement).one()
    return count, first, last


def record(session: Session, bucket: str, client: str, *, now: float | None = None) -> None:
    now = time.time() if now is None else now
    session.execute(delete(RateEvent).where(RateEvent.bucket == bucket, RateEvent.at < now - KEEP_S))
    session.add(RateEvent(bucket=bucket, client=client[:64], at=now))


def hit(session: Session, bucket: str, client: str, *, limit: int, window_s: float) -> float | None:
    """Count one event unless the client has used up `limit` in the window; else the seconds to wait."""
    now = time.time()
    count, first, _ = recent(session, bucket, client, window_s=window_s, now=now)
    if count >= limit and first is not None:
        # The oldest event in the window leaves it first; with several over the limit this is a lower bound.
        return max(first + window_s - now, 0.001)
    record(session, bucket, client, now=now)
    return None


def end_session(session: Session, mac: str) -> None:
    if session.get(EndedSession, mac) is None:
        session.add(EndedSession(mac=mac, ended_at=time.time()))


def session_ended(session: Session, mac: str) -> bool:
    return session.get(EndedSession, mac) is not None
