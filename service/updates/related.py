"""Items for other pages, read from the store: what the home page and a practice page show."""

from __future__ import annotations

import logging
import time
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from service.updates.index import ItemIndex
from service.updates.kinds import INFO, KINDS
from service.updates.models import Item
from service.updates.query import ItemQuery

log = logging.getLogger(__name__)
HOME_COUNT = 3
RELATED_COUNT = 3


def _published(kind: str) -> Any:
    return select(Item).where(Item.kind == kind, Item.status == "published")


def home(index: ItemIndex) -> dict[str, list[dict[str, Any]]] | None:
    """The three newest news items, the next three events, the three open calls closing soonest; read from
    the item index (in-process and sub-millisecond for the embedded one). None when it cannot answer."""
    try:
        return {INFO[kind].path: index.search(ItemQuery(kind=kind, show=INFO[kind].shows[0], per_page=HOME_COUNT,
                                                        now=int(time.time()))).hits for kind in KINDS}
    except Exception as exc:  # noqa: BLE001 - the search page goes on without them
        log.warning("latest news, events and calls unavailable: %s", exc)
        return None


def _overlap(item: Item, sectors: set[str], impacts: set[str]) -> int:
    return len(sectors & set(item.sectors or [])) + len(impacts & set(item.impacts or []))


def for_practice(session: Session, record: dict[str, Any], now: datetime | None = None) -> dict[str, list[Item]]:
    """Open calls that fund the practice's sectors or impacts in its country (or in every country), and
    upcoming events on its sectors or impacts; most shared topics first, then soonest."""
    now = now or datetime.now(UTC)
    sectors, impacts, country = set(record.get("sectors", [])), set(record.get("impacts", [])), record["country"]
    calls = [c for c in session.scalars(_published("call").where(Item.closes_at >= now)
                                        .where(or_(Item.opens_at.is_(None), Item.opens_at <= now)))
             if (not c.countries or country in c.countries) and _overlap(c, sectors, impacts)]
    calls.sort(key=lambda c: (-_overlap(c, sectors, impacts), c.closes_at))
    events = [e for e in session.scalars(_published("event").where(Item.ends_at >= now))
              if _overlap(e, sectors, impacts)]
    events.sort(key=lambda e: (-_overlap(e, sectors, impacts), e.starts_at))
    return {"open_calls": calls[:RELATED_COUNT], "upcoming_events": events[:RELATED_COUNT]}
