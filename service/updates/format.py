"""Dates of items for people: in the item's own time zone, which is named."""

from __future__ import annotations

import zoneinfo
from datetime import UTC, datetime
from typing import Any


def _local(value: Any, zone: str) -> datetime | None:
    if value is None:
        return None
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(zoneinfo.ZoneInfo(zone or "UTC"))


def day(value: Any, zone: str = "UTC") -> str:
    moment = _local(value, zone)
    return f"{moment.day} {moment:%B %Y}" if moment else ""


def moment(value: Any, zone: str = "UTC") -> str:
    local = _local(value, zone)
    return f"{local.day} {local:%B %Y, %H:%M} ({zone})" if local else ""


def span(start: Any, end: Any, zone: str = "UTC") -> str:
    """'4 March 2027, 09:00–17:00 (Europe/Brussels)'; over several days both ends are dated."""
    first, last = _local(start, zone), _local(end, zone)
    if first is None:
        return ""
    if last is None or last == first:
        return moment(start, zone)
    if last.date() == first.date():
        return f"{first.day} {first:%B %Y, %H:%M}–{last:%H:%M} ({zone})"
    return f"{first.day} {first:%B %Y, %H:%M} – {last.day} {last:%B %Y, %H:%M} ({zone})"


def iso(value: Any) -> str:
    """For <time datetime>: the instant in UTC."""
    local = _local(value, "UTC")
    return local.strftime("%Y-%m-%dT%H:%M:%SZ") if local else ""
