"""A stored item as a search document: its record, plus instants as Unix seconds for filters and sorts."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from service.updates.models import Item

TIME_FIELDS = {"published_at": "published_ts", "starts_at": "start_ts", "ends_at": "end_ts",
               "opens_at": "opens_ts", "closes_at": "closes_ts"}
# Text searched, in order of weight.
TEXT_FIELDS = ("title", "summary", "body", "organiser", "funder", "place")


def seconds(value: datetime | None) -> int | None:
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return int(value.timestamp())


def to_document(item: Item) -> dict[str, Any]:
    doc: dict[str, Any] = item.record()
    doc["organiser"] = item.organiser
    doc["funder"] = item.funder
    doc["place"] = item.place
    for column, name in TIME_FIELDS.items():
        doc[name] = seconds(getattr(item, column))
    if item.kind == "call" and doc["opens_ts"] is None:
        doc["opens_ts"] = 0  # open since always: filters compare numbers on every backend
    return doc
