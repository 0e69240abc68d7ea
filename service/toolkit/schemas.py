"""The toolkit content (seed/toolkit/*.json) as validated models: a broken file stops the start-up."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000)]
SLUG_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
CHECK_ID_RE = re.compile(r"^[a-z]{2}-[0-9]{1,3}$")
# A link to practices is a filtered search; only parameters of SPEC §3 that make sense here.
LINK_PARAMS = ("q", "key_area", "sector", "impact")


class Content(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Substep(Content):
    title: Text
    text: Text


class Tool(Content):
    name: Text
    purpose: Text
    made_by: Text
    url: Annotated[str, StringConstraints(pattern=r"^https?://[^\s]+$")]


class ChecklistItem(Content):
    id: Annotated[str, StringConstraints(pattern=CHECK_ID_RE.pattern)]
    text: Text


class Pitfall(Content):
    title: Text
    text: Text


class Indicator(Content):
    name: Text
    unit: Text
    why: Text


class PracticeLink(Content):
    label: Text
    params: dict[str, Text]

    @field_validator("params")
    @classmethod
    def _known_params(cls, params: dict[str, str]) -> dict[str, str]:
        unknown = sorted(set(params) - set(LINK_PARAMS))
        if unknown or not params:
            raise ValueError(f"params: use one or more of {', '.join(LINK_PARAMS)}; got {unknown or 'none'}")
        return params


class Step(Content):
    slug: Annotated[str, StringConstraints(pattern=SLUG_RE.pattern)]
    number: int = Field(ge=1, le=20)
    title: Text
    summary: Text
    aim: Text
    substeps: list[Substep] = Field(min_length=1)
    clusters: list[Text] = Field(min_length=1)
    public_authorities: list[Text] = Field(min_length=1)
    tools: list[Tool] = Field(min_length=1)
    checklist: list[ChecklistItem] = Field(min_length=1)
    pitfalls: list[Pitfall] = Field(min_length=1)
    indicators: list[Indicator] = Field(min_length=1)
    practice_links: list[PracticeLink] = Field(min_length=1)


class Intro(Content):
    title: Text
    what_is: list[Text] = Field(min_length=1)
    example: Text


class Toolkit(Content):
    intro: Intro
    steps: list[Step] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> Toolkit:
        numbers = [step.number for step in self.steps]
        if numbers != list(range(1, len(numbers) + 1)):
            raise ValueError(f"steps must be numbered 1..{len(numbers)} in order, got {numbers}")
        slugs = [step.slug for step in self.steps]
        if len(set(slugs)) != len(slugs):
            raise ValueError(f"step slugs must be unique, got {slugs}")
        ids = [item.id for step in self.steps for item in step.checklist]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"checklist ids must be unique across steps; repeated: {duplicates}")
        return self

    def step(self, slug: str) -> Step | None:
        return next((step for step in self.steps if step.slug == slug), None)
