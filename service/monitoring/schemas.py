"""The monitoring calculator's parameters and answer, as published in OpenAPI.

The route reads the raw ``id`` values with ``parse_ids``, which enforces what is written here (and also
takes comma-separated ids) and answers a bad value with the one 400 error shape.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from service.monitoring.service import MAX_IDS


def _published(generated: dict[str, Any]) -> None:
    generated.pop("default", None)
    generated.update(type="array", minItems=1, maxItems=MAX_IDS,
                     items={"type": "string", "pattern": "^[a-z0-9-]{1,64}$"})


class MonitoringParams(BaseModel):
    model_config = ConfigDict(extra="ignore")

    id: list[str] = Field(default=[], description="practice ids; repeatable (or comma-separated), at least one",
                          json_schema_extra=_published)


class Total(BaseModel):
    field: str
    label: str
    unit: str
    total: float
    reported_by: int = Field(ge=0)


class SelectedPractice(BaseModel):
    id: str
    title: str
    organisation: str | None
    country: str
    energy_saved_mwh: float | None
    co2_avoided_t: float | None
    waste_avoided_t: float | None
    water_saved_m3: float | None
    annual_savings_eur: float | None


class Summary(BaseModel):
    """Totals of each yearly figure over the selected published practices, and how many report it."""

    count: int = Field(ge=0)
    practices: list[SelectedPractice]
    totals: list[Total]
    unknown_ids: list[str]
