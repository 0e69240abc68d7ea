"""Answers of /api/toolkit and /api/toolkit/{step}, as published in OpenAPI (the content's own schema,
service.toolkit.schemas, validates the files in seed/toolkit/)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class StepSummary(BaseModel):
    slug: str
    number: int
    title: str
    summary: str
    url: str
    api_url: str
    checklist_items: int = Field(ge=0)


class Overview(BaseModel):
    """What industrial symbiosis is, the five steps, and where the by-product finder is."""

    intro: dict[str, Any]
    steps: list[StepSummary]
    finder: dict[str, str]


class LinkWithCount(BaseModel):
    label: str
    params: dict[str, str]
    href: str
    api_href: str
    count: int | None = Field(description="practices the link finds; null when search is unavailable")


class StepDetail(BaseModel):
    """One step: aim, sub-steps, roles, tools, checklist, pitfalls, indicators, links to practices."""

    model_config = ConfigDict(extra="allow")

    slug: str
    number: int
    title: str
    summary: str
    aim: str
    practice_links: list[LinkWithCount]
    previous: str | None
    next: str | None
