"""iCalendar (RFC 5545) for events and for calls' closing dates.

Times are written in UTC (the "Z" form, §3.3.5), which needs no VTIMEZONE; the organiser's zone travels
in X-GTS-TIMEZONE and in the description. Text is escaped (§3.3.11) and lines are folded at 75 octets
without splitting a UTF-8 character (§3.1); lines end with CRLF.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

PRODID = "-//Green transition good practices//News, events and calls//EN"
# A call's closing date comes with two reminders: a week and a day before.
CALL_REMINDERS = ("-P7D", "-P1D")


def escape(text: str) -> str:
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n"))


def fold(line: str) -> str:
    """Split a content line into pieces of at most 75 octets, continued with CRLF + one space."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line
    pieces, start, limit = [], 0, 75
    while start < len(data):
        end = min(start + limit, len(data))
        while end < len(data) and (data[end] & 0xC0) == 0x80:  # never cut inside a UTF-8 sequence
            end -= 1
        pieces.append(data[start:end].decode("utf-8"))
        start, limit = end, 74  # continuation lines begin with the space
    return "\r\n ".join(pieces)


def utc(value: datetime) -> str:
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _component(lines: list[str], name: str, props: list[tuple[str, str]]) -> None:
    lines.append(f"BEGIN:{name}")
    lines.extend(f"{key}:{value}" for key, value in props)


def _event(item: Any, base_url: str, host: str) -> list[str]:
    link = f"{base_url}/{'events' if item.kind == 'event' else 'calls'}/{item.id}"
    description = item.summary + (f"\n\nMore: {item.url}" if item.url else "") + f"\n\n{link}"
    props = [("UID", f"{item.kind}-{item.id}@{host}"), ("DTSTAMP", utc(item.updated_at)),
             ("LAST-MODIFIED", utc(item.updated_at))]
    if item.kind == "event":
        summary = item.title
        props += [("DTSTART", utc(item.starts_at)), ("DTEND", utc(item.ends_at))]
        if item.place:
            props.append(("LOCATION", escape(item.place)))
        if item.organiser:
            description = f"Organised by {item.organiser}.\n\n{description}"
    else:
        summary = f"Closes: {item.title}"
        # A deadline: a moment, not a span (no DTEND: it ends when it starts, RFC 5545 §3.6.1).
        props.append(("DTSTART", utc(item.closes_at)))
        if item.funder:
            description = f"Funder: {item.funder}.\n\n{description}"
    props += [("SUMMARY", escape(summary)), ("DESCRIPTION", escape(description)), ("URL", link),
              ("X-GTS-TIMEZONE", escape(item.timezone)), ("TRANSP", "TRANSPARENT" if item.kind == "call" else "OPAQUE")]
    lines: list[str] = []
    _component(lines, "VEVENT", props)
    if item.kind == "call":
        for trigger in CALL_REMINDERS:
            _component(lines, "VALARM", [("ACTION", "DISPLAY"), ("TRIGGER", trigger),
                                         ("DESCRIPTION", escape(f"Call closes: {item.title}"))])
            lines.append("END:VALARM")
    lines.append("END:VEVENT")
    return lines


def calendar(items: Iterable[Any], *, name: str, base_url: str) -> bytes:
    """A VCALENDAR with one VEVENT per event, or per call's closing date (with its reminders)."""
    host = base_url.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0] or "localhost"
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN",
             f"X-WR-CALNAME:{escape(name)}"]
    for item in items:
        lines.extend(_event(item, base_url, host))
    lines.append("END:VCALENDAR")
    return ("\r\n".join(fold(line) for line in lines) + "\r\n").encode("utf-8")
