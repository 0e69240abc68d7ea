"""Every request body the Meilisearch backend sends, checked against the API of the pinned release.

The facts below are read from Meilisearch's published OpenAPI description of the release pinned in
docker-compose.yml, which is generated from the server's request types (crates/meilisearch-types
settings.rs `Settings`, `TypoSettings`, `FacetingSettings`, `PaginationSettings`; crates/meilisearch
search `SearchQueryWithIndex`; the index, documents and swap routes). Those types reject unknown
fields (`deny_unknown_fields`), so a misspelt or retired parameter is a 400 on the real server and a
silent pass on a mock: this test is what catches it here. The facts are written out as a small schema
language of our own, only as far as this backend uses the API.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml

from service.search.query import SearchQuery
from tests.service.search.test_meili_http import FakeMeili, doc, fake, make_backend, search_response

__all__ = ["fake"]

PINNED = "v1.54.3"  # the release these facts describe; docker-compose.yml must pin the same
COMPOSE = Path(__file__).resolve().parents[3] / "docker-compose.yml"


# --- a small schema language -------------------------------------------------------------------


class Schema:
    def check(self, value: Any, where: str) -> list[str]:
        raise NotImplementedError


@dataclass
class Str(Schema):
    pattern: str | None = None
    enum: tuple[str, ...] = ()

    def check(self, value: Any, where: str) -> list[str]:
        if not isinstance(value, str):
            return [f"{where}: expected a string, got {value!r}"]
        if self.pattern and not re.fullmatch(self.pattern, value):
            return [f"{where}: {value!r} does not match {self.pattern}"]
        if self.enum and value not in self.enum:
            return [f"{where}: {value!r} is not one of {self.enum}"]
        return []


@dataclass
class Int(Schema):
    minimum: int = 0
    maximum: int | None = None

    def check(self, value: Any, where: str) -> list[str]:
        if not isinstance(value, int) or isinstance(value, bool):
            return [f"{where}: expected an integer, got {value!r}"]
        if value < self.minimum or (self.maximum is not None and value > self.maximum):
            return [f"{where}: {value} outside [{self.minimum}, {self.maximum}]"]
        return []


class Bool(Schema):
    def check(self, value: Any, where: str) -> list[str]:
        return [] if isinstance(value, bool) else [f"{where}: expected a boolean, got {value!r}"]


class Scalar(Schema):
    """A JSON value a document field may hold: string, number, boolean, or a list of them."""

    def check(self, value: Any, where: str) -> list[str]:
        if isinstance(value, list):
            return [e for i, v in enumerate(value) for e in self.check(v, f"{where}[{i}]")]
        if value is None:
            return [f"{where}: null is never sent (unknown values are left out)"]
        return [] if isinstance(value, str | int | float | bool) else [f"{where}: unexpected {value!r}"]


@dataclass
class Arr(Schema):
    item: Schema
    min_items: int = 0
    max_items: int | None = None

    def check(self, value: Any, where: str) -> list[str]:
        if not isinstance(value, list):
            return [f"{where}: expected an array, got {value!r}"]
        if len(value) < self.min_items or (self.max_items is not None and len(value) > self.max_items):
            return [f"{where}: {len(value)} items, expected {self.min_items}..{self.max_items}"]
        return [e for i, v in enumerate(value) for e in self.item.check(v, f"{where}[{i}]")]


@dataclass
class Map(Schema):
    value: Schema
    key: Str = field(default_factory=Str)

    def check(self, value: Any, where: str) -> list[str]:
        if not isinstance(value, dict):
            return [f"{where}: expected an object, got {value!r}"]
        return [e for k, v in value.items() for e in (*self.key.check(k, f"{where} key"),
                                                       *self.value.check(v, f"{where}.{k}"))]


@dataclass
class Obj(Schema):
    """An object whose type rejects unknown fields (`deny_unknown_fields`)."""

    fields: dict[str, Schema]
    required: tuple[str, ...] = ()

    def check(self, value: Any, where: str) -> list[str]:
        if not isinstance(value, dict):
            return [f"{where}: expected an object, got {value!r}"]
        errors = [f"{where}: unknown field {k!r} (the server answers 400)" for k in value if k not in self.fields]
        errors += [f"{where}: missing required field {k!r}" for k in self.required if k not in value]
        for name, item in value.items():
            if name in self.fields:
                errors += self.fields[name].check(item, f"{where}.{name}")
        return errors


class Null(Schema):
    """`null`, which an `Option<...>` field reads as absent."""

    def check(self, value: Any, where: str) -> list[str]:
        return [] if value is None else [f"{where}: expected null, got {value!r}"]


@dataclass
class AnyOf(Schema):
    options: tuple[Schema, ...]

    def check(self, value: Any, where: str) -> list[str]:
        results = [option.check(value, where) for option in self.options]
        return [] if any(not r for r in results) else results[0]


# --- the facts of the pinned release, as far as this backend uses them ----------------------------

INDEX_UID = Str(pattern=r"[A-Za-z0-9_-]{1,400}")
ATTRIBUTE = Str(pattern=r"[^\s]+")
RANKING_RULE = AnyOf((Str(enum=("words", "typo", "proximity", "attribute", "sort", "exactness", "attributeRank",
                                "wordPosition")),
                      Str(pattern=r"[^\s:]+:(asc|desc)")))
SORT_CLAUSE = Str(pattern=r"[A-Za-z0-9_.]+:(asc|desc)")
FILTER = AnyOf((Str(), Arr(AnyOf((Str(), Arr(Str()))))))

SETTINGS = Obj({
    "displayedAttributes": Arr(ATTRIBUTE), "searchableAttributes": Arr(ATTRIBUTE),
    "filterableAttributes": Arr(AnyOf((ATTRIBUTE, Obj({"attributePatterns": Arr(Str()), "features": Map(Str())})))),
    "sortableAttributes": Arr(ATTRIBUTE), "foreignKeys": Arr(Obj({"foreignIndexUid": INDEX_UID, "fieldName": Str()})),
    "rankingRules": Arr(RANKING_RULE), "stopWords": Arr(Str()), "nonSeparatorTokens": Arr(Str()),
    "separatorTokens": Arr(Str()), "dictionary": Arr(Str()), "synonyms": Map(Arr(Str())),
    "distinctAttribute": ATTRIBUTE, "proximityPrecision": Str(enum=("byWord", "byAttribute")),
    "typoTolerance": Obj({"enabled": Bool(),
                          "minWordSizeForTypos": Obj({"oneTypo": Int(0, 255), "twoTypos": Int(0, 255)}),
                          "disableOnWords": Arr(Str()), "disableOnAttributes": Arr(ATTRIBUTE),
                          "disableOnNumbers": Bool()}),
    "faceting": Obj({"maxValuesPerFacet": Int(0), "sortFacetValuesBy": Map(Str(enum=("alpha", "count")))}),
    "pagination": Obj({"maxTotalHits": Int(1)}),  # NonZeroUsize
    "embedders": Map(Obj({})), "searchCutoffMs": Int(0), "localizedAttributes": Arr(Obj({})),
    "facetSearch": Bool(), "prefixSearch": Str(enum=("indexingTime", "disabled")), "chat": Obj({}),
    "vectorStore": Str(),
})

SEARCH_QUERY_WITH_INDEX = Obj({
    "indexUid": INDEX_UID, "q": Str(), "offset": Int(0), "limit": Int(0), "page": Int(0), "hitsPerPage": Int(0),
    "attributesToRetrieve": Arr(ATTRIBUTE), "attributesToCrop": Arr(Str(pattern=r"[^\s:]+(:\d+)?")),
    "cropLength": Int(0), "cropMarker": Str(), "attributesToHighlight": Arr(ATTRIBUTE),
    "highlightPreTag": Str(), "highlightPostTag": Str(), "showMatchesPosition": Bool(), "filter": FILTER,
    "sort": Arr(SORT_CLAUSE), "distinct": ATTRIBUTE, "facets": Arr(ATTRIBUTE),
    "matchingStrategy": Str(enum=("last", "all", "frequency")), "attributesToSearchOn": Arr(ATTRIBUTE),
    "rankingScoreThreshold": AnyOf((Int(0, 1), Str())), "locales": Arr(Str()), "hybrid": Obj({}),
    "vector": Arr(Int()), "retrieveVectors": Bool(), "media": Obj({}), "useNetwork": Bool(),
    "showRankingScore": Bool(), "showRankingScoreDetails": Bool(), "showPerformanceDetails": Bool(),
    "federationOptions": Obj({}),
}, required=("indexUid",))

BODIES: dict[tuple[str, str], Schema] = {
    ("POST", r"/indexes"): Obj({"uid": INDEX_UID, "primaryKey": ATTRIBUTE}, required=("uid",)),
    ("PATCH", r"/indexes/[^/]+/settings"): SETTINGS,
    ("POST", r"/indexes/[^/]+/documents"): Arr(Map(Scalar(), key=Str(pattern=r"[^_].*")), min_items=1),
    ("POST", r"/indexes/[^/]+/documents/delete"): Obj({"filter": FILTER}, required=("filter",)),
    ("POST", r"/swap-indexes"): Arr(Obj({"indexes": Arr(INDEX_UID, 2, 2), "rename": Bool()}, required=("indexes",))),
    ("POST", r"/multi-search"): Obj({"queries": Arr(SEARCH_QUERY_WITH_INDEX), "federation": AnyOf((Null(), Obj({})))},
                                    required=("queries",)),
}
QUERY_PARAMETERS = {r"/indexes/[^/]+/documents": {"primaryKey": ATTRIBUTE}}
DOCUMENT_ID = Str(pattern=r"[A-Za-z0-9_-]{1,511}")


def problems(method: str, path_url: str, body: Any) -> list[str]:
    path, _, query = path_url.partition("?")
    for (m, pattern), schema in BODIES.items():
        if m == method and re.fullmatch(pattern, path):
            errors = schema.check(body, f"{method} {path}")
            allowed = next((p for r, p in QUERY_PARAMETERS.items() if re.fullmatch(r, path)), {})
            for pair in filter(None, query.split("&")):
                name, _, value = pair.partition("=")
                errors += [f"{path}: unknown query parameter {name!r}"] if name not in allowed else \
                    allowed[name].check(value, f"{path}?{name}")
            if pattern == r"/indexes/[^/]+/documents":
                errors += [e for d in body for e in DOCUMENT_ID.check(d.get("id"), f"{path} document id")]
            return errors
    return [] if body is None else [f"{method} {path}: a body this test has no facts for"]


def test_the_facts_describe_the_pinned_release() -> None:
    compose = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))
    assert compose["services"]["meilisearch"]["image"] == f"getmeili/meilisearch:{PINNED}"


def test_the_checker_rejects_what_the_server_rejects() -> None:
    assert problems("PATCH", "/indexes/p/settings", {"typoTolerance": {"disableOnNumber": True}})
    assert problems("PATCH", "/indexes/p/settings", {"pagination": {"maxTotalHits": 0}})
    assert problems("POST", "/multi-search", {"queries": [{"indexUid": "p", "hitsPerPage": -1}]})
    assert problems("POST", "/multi-search", {"queries": [{"q": "x"}]})
    assert problems("POST", "/indexes/p/documents?primaryKey=id", [{"id": "a.b", "title": "x"}])
    assert problems("POST", "/swap-indexes", [{"indexes": ["a"]}])
    assert not problems("POST", "/swap-indexes", [{"indexes": ["a", "b"]}])


def exercise(fake: FakeMeili) -> None:
    """Every kind of request the backend makes: rebuild, upsert, delete, searches of every shape."""
    main = search_response([], 3, {"listed": {"yes": 3}})
    fake.on("POST", r"/multi-search", lambda body: (200, {"results": [main] * len(body["queries"])}))
    backend = make_backend()
    backend.rebuild([doc("a", investment_eur=1000.0, year=2020, technologies=["heat pump"]), doc("b")])
    backend.upsert([doc("c", region="Łódzkie", description="Waste heat.\n\nRecovered.")])
    backend.delete(["a", "b"])
    for query in (SearchQuery(), SearchQuery(q="ground source heat pump", sort="payback"),
                  SearchQuery(q='heat "pump -gas', filters={"sector": ("metals",), "country": ("DE", 'X" OR 1')},
                              investment_min=0.5, payback_max=3, savings_min=10, page=3, per_page=100),
                  SearchQuery(q="chp ", sort="newest", filters={"key_area": ("buildings",)})):
        backend.search(query)
    backend.count()
    backend.health()


def test_every_request_body_fits_the_pinned_api(fake: FakeMeili) -> None:
    exercise(fake)
    sent = [(m, p) for m, p, _ in fake.calls]
    for method, path in (("POST", "/indexes"), ("PATCH", "settings"), ("POST", "/documents?"),
                         ("POST", "/documents/delete"), ("POST", "/swap-indexes"), ("POST", "/multi-search")):
        assert any(m == method and path in p for m, p in sent), f"no {method} {path} was exercised"
    errors = [e for method, path_url, body in fake.calls for e in problems(method, path_url, body)]
    assert errors == []


@pytest.mark.parametrize("q", ["", "a", "x" * 1000, "one two three four five six seven eight nine ten eleven"])
def test_search_bodies_fit_for_any_query_text(fake: FakeMeili, q: str) -> None:
    empty = search_response([], 0, {})
    fake.on("POST", r"/multi-search", lambda body: (200, {"results": [empty] * len(body["queries"])}))
    make_backend().search(SearchQuery(q=q, filters={"impact": ("energy-efficiency",)}))
    assert [e for m, p, b in fake.calls for e in problems(m, p, b)] == []
