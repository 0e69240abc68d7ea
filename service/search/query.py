"""SearchQuery and SearchResult: what every backend answers, and how URL parameters become a query."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from service.errors import BadRequest
from service.practices.schemas import CONTROL_RE, clip
from service.taxonomy import FACET_FIELDS, Taxonomy

SORTS = ("relevance", "payback", "investment", "savings", "newest", "recent")
SortName = Literal["relevance", "payback", "investment", "savings", "newest", "recent"]
RANGE_PARAMS = ("investment_min", "investment_max", "payback_min", "payback_max", "savings_min")
MAX_QUERY_CHARS = 1000
MAX_PER_PAGE = 100
MAX_PAGE = 10_000
MAX_VALUES_PER_FACET = 300
_DIGITS = re.compile(r"^[0-9]{1,9}$")
_LANG = re.compile(r"^([A-Za-z]{2})(?:[-_][A-Za-z]{2})?$")
_BOOLEANS = {"true": True, "1": True, "yes": True, "on": True, "false": False, "0": False, "no": False, "off": False}


@dataclass(frozen=True)
class SearchQuery:
    q: str = ""
    filters: dict[str, tuple[str, ...]] = field(default_factory=dict)  # facet -> slugs, OR-ed
    investment_min: float | None = None
    investment_max: float | None = None
    payback_min: float | None = None
    payback_max: float | None = None
    savings_min: float | None = None
    sort: SortName = "relevance"
    page: int = 1
    per_page: int = 20
    understand: bool = True  # read budgets, payback, countries and sizes typed in words as filters
    # The query's language when the user or the page says it (else detected). Not repeated by to_params:
    # `lang` is also the pages' language, which the pages carry in their links themselves.
    lang: str | None = None
    # Filters the page read from the words typed (after its redirect they are plain parameters); only
    # their chips' labels use it ("— from your words").
    from_words: tuple[str, ...] = ()
    # Internal, never a URL parameter: "more like this" searches (similar practices, duplicate checks) rank
    # practices sharing any of the words instead of counting those that match them all.
    match_any: bool = False

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page

    def to_params(self) -> list[tuple[str, str]]:
        """The canonical query-string form, so that a result page has one stable URL."""
        params: list[tuple[str, str]] = []
        if self.q:
            params.append(("q", self.q))
        for name in FACET_FIELDS:
            params.extend((name, value) for value in self.filters.get(name, ()))
        for name in RANGE_PARAMS:
            value = getattr(self, name)
            if value is not None:
                params.append((name, f"{value:.15g}"))  # no exponents in shared URLs
        if self.sort != "relevance":
            params.append(("sort", self.sort))
        if self.page != 1:
            params.append(("page", str(self.page)))
        if self.per_page != 20:
            params.append(("per_page", str(self.per_page)))
        if not self.understand:
            params.append(("understand", "false"))
        if self.from_words:
            params.append(("from_words", ",".join(self.from_words)))
        return params


@dataclass
class FacetCount:
    value: str
    label: str
    count: int
    selected: bool

    def as_dict(self) -> dict[str, Any]:
        return {"value": self.value, "label": self.label, "count": self.count, "selected": self.selected}


@dataclass
class SearchResult:
    total: int
    page: int
    per_page: int
    hits: list[dict[str, Any]]
    facets: dict[str, list[FacetCount]]
    took_ms: float = 0.0
    # False only for a Meilisearch index built before totals came from a facet count, at its 10,000 cap.
    total_is_exact: bool = True
    backend: str = ""
    # How the query was read (service.search.analysis): language, concepts, understood filters, dropped
    # words, suggestions. None for a search without words or filters read from them.
    understood: dict[str, Any] | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "total_is_exact": self.total_is_exact,
            "page": self.page,
            "per_page": self.per_page,
            "pages": math.ceil(self.total / self.per_page) if self.per_page else 0,
            "took_ms": round(self.took_ms, 2),
            "backend": self.backend,
            "hits": self.hits,
            "facets": {name: [v.as_dict() for v in values] for name, values in self.facets.items()},
            "understood": self.understood,
        }


def parse_query(params: Iterable[tuple[str, str]], taxonomy: Taxonomy) -> SearchQuery:
    """Validate query-string pairs (repeatable keys kept in order) into a SearchQuery.

    Unknown filter values are a 400 naming the allowed values; unknown parameter names are ignored,
    so that tracking parameters on a shared link do not break it.
    """
    from service.search.params import SearchParams  # the published parameters are the known ones

    known = SearchParams.model_fields
    multi: dict[str, list[str]] = {}
    for key, value in params:
        if key in known:
            multi.setdefault(key, []).append(value)

    # Characters XML forbids are dropped: the query is echoed into pages and Atom feeds.
    q = CONTROL_RE.sub("", " ".join(multi.get("q", [])))
    if len(q) > MAX_QUERY_CHARS:
        raise BadRequest(f"q: at most {MAX_QUERY_CHARS} characters, got {len(q)}",
                         details=[{"field": "q", "message": f"at most {MAX_QUERY_CHARS} characters"}])

    filters: dict[str, tuple[str, ...]] = {}
    for name in FACET_FIELDS:
        raw_values = multi.get(name, [])
        if len(raw_values) > MAX_VALUES_PER_FACET:
            raise BadRequest(f"{name}: at most {MAX_VALUES_PER_FACET} values")
        facet = taxonomy.facet(name)
        slugs: list[str] = []
        for raw in raw_values:
            for part in raw.split(","):  # "sector=a,b" is accepted as well as repeated parameters
                if not part.strip():
                    continue
                slug = facet.normalise(part)
                if slug is None:
                    allowed = list(facet.values)
                    raise BadRequest(
                        f"{name}: unknown value {clip(part)!r}; allowed: {', '.join(allowed)}",
                        details=[{"field": name, "message": f"unknown value {clip(part)!r}",
                                  "allowed": allowed}])
                if slug not in slugs:
                    slugs.append(slug)
        if slugs:
            filters[name] = tuple(slugs)

    numbers = {name: _number(name, multi.get(name)) for name in RANGE_PARAMS}
    for low, high in (("investment_min", "investment_max"), ("payback_min", "payback_max")):
        low_value, high_value = numbers[low], numbers[high]
        if low_value is not None and high_value is not None and low_value > high_value:
            raise BadRequest(f"{low} ({low_value:g}) is greater than {high} ({high_value:g})")

    sort = (multi.get("sort") or ["relevance"])[-1].strip() or "relevance"
    if sort not in SORTS:
        raise BadRequest(f"sort: unknown value {clip(sort)!r}; allowed: {', '.join(SORTS)}",
                         details=[{"field": "sort", "message": "unknown value", "allowed": list(SORTS)}])
    page = _integer("page", multi.get("page"), 1, 1, MAX_PAGE)
    per_page = _integer("per_page", multi.get("per_page"), 20, 1, MAX_PER_PAGE)
    understand = _boolean("understand", multi.get("understand"), default=True)
    lang = _language(multi.get("lang"))
    # Only a label: unknown names are ignored rather than refused.
    from_words = tuple(dict.fromkeys(name for raw in multi.get("from_words", []) for name in raw.split(",")
                                     if name in FACET_FIELDS or name in RANGE_PARAMS))
    return SearchQuery(q=q, filters=filters, sort=sort, page=page, per_page=per_page,  # type: ignore[arg-type]
                       understand=understand, lang=lang, from_words=from_words, **numbers)  # type: ignore[arg-type]


def _boolean(name: str, values: list[str] | None, *, default: bool) -> bool:
    if not values or not values[-1].strip():
        return default
    raw = values[-1].strip().lower()
    if raw not in _BOOLEANS:
        raise BadRequest(f"{name}: expected true or false, got {clip(raw)!r}",
                         details=[{"field": name, "message": "expected true or false"}])
    return _BOOLEANS[raw]


def _language(values: list[str] | None) -> str | None:
    """A language code ("de", "de-AT" -> "de"): a hint to the query's language detection. Anything else is
    ignored rather than refused, as the pages ignore a language they do not have."""
    match = _LANG.match(values[-1].strip()) if values else None
    return match.group(1).lower() if match else None


def _number(name: str, values: list[str] | None) -> float | None:
    if not values or not values[-1].strip():
        return None
    raw = values[-1].strip()
    try:
        value = float(raw)
    except ValueError:
        raise BadRequest(f"{name}: expected a number ≥ 0, got {clip(raw)!r}",
                         details=[{"field": name, "message": "expected a number ≥ 0"}]) from None
    if not math.isfinite(value) or value < 0:
        raise BadRequest(f"{name}: expected a number ≥ 0, got {clip(raw)!r}",
                         details=[{"field": name, "message": "expected a number ≥ 0"}])
    return value


def _integer(name: str, values: list[str] | None, default: int, low: int, high: int) -> int:
    if not values or not values[-1].strip():
        return default
    raw = values[-1].strip()
    if not _DIGITS.match(raw) or not low <= int(raw) <= high:
        raise BadRequest(f"{name}: expected a whole number from {low} to {high}, got {clip(raw)!r}",
                         details=[{"field": name, "message": f"expected a whole number from {low} to {high}"}])
    return int(raw)
