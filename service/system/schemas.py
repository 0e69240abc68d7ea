"""Answers of /api/health and /api/taxonomy, as published in OpenAPI."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, RootModel


class PartHealth(BaseModel):
    """One part of the service: the store or the search backend (which adds its own figures)."""

    model_config = ConfigDict(extra="allow")

    ok: bool


class Health(BaseModel):
    ok: bool = Field(description="false (and the status 503) when the store cannot be reached, the search "
                                 "backend or its index is not ok, the outbox is backed up or the data disk is "
                                 "read-only or nearly full")
    store: PartHealth
    search: PartHealth
    disk: PartHealth
    outbox_pending: int | None = Field(ge=0, description="changes not yet pushed to the search index "
                                                         "(null when the store cannot be reached)")


class TaxonomyValue(BaseModel):
    value: str = Field(description="the slug, as records and search parameters take it")
    label: str


class TaxonomyAnswer(RootModel[dict[str, list[TaxonomyValue]]]):
    """Every facet (sector, impact, key_area, country, company_size, investment_band, payback_band) with
    its values in display order."""
