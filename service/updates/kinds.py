"""The three kinds of item and the words each is known by in URLs, files and pages."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


def N_(message: str) -> str:  # noqa: N802 - gettext's name for "extract this, translate it where shown"
    """Marks a text for `make messages`; the page translates it. (Not submissions.forms' N_: this module
    is loaded by the indexer, which must not load a web framework.)"""
    return message

Kind = Literal["news", "event", "call"]
KINDS: tuple[Kind, ...] = ("news", "event", "call")


@dataclass(frozen=True)
class KindInfo:
    kind: Kind
    path: str  # /news, /events, /calls and /api/... alike
    title: str  # the list page's heading (English source texts, translated where shown)
    singular: str
    propose: str  # the proposal form's heading
    search_label: str
    # The list's time toggle: the values of `show`, the default first.
    shows: tuple[str, ...]


INFO: dict[Kind, KindInfo] = {
    "news": KindInfo("news", "news", N_("Green news"), "news item", N_("Propose a news item"), N_("Search the news"),
                     ("all",)),
    "event": KindInfo("event", "events", N_("Events"), "event", N_("Propose an event"), N_("Search events"),
                      ("upcoming", "past", "all")),
    "call": KindInfo("call", "calls", N_("Open calls"), "call", N_("Propose an open call"), N_("Search open calls"),
                     ("open", "closed", "all")),
}
BY_PATH: dict[str, Kind] = {info.path: kind for kind, info in INFO.items()}


def parse_kind(raw: str) -> Kind | None:
    """'event', 'events', 'Event' -> 'event'; None for anything else."""
    text = raw.strip().lower()
    if text in KINDS:
        return text  # type: ignore[return-value]
    return BY_PATH.get(text)
