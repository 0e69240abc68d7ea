"""The query parameters of a search as published in OpenAPI, and the answer's shape.

``SearchParams`` documents each parameter with its type, bounds and repeatability; the app fills in the
allowed values of each facet from the taxonomy when it builds the schema (``x-facet``). The route still
reads the raw pairs with ``parse_query``, which enforces everything written here and answers a bad value
with the one 400 error shape; it also takes what a schema cannot say: a facet may be comma-separated or
given by its label, and unknown parameters (tracking tags on a shared link) are ignored.

To add a parameter, add a field here and read it in ``parse_query``, which ignores names not listed here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, create_model

from service.practices.schemas import PracticeBase
from service.search.documents import HIT_FIELDS
from service.search.query import MAX_PAGE, MAX_PER_PAGE, MAX_QUERY_CHARS, MAX_VALUES_PER_FACET, SORTS
from service.taxonomy import FACET_FIELDS


def _schema(**published: Any) -> Callable[[dict[str, Any]], None]:
    """Publish ``published`` as the parameter's schema, in place of the plain text the route reads."""

    def update(schema: dict[str, Any]) -> None:
        schema.pop("default", None)
        schema.update(published)

    return update


def _facet(name: str, description: str) -> Any:
    return Field(default=[], description=f"{description}; repeatable, OR-ed (a label or `a,b` is accepted too)",
                 json_schema_extra=_schema(type="array", items={"type": "string"}, maxItems=MAX_VALUES_PER_FACET,
                                           **{"x-facet": name}))


def _amount(description: str) -> Any:
    return Field(default="", description=f"{description}; inclusive; a practice without the figure is outside",
                 json_schema_extra=_schema(type="number", minimum=0))


class SearchParams(BaseModel):
    model_config = ConfigDict(extra="ignore")

    q: str = Field(default="", description="free text: typo-tolerant, the last word also as a prefix",
                   json_schema_extra=_schema(type="string", maxLength=MAX_QUERY_CHARS))
    sector: list[str] = _facet("sector", "sector slugs")
    impact: list[str] = _facet("impact", "impact slugs")
    key_area: list[str] = _facet("key_area", "key area slugs")
    country: list[str] = _facet("country", "ISO 3166-1 alpha-2 codes")
    company_size: list[str] = _facet("company_size", "company sizes")
    investment_band: list[str] = _facet("investment_band", "investment bands")
    payback_band: list[str] = _facet("payback_band", "payback bands")
    investment_min: str = _amount("investment from, in euro")
    investment_max: str = _amount("investment up to, in euro (not below investment_min)")
    payback_min: str = _amount("payback time from, in years")
    payback_max: str = _amount("payback time up to, in years (not below payback_min)")
    savings_min: str = _amount("annual savings from, in euro")
    sort: str = Field(default="relevance", description="the order of the hits",
                      json_schema_extra=_schema(type="string", enum=list(SORTS), default="relevance"))
    page: str = Field(default="1", description="1-based",
                      json_schema_extra=_schema(type="integer", minimum=1, maximum=MAX_PAGE, default=1))
    per_page: str = Field(default="20", description="hits per page",
                          json_schema_extra=_schema(type="integer", minimum=1, maximum=MAX_PER_PAGE, default=20))


assert set(FACET_FIELDS) <= set(SearchParams.model_fields)


class FacetValue(BaseModel):
    value: str
    label: str
    count: int = Field(ge=0)
    selected: bool


class Highlight(BaseModel):
    """HTML-escaped text with the matches in <mark>; the description is an excerpt, or empty."""

    title: str
    summary: str
    description: str


# A hit: the record's main fields (typed as in the record schema), its bands and the highlighted texts.
Hit = create_model(  # type: ignore[call-overload]
    "Hit", __config__=ConfigDict(extra="allow"), highlight=(Highlight, ...),
    investment_band=(str | None, None), payback_band=(str | None, None),
    **{name: (PracticeBase.model_fields[name].annotation, ...) for name in HIT_FIELDS
       if name in PracticeBase.model_fields})


class SearchAnswer(BaseModel):
    """A page of hits and the facet counts (each facet's counts apply every filter but its own)."""

    model_config = ConfigDict(extra="allow")

    total: int = Field(ge=0)
    total_is_exact: bool
    page: int = Field(ge=1)
    per_page: int = Field(ge=1)
    pages: int = Field(ge=0)
    took_ms: float
    backend: str
    hits: list[Hit]  # type: ignore[valid-type]
    facets: dict[str, list[FacetValue]]
