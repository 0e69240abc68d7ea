"""The by-product finder's parameters and answer, as published in OpenAPI.

The route reads the raw pairs with ``parse_request``, which enforces what is written here (and that
exactly one of ``output`` / ``input`` is given) and answers a bad value with the one 400 error shape.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from service.symbiosis.service import DEFAULT_LIMIT, MAX_LIMIT, MAX_RESOURCE_CHARS


def _published(**schema: Any) -> Any:
    def update(generated: dict[str, Any]) -> None:
        generated.pop("default", None)
        generated.update(schema)

    return update


class MatchParams(BaseModel):
    model_config = ConfigDict(extra="ignore")

    output: str = Field(default="", description="a stream you give off: who takes it in? (this or `input`)",
                        json_schema_extra=_published(type="string", minLength=1, maxLength=MAX_RESOURCE_CHARS))
    input: str = Field(default="", description="a stream you could take in: who gives it off? (this or `output`)",
                       json_schema_extra=_published(type="string", minLength=1, maxLength=MAX_RESOURCE_CHARS))
    limit: str = Field(default=str(DEFAULT_LIMIT), description="how many practices at most",
                       json_schema_extra=_published(type="integer", minimum=1, maximum=MAX_LIMIT,
                                                    default=DEFAULT_LIMIT))


class MatchedStream(BaseModel):
    stream: str
    match: str
    resource: str | None


class MatchCard(BaseModel):
    model_config = ConfigDict(extra="allow")

    id: str
    title: str
    organisation: str | None
    country: str
    url: str
    match: str
    matched_streams: list[MatchedStream]
    inputs: list[str]
    outputs: list[str]


class OrganisationLink(BaseModel):
    """One of the organisation's practices: its page here and the source it was reported in."""

    title: str
    url: str
    source_url: str | None = None


class Organisation(BaseModel):
    name: str
    country: str
    practices: int
    practice_ids: list[str]
    links: list[OrganisationLink]


class Matches(BaseModel):
    """Practices whose streams on the other side name the same resource, best first."""

    model_config = ConfigDict(extra="allow")

    direction: str
    resource: str
    searched: str
    understood_as: list[str]
    corrections: list[dict[str, str]]
    total: int
    matches: list[MatchCard]
    organisations: list[Organisation]
    hint: dict[str, Any] | None
