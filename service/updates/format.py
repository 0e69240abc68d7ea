"""Dates of items for people: in the item's own time zone, which is named."""

from __future__ import annotations

import zoneinfo
from datetime import UTC, datetime
from typing import Any

from babel.dates import format_date


def _local(value: Any, zone: str) -> datetime | None:
    if value is None:
        return None
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(zoneinfo.ZoneInfo(zone or "UTC"))


def _date(local: datetime, locale: str) -> str:
    # English keeps "4 March 2027"; other languages take their own long form ("4. März 2027", "4 marca 2027").
    return format_date(local, "d MMMM y" if locale == "en" else "long", locale=locale)


def _at(local: datetime, locale: str) -> str:
    return f"{_date(local, locale)}, {local:%H:%M}"


def day(value: Any, zone: str = "UTC", locale: str = "en") -> str:
    moment = _local(value, zone)
    return _date(moment, locale) if moment else ""


def moment(value: Any, zone: str = "UTC", locale: str = "en") -> str:
    local = _local(value, zone)
    return f"{_at(local, locale)} ({zone})" if local else ""


def span(start: Any, end: Any, zone: str = "UTC", locale: str = "en") -> str:
    """'4 March 2027, 09:00–17:00 (Europe/Brussels)'; over several days both ends are dated. Month names
    in the page's language (`locale`); times on the 24-hour clock, as everywhere in Europe."""
    first, last = _local(start, zone), _local(end, zone)
    if first is None:
        return ""
    if last is None or last == first:
        return moment(start, zone, locale)
    if last.date() == first.date():
        return f"{_at(first, locale)}–{last:%H:%M} ({zone})"
    return f"{_at(first, locale)} – {_at(last, locale)} ({zone})"


def iso(value: Any) -> str:
    """For <time datetime>: the instant in UTC."""
    local = _local(value, "UTC")
    return local.strftime("%Y-%m-%dT%H:%M:%SZ") if local else ""
