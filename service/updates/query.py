"""ItemQuery: a list's URL parameters, validated; and the time segments a list is ordered by.

A list shows its items in segments, one after the other: /events shows upcoming ones (soonest first), and
with show=all the past ones after them (latest first). Each backend answers a segment with its own
filters and sorts; page_over_segments turns a page of the whole list into pages of segments.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from service.errors import BadRequest
from service.practices.schemas import clip
from service.search.query import MAX_PAGE, MAX_PER_PAGE, MAX_QUERY_CHARS, MAX_VALUES_PER_FACET, _integer
from service.taxonomy import Taxonomy
from service.updates.kinds import INFO, Kind

# Facet parameter -> document field. Languages are free ISO codes, not a taxonomy facet.
FACETS = {"sector": "sectors", "impact": "impacts", "country": "countries", "language": "language"}
TAXONOMY_FACETS = ("sector", "impact", "country")
SORTS = ("date", "relevance")
KNOWN_PARAMS = {"q", "show", "sort", "page", "per_page", *FACETS}

# A condition on a document's Unix-seconds field: (field, operator, value); a segment's are AND-ed.
Condition = tuple[str, str, int]


@dataclass(frozen=True)
class Segment:
    conditions: tuple[Condition, ...]
    sort_field: str
    descending: bool


@dataclass(frozen=True)
class ItemQuery:
    kind: Kind
    q: str = ""
    filters: dict[str, tuple[str, ...]] = field(default_factory=dict)
    show: str = ""
    sort: str = "date"
    page: int = 1
    per_page: int = 20
    now: int = 0  # Unix seconds: what "upcoming" and "open" are measured against

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page

    def to_params(self, **changes: Any) -> list[tuple[str, str]]:
        """The canonical query string; keyword arguments replace single values (page=2, show="all")."""
        values = {"q": self.q, "show": self.show if self.show != INFO[self.kind].shows[0] else "",
                  "sort": self.sort if self.sort != "date" else "", "page": str(self.page) if self.page != 1 else "",
                  "per_page": str(self.per_page) if self.per_page != 20 else ""}
        values.update({k: str(v) for k, v in changes.items()})
        defaults = {"show": INFO[self.kind].shows[0], "sort": "date", "page": "1", "per_page": "20"}
        values = {k: "" if defaults.get(k) == v else v for k, v in values.items()}
        params = [("q", values["q"])] if values["q"] else []
        for name in FACETS:
            params.extend((name, v) for v in self.filters.get(name, ()))
        params.extend((k, values[k]) for k in ("show", "sort", "page", "per_page") if values[k])
        return params

    def segments(self) -> list[Segment]:
        now = self.now
        upcoming = Segment((("end_ts", ">=", now),), "start_ts", False)
        past = Segment((("end_ts", "<", now),), "start_ts", True)
        open_now = Segment((("opens_ts", "<=", now), ("closes_ts", ">=", now)), "closes_ts", False)
        forthcoming = Segment((("opens_ts", ">", now),), "opens_ts", False)
        closed = Segment((("closes_ts", "<", now),), "closes_ts", True)
        by_show = {
            ("news", "all"): [Segment((), "published_ts", True)],
            ("event", "upcoming"): [upcoming], ("event", "past"): [past], ("event", "all"): [upcoming, past],
            ("call", "open"): [open_now, forthcoming], ("call", "closed"): [closed],
            ("call", "all"): [open_now, forthcoming, closed],
        }
        return by_show[(self.kind, self.show)]


def parse_item_query(kind: Kind, params: Iterable[tuple[str, str]], taxonomy: Taxonomy,
                     now: datetime | None = None) -> ItemQuery:
    """Validate query-string pairs; unknown filter values are a 400 naming the allowed ones."""
    multi: dict[str, list[str]] = {}
    for key, value in params:
        if key in KNOWN_PARAMS:
            multi.setdefault(key, []).append(value)
    q = " ".join(multi.get("q", [])).strip()
    if len(q) > MAX_QUERY_CHARS:
        raise BadRequest(f"q: at most {MAX_QUERY_CHARS} characters, got {len(q)}",
                         details=[{"field": "q", "message": f"at most {MAX_QUERY_CHARS} characters"}])
    filters: dict[str, tuple[str, ...]] = {}
    for name in FACETS:
        raw_values = [part for raw in multi.get(name, []) for part in raw.split(",") if part.strip()]
        if len(raw_values) > MAX_VALUES_PER_FACET:
            raise BadRequest(f"{name}: at most {MAX_VALUES_PER_FACET} values")
        slugs: list[str] = []
        for raw in raw_values:
            slug = _facet_value(taxonomy, name, raw)
            if slug not in slugs:
                slugs.append(slug)
        if slugs:
            filters[name] = tuple(slugs)
    shows = INFO[kind].shows
    show = _choice("show", multi.get("show"), shows)
    sort = _choice("sort", multi.get("sort"), SORTS)
    page = _integer("page", multi.get("page"), 1, 1, MAX_PAGE)
    per_page = _integer("per_page", multi.get("per_page"), 20, 1, MAX_PER_PAGE)
    moment = now or datetime.now(UTC)
    return ItemQuery(kind=kind, q=q, filters=filters, show=show, sort=sort, page=page, per_page=per_page,
                     now=int(moment.timestamp()))


def _facet_value(taxonomy: Taxonomy, name: str, raw: str) -> str:
    if name == "language":
        text = raw.strip().lower()
        if len(text) == 2 and text.isascii() and text.isalpha():
            return text
        raise BadRequest(f"language: expected an ISO 639-1 code such as en, got {clip(raw)!r}",
                         details=[{"field": "language", "message": "expected an ISO 639-1 code"}])
    facet = taxonomy.facet(name)
    slug = facet.normalise(raw)
    if slug is None:
        allowed = list(facet.values)
        raise BadRequest(f"{name}: unknown value {clip(raw)!r}; allowed: {', '.join(allowed)}",
                         details=[{"field": name, "message": f"unknown value {clip(raw)!r}", "allowed": allowed}])
    return slug


def _choice(name: str, values: list[str] | None, allowed: tuple[str, ...]) -> str:
    raw = (values or [""])[-1].strip() or allowed[0]
    if raw not in allowed:
        raise BadRequest(f"{name}: unknown value {clip(raw)!r}; allowed: {', '.join(allowed)}",
                         details=[{"field": name, "message": "unknown value", "allowed": list(allowed)}])
    return raw


def page_over_segments(query: ItemQuery, totals: list[int],
                       fetch: Callable[[int, int, int], list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """The hits of query's page across segments: fetch(segment index, offset, limit) reads one segment."""
    hits: list[dict[str, Any]] = []
    start, wanted = query.offset, query.per_page
    for index, total in enumerate(totals):
        if wanted <= 0:
            break
        if start >= total:
            start -= total
            continue
        part = fetch(index, start, min(wanted, total - start))
        hits.extend(part)
        wanted -= len(part)
        start = 0
    return hits


def matches(doc: dict[str, Any], condition: Condition) -> bool:
    name, op, value = condition
    field_value = doc.get(name)
    if field_value is None:
        return name == "opens_ts" and op == "<="  # a call without an opening date is open until it closes
    return {">=": field_value >= value, "<": field_value < value, "<=": field_value <= value,
            ">": field_value > value}[op]
