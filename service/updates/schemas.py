"""The item record: validation and normalisation shared by the indexer, submissions and the API.

The rules and messages are those of practices (service.practices.schemas) wherever a field is shared;
dates are ISO 8601, read in the item's `timezone` (an IANA name) when they carry no offset.
"""

from __future__ import annotations

import math
import zoneinfo
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from service.practices.schemas import (
    ID_RE,
    _as_list,
    _slugs,
    _text,
    clip,
    derive_id,
    http_url,
    language_code,
    validation_problems,
)
from service.updates.kinds import KINDS, Kind, parse_kind

if TYPE_CHECKING:
    from service.updates.models import Item

# Record fields in interchange order; a kind uses the common ones and its own.
COMMON_FIELDS = ("id", "kind", "title", "summary", "body")
KIND_FIELDS: dict[str, tuple[str, ...]] = {
    "news": ("published", "source", "url"),
    "event": ("start", "end", "timezone", "place", "organiser", "url"),
    "call": ("funder", "opens", "closes", "timezone", "budget_eur", "url"),
}
TAIL_FIELDS = ("sectors", "impacts", "countries", "language", "practices")
ALL_FIELDS = tuple(dict.fromkeys((*COMMON_FIELDS, *(f for k in KINDS for f in KIND_FIELDS[k]), *TAIL_FIELDS)))
DATE_FIELDS = ("published", "start", "end", "opens", "closes")
LIST_FIELDS = ("sectors", "impacts", "countries", "practices")
# Record field -> stored column, where the names differ.
COLUMNS = {"published": "published_at", "start": "starts_at", "end": "ends_at", "opens": "opens_at",
           "closes": "closes_at", "source": "organiser"}
ARTICLES = {"news": "a news item", "event": "an event", "call": "a call"}
EARLIEST, LATEST = datetime(1990, 1, 1, tzinfo=UTC), datetime(2100, 12, 31, tzinfo=UTC)


def fields_of(kind: str) -> tuple[str, ...]:
    return (*COMMON_FIELDS, *KIND_FIELDS[kind], *TAIL_FIELDS)


@lru_cache(maxsize=1)
def known_timezones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones()) | {"UTC"}


def parse_instant(value: Any, zone: str, *, end_of_day: bool = False) -> datetime:
    """An ISO 8601 date or date-time as a UTC instant; without an offset it is read in `zone`.

    A bare date means the start of that day, or its last second for closing and end dates."""
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime.combine(value, time(23, 59, 59) if end_of_day else time(0, 0))
    elif isinstance(value, str) and 10 <= len(value.strip()) <= 40:
        text = value.strip()
        try:
            if len(text) == 10:
                moment = datetime.combine(date.fromisoformat(text), time(23, 59, 59) if end_of_day else time(0, 0))
            else:
                moment = datetime.fromisoformat(text.replace("z", "Z"))
        except ValueError:
            raise ValueError(f"expected an ISO 8601 date or date-time such as 2027-03-04 or 2027-03-04T09:30, "
                             f"got {clip(value)!r}") from None
    else:
        raise ValueError(f"expected an ISO 8601 date or date-time such as 2027-03-04T09:30, got {clip(value)!r}")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zoneinfo.ZoneInfo(zone))
    moment = moment.astimezone(UTC)
    if not EARLIEST <= moment <= LATEST:
        raise ValueError(f"expected a date from 1990 to 2100, got {clip(value)!r}")
    return moment


class ItemBase(BaseModel):
    """Every kind's fields; the kind decides which are required and which must be absent."""

    model_config = ConfigDict(extra="ignore")

    id: str | None = None
    kind: Kind
    title: str
    summary: str
    body: str | None = None
    published: Any = None
    start: Any = None
    end: Any = None
    opens: Any = None
    closes: Any = None
    timezone: str = "UTC"
    place: str | None = None
    organiser: str | None = None
    source: str | None = None
    funder: str | None = None
    budget_eur: float | None = None
    url: str | None = None
    sectors: list[str] = Field(default_factory=list)
    impacts: list[str] = Field(default_factory=list)
    countries: list[str] = Field(default_factory=list)
    language: str = "en"
    practices: list[str] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _empty_is_unknown(cls, data: Any) -> Any:
        if isinstance(data, dict):
            return {k: v for k, v in data.items() if not (v is None or (isinstance(v, str) and not v.strip()))}
        return data

    @field_validator("id", mode="before")
    @classmethod
    def _id(cls, v: Any) -> Any:
        if not isinstance(v, str) or not ID_RE.match(v):
            raise ValueError(f"expected 1–64 characters of a-z, 0-9 and '-', got {clip(v)!r}")
        return v

    @field_validator("kind", mode="before")
    @classmethod
    def _kind(cls, v: Any) -> str:
        kind = parse_kind(v) if isinstance(v, str) else None
        if kind is None:
            raise ValueError(f"{clip(v)!r} is not a kind of item; allowed: {', '.join(KINDS)}")
        return kind

    @field_validator("title", mode="before")
    @classmethod
    def _title(cls, v: Any) -> str:
        return _text(v, field="title", min_len=5, max_len=200)

    @field_validator("summary", mode="before")
    @classmethod
    def _summary(cls, v: Any) -> str:
        return _text(v, field="summary", min_len=20, max_len=600)

    @field_validator("body", mode="before")
    @classmethod
    def _body(cls, v: Any) -> str:
        return _text(v, field="body", max_len=20_000)

    @field_validator("place", "organiser", "source", "funder", mode="before")
    @classmethod
    def _short_text(cls, v: Any) -> str:
        return _text(v, field="text", min_len=1, max_len=200)

    @field_validator("timezone", mode="before")
    @classmethod
    def _timezone(cls, v: Any) -> str:
        if not isinstance(v, str) or v.strip() not in known_timezones():
            raise ValueError(f"expected an IANA time zone such as Europe/Brussels or UTC, got {clip(v)!r}")
        return v.strip()

    @field_validator("budget_eur", mode="before")
    @classmethod
    def _budget(cls, v: Any) -> float:
        if isinstance(v, str):
            try:
                v = float(v.strip().replace(" ", ""))
            except ValueError:
                raise ValueError(f"expected a number ≥ 0 with '.' as decimal separator, got {clip(v)!r}") from None
        if isinstance(v, bool) or not isinstance(v, int | float) or not math.isfinite(v) or v < 0:
            raise ValueError(f"expected a number ≥ 0, got {clip(v)!r}")
        return float(v)

    @field_validator("url", mode="before")
    @classmethod
    def _url(cls, v: Any) -> str:
        return http_url(v)

    @field_validator("sectors", mode="before")
    @classmethod
    def _sectors(cls, v: Any) -> list[str]:
        return _slugs(v, "sector", min_items=0, max_items=5)

    @field_validator("impacts", mode="before")
    @classmethod
    def _impacts(cls, v: Any) -> list[str]:
        return _slugs(v, "impact", min_items=0, max_items=None)

    @field_validator("countries", mode="before")
    @classmethod
    def _countries(cls, v: Any) -> list[str]:
        # Empty means: not tied to a country (Europe-wide news and events; calls open to every country).
        return _slugs(v, "country", min_items=0, max_items=None)

    @field_validator("language", mode="before")
    @classmethod
    def _language(cls, v: Any) -> str:
        return language_code(v)

    @field_validator("practices", mode="before")
    @classmethod
    def _practices(cls, v: Any) -> list[str]:
        ids = _as_list(v)
        if len(ids) > 20:
            raise ValueError(f"expected at most 20 practice ids, got {len(ids)}")
        for item in ids:
            if not isinstance(item, str) or not ID_RE.match(item):
                raise ValueError(f"expected practice ids (a-z, 0-9 and '-'), got {clip(item)!r}")
        return list(dict.fromkeys(ids))

    @model_validator(mode="after")
    def _kind_rules(self) -> ItemBase:
        zone = self.timezone
        allowed = set(fields_of(self.kind))
        for name in ("published", "start", "end", "opens", "closes", "place", "organiser", "source", "funder",
                     "budget_eur"):
            if getattr(self, name) is not None and name not in allowed:
                raise ValueError(f"field {name!r}: not a field of {ARTICLES[self.kind]}; its fields: "
                                 f"{', '.join(fields_of(self.kind))}")
        required = {"news": ("published",), "event": ("start", "place"), "call": ("closes",)}[self.kind]
        for name in required:
            if getattr(self, name) is None:
                raise ValueError(f"field {name!r}: required for {ARTICLES[self.kind]}")
        for name in DATE_FIELDS:
            value = getattr(self, name)
            if value is not None:
                try:
                    setattr(self, name, parse_instant(value, zone, end_of_day=name in ("end", "closes")))
                except ValueError as exc:
                    raise ValueError(f"field {name!r}: {exc}") from None
        if self.kind == "event" and self.end is None:
            self.end = self.start + timedelta(hours=1)
        for first, last in (("start", "end"), ("opens", "closes")):
            if getattr(self, first) is not None and getattr(self, last) is not None \
                    and getattr(self, first) > getattr(self, last):
                raise ValueError(f"field {last!r}: must not be before {first!r}")
        if self.id is None:
            self.id = derive_id(self.title, self.organiser or self.funder or self.source or self.kind,
                                self.kind)
        return self

    def record(self) -> dict[str, Any]:
        """The record in interchange form: its kind's fields only, unknowns left out."""
        return record_form(self.model_dump(), self.kind)

    def columns(self) -> dict[str, Any]:
        """The values to store, by column name."""
        values = {COLUMNS.get(name, name): getattr(self, name) for name in ALL_FIELDS if name != "source"}
        if self.kind == "news":  # a news item's source is stored where an event keeps its organiser
            values["organiser"] = self.source
        return values


def record_form(values: dict[str, Any], kind: str) -> dict[str, Any]:
    zone = zoneinfo.ZoneInfo(values.get("timezone") or "UTC")
    record: dict[str, Any] = {}
    for name in fields_of(kind):
        value = values.get(name)
        if value in (None, []) or (name == "timezone" and kind == "news"):
            continue
        if isinstance(value, datetime):
            value = _aware(value).astimezone(zone).isoformat()
        elif isinstance(value, float) and value.is_integer():
            value = int(value)
        record[name] = value
    return record


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)  # SQLite returns naive UTC


def record_of(item: Item) -> dict[str, Any]:
    values: dict[str, Any] = {name: getattr(item, COLUMNS.get(name, name), None) for name in ALL_FIELDS}
    values["source"] = item.organiser if item.kind == "news" else None
    return record_form(values, item.kind)


def validate_item(raw: dict[str, Any], *, kind: str | None = None) -> ItemBase:
    """Validate one record; `kind` (a flag or a route) fills in a record without its own kind."""
    data = dict(raw)
    if kind and not data.get("kind"):
        data["kind"] = kind
    return ItemBase.model_validate(data)


def problems_of(exc: ValidationError) -> list[dict[str, str]]:
    """Like practices' validation_problems; a rule across fields names its field in the message."""
    problems = []
    for problem in validation_problems(exc):
        field, message = problem.field, problem.message
        if not field and message.startswith("field '"):
            field, _, message = message[len("field '"):].partition("': ")
        problems.append({"field": field or "", "message": message})
    return problems
