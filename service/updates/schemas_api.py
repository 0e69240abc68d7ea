"""Response models of the items' JSON API (declared, so that OpenAPI documents them)."""

from __future__ import annotations

from pydantic import BaseModel, Field


class ItemRead(BaseModel):
    """One item in record form: dates are ISO 8601 in the item's time zone, with the offset."""

    id: str
    kind: str = Field(description="news, event or call")
    title: str
    summary: str
    body: str | None = None
    published: str | None = Field(None, description="news: when it was published")
    source: str | None = Field(None, description="news: who published it")
    start: str | None = Field(None, description="events: start")
    end: str | None = Field(None, description="events: end")
    opens: str | None = Field(None, description="calls: opening date")
    closes: str | None = Field(None, description="calls: closing date (the deadline)")
    timezone: str | None = Field(None, description="IANA time zone the dates are meant in")
    place: str | None = Field(None, description="events: place, or 'online'")
    organiser: str | None = None
    funder: str | None = Field(None, description="calls: funder or programme")
    budget_eur: float | None = Field(None, description="calls: total budget, when known")
    url: str | None = Field(None, description="source, registration or call link")
    sectors: list[str] = []
    impacts: list[str] = []
    countries: list[str] = Field([], description="calls: eligible countries; empty: not tied to a country")
    language: str = "en"
    practices: list[str] = Field([], description="ids of related practices")


class FacetValue(BaseModel):
    value: str
    label: str
    count: int
    selected: bool


class ItemList(BaseModel):
    total: int
    page: int
    per_page: int
    pages: int
    took_ms: float
    backend: str
    hits: list[ItemRead]
    facets: dict[str, list[FacetValue]]
