"""The three kinds of item and the words each is known by in URLs, files and pages."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal["news", "event", "call"]
KINDS: tuple[Kind, ...] = ("news", "event", "call")


@dataclass(frozen=True)
class KindInfo:
    kind: Kind
    path: str  # /news, /events, /calls and /api/... alike
    title: str  # the list page's heading
    singular: str
    # The list's time toggle: the values of `show`, the default first.
    shows: tuple[str, ...]


INFO: dict[Kind, KindInfo] = {
    "news": KindInfo("news", "news", "Green news", "news item", ("all",)),
    "event": KindInfo("event", "events", "Events", "event", ("upcoming", "past", "all")),
    "call": KindInfo("call", "calls", "Open calls", "call", ("open", "closed", "all")),
}
BY_PATH: dict[str, Kind] = {info.path: kind for kind, info in INFO.items()}


def parse_kind(raw: str) -> Kind | None:
    """'event', 'events', 'Event' -> 'event'; None for anything else."""
    text = raw.strip().lower()
    if text in KINDS:
        return text  # type: ignore[return-value]
    return BY_PATH.get(text)
