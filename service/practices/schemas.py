"""The practice record (SPEC §1): validation and normalisation shared by the indexer and the API."""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator, model_validator

from service.taxonomy import fold, load_taxonomy

ID_RE = re.compile(r"^[a-z0-9-]{1,64}$")
LANG_RE = re.compile(r"^[a-z]{2}$")
URL_RE = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)
# Control characters other than tab and newline never belong in a record (PostgreSQL refuses NUL), nor
# do lone surrogates (a JSON "\udc80" escape): they cannot be encoded as UTF-8, stored or rendered; nor
# U+FFFE/U+FFFF, which XML forbids (with the C0 controls): an Atom feed holding one would not parse.
CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff\ufffe\uffff]")

LIST_FIELDS = ("sectors", "impacts", "key_areas", "technologies", "inputs", "outputs")
NUMBER_FIELDS = ("investment_eur", "annual_savings_eur", "payback_years", "energy_saved_mwh",
                 "co2_avoided_t", "water_saved_m3", "waste_avoided_t")
# The largest figure a record may hold (euros, MWh, tonnes, m³, years): far above any real practice, far
# below what a float can hold, so totals over every practice stay finite.
MAX_NUMBER = 1e12
# The interchange fields in SPEC order: exports write exactly these.
RECORD_FIELDS = ("id", "title", "summary", "description", "organisation", "country", "region", "sectors",
                 "impacts", "key_areas", "company_size", "investment_eur", "annual_savings_eur",
                 "payback_years", "energy_saved_mwh", "co2_avoided_t", "water_saved_m3", "waste_avoided_t",
                 "technologies", "inputs", "outputs", "year", "language", "source_url")


def clean_text(value: str) -> str:
    return CONTROL_RE.sub("", value).replace("\r\n", "\n").strip()


def derive_id(title: str, organisation: str | None, country: str) -> str:
    """A stable id from title + organisation + country, so re-importing never duplicates."""
    basis = "|".join(fold(part or "").strip() for part in (title, organisation, country))
    digest = hashlib.sha1(basis.encode("utf-8")).hexdigest()[:10]
    slug = re.sub(r"[^a-z0-9]+", "-", fold(title)).strip("-")
    if len(slug) > 48:  # cut between words, not inside one
        cut = slug[:49]
        slug = cut[:cut.rfind("-")] if "-" in cut else slug[:48]
    return f"{slug}-{digest}" if slug else digest


def _text(value: Any, *, field: str, min_len: int = 0, max_len: int) -> str:
    if not isinstance(value, str):
        raise ValueError(f"expected text, got {type(value).__name__}")
    text = clean_text(value)
    if len(text) < min_len or len(text) > max_len:
        raise ValueError(f"expected {min_len}–{max_len} characters, got {len(text)}")
    return text


def _as_list(value: Any) -> list[Any]:
    if value is None or value == "":
        return []
    if isinstance(value, str):  # CSV cells and forms: items separated by ";"
        return [item for item in (part.strip() for part in value.split(";")) if item]
    if isinstance(value, list | tuple):
        return list(value)
    raise ValueError(f"expected a list, got {type(value).__name__}")


def _slugs(value: Any, facet_name: str, *, min_items: int, max_items: int | None) -> list[str]:
    facet = load_taxonomy().facet(facet_name)
    items = _as_list(value)
    slugs: list[str] = []
    for item in items:
        if not isinstance(item, str):
            raise ValueError(f"expected text items, got {type(item).__name__}")
        slug = facet.normalise(item)
        if slug is None:
            allowed = ", ".join(facet.values)
            raise ValueError(f"{clip(item)!r} is not a known {facet_name.replace('_', ' ')}; allowed: {allowed}")
        if slug not in slugs:
            slugs.append(slug)
    if len(slugs) < min_items or (max_items is not None and len(slugs) > max_items):
        bound = f"{min_items}–{max_items}" if max_items is not None else f"at least {min_items}"
        noun = facet_name.replace("_", " ") + ("" if bound == "at least 1" else "s")
        raise ValueError(f"expected {bound} {noun}, got {len(slugs)}; allowed: {', '.join(facet.values)}")
    return slugs


def record_form(values: Mapping[str, Any]) -> dict[str, Any]:
    """A record in interchange form: SPEC fields only, in SPEC order, unknowns left out."""
    return {k: _plain_number(values[k]) for k in RECORD_FIELDS if values.get(k) not in (None, [])}


def language_code(value: Any) -> str:
    """An ISO 639-1 code, lowercased (practices, news, events and calls alike)."""
    if not isinstance(value, str) or not LANG_RE.match(value.strip().lower()):
        raise ValueError(f"expected an ISO 639-1 code such as en, de, fr, got {clip(value)!r}")
    return value.strip().lower()


def http_url(value: Any) -> str:
    """An http(s) URL of at most 2,000 characters, trimmed."""
    if not isinstance(value, str) or len(value) > 2000 or not URL_RE.match(value.strip()):
        raise ValueError(f"expected an http(s) URL, got {clip(value)!r}")
    return value.strip()


def _plain_number(value: Any) -> Any:
    # 12500.0 reads and round-trips better as 12500.
    return int(value) if isinstance(value, float) and value.is_integer() else value


def clip(value: Any, limit: int = 60) -> str:
    text = str(value)
    return text if len(text) <= limit else text[:limit] + "…"


class PracticeBase(BaseModel):
    """Fields and rules of SPEC §1; every entry point that accepts a record validates it here."""

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=False)

    id: str | None = None
    title: str
    summary: str
    description: str | None = None
    organisation: str | None = None
    country: str
    region: str | None = None
    sectors: list[str]
    impacts: list[str]
    key_areas: list[str] = Field(default_factory=list)
    company_size: str | None = None
    investment_eur: float | None = None
    annual_savings_eur: float | None = None
    payback_years: float | None = None
    energy_saved_mwh: float | None = None
    co2_avoided_t: float | None = None
    water_saved_m3: float | None = None
    waste_avoided_t: float | None = None
    technologies: list[str] = Field(default_factory=list)
    inputs: list[str] = Field(default_factory=list)
    outputs: list[str] = Field(default_factory=list)
    year: int | None = None
    language: str = "en"
    source_url: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _empty_is_unknown(cls, data: Any) -> Any:
        # An empty cell or empty string means "unknown" (SPEC §1), not "invalid".
        if isinstance(data, dict):
            return {k: v for k, v in data.items() if not (v is None or (isinstance(v, str) and not v.strip()))}
        return data

    @field_validator("id", mode="before")
    @classmethod
    def _id(cls, v: Any) -> Any:
        if v is None:
            return None
        if not isinstance(v, str) or not ID_RE.match(v):
            raise ValueError(f"expected 1–64 characters of a-z, 0-9 and '-', got {clip(v)!r}")
        return v

    @field_validator("title", mode="before")
    @classmethod
    def _title(cls, v: Any) -> str:
        return _text(v, field="title", min_len=5, max_len=200)

    @field_validator("summary", mode="before")
    @classmethod
    def _summary(cls, v: Any) -> str:
        return _text(v, field="summary", min_len=20, max_len=600)

    @field_validator("description", mode="before")
    @classmethod
    def _description(cls, v: Any) -> str:
        return _text(v, field="description", max_len=20_000)

    @field_validator("organisation", "region", mode="before")
    @classmethod
    def _short_text(cls, v: Any) -> str:
        return _text(v, field="text", min_len=1, max_len=200)

    @field_validator("country", mode="before")
    @classmethod
    def _country(cls, v: Any) -> str:
        if not isinstance(v, str):
            raise ValueError(f"expected an ISO 3166-1 alpha-2 code, got {type(v).__name__}")
        code = load_taxonomy().facet("country").normalise(v)
        if code is None:
            raise ValueError(f"{clip(v)!r} is not an ISO 3166-1 alpha-2 code or English country name "
                             "(e.g. DE, FR, Germany)")
        return code

    @field_validator("sectors", mode="before")
    @classmethod
    def _sectors(cls, v: Any) -> list[str]:
        return _slugs(v, "sector", min_items=1, max_items=3)

    @field_validator("impacts", mode="before")
    @classmethod
    def _impacts(cls, v: Any) -> list[str]:
        return _slugs(v, "impact", min_items=1, max_items=None)

    @field_validator("key_areas", mode="before")
    @classmethod
    def _key_areas(cls, v: Any) -> list[str]:
        return _slugs(v, "key_area", min_items=0, max_items=None)

    @field_validator("company_size", mode="before")
    @classmethod
    def _company_size(cls, v: Any) -> str:
        facet = load_taxonomy().facet("company_size")
        slug = facet.normalise(v) if isinstance(v, str) else None
        if slug is None:
            raise ValueError(f"{clip(v)!r} is not a company size; allowed: {', '.join(facet.values)}")
        return slug

    @field_validator(*NUMBER_FIELDS, mode="before")
    @classmethod
    def _number(cls, v: Any) -> float:
        if isinstance(v, bool):
            raise ValueError("expected a number ≥ 0, got a boolean")
        if isinstance(v, str):
            try:
                v = float(v.strip().replace(" ", ""))
            except ValueError:
                raise ValueError(f"expected a number ≥ 0 with '.' as decimal separator, got {clip(v)!r}") from None
        if not isinstance(v, int | float) or not math.isfinite(v) or v < 0:
            # A number is shown as written (-2, not '-2.0'); anything else quoted.
            shown = _plain_number(v) if isinstance(v, int | float) else repr(clip(v))
            raise ValueError(f"expected a number ≥ 0, got {shown}")
        if v > MAX_NUMBER:
            # 1.7e308 is finite, but sums, payback times and bands computed from it would overflow.
            raise ValueError(f"expected a number up to {MAX_NUMBER:.0e}, got {_plain_number(v)}")
        return float(v)

    @field_validator("annual_savings_eur", mode="after")
    @classmethod
    def _payback_stays_finite(cls, v: float | None, info: ValidationInfo) -> float | None:
        # The payback time is derived as investment / savings: a tiny saving must not make it overflow.
        investment = info.data.get("investment_eur")
        if v and investment and investment / v > MAX_NUMBER:
            raise ValueError(f"investment_eur / annual_savings_eur would be a payback over {MAX_NUMBER:.0e} years")
        return v

    @field_validator("technologies", "inputs", "outputs", mode="before")
    @classmethod
    def _strings(cls, v: Any) -> list[str]:
        items = _as_list(v)
        if len(items) > 50:
            raise ValueError(f"expected at most 50 items, got {len(items)}")
        out: list[str] = []
        for item in items:
            # ";" separates list items in CSV, so inside an item it becomes "," to keep round trips exact.
            text = _text(item, field="item", min_len=1, max_len=200).replace(";", ",")
            if text not in out:
                out.append(text)
        return out

    @field_validator("year", mode="before")
    @classmethod
    def _year(cls, v: Any) -> int:
        try:
            year = int(str(v).strip()) if not isinstance(v, bool) else None
        except ValueError:
            year = None
        if year is None or isinstance(v, float) and not v.is_integer() or not 1990 <= year <= 2100:
            raise ValueError(f"expected a whole year from 1990 to 2100, got {clip(v)!r}")
        return year

    @field_validator("language", mode="before")
    @classmethod
    def _language(cls, v: Any) -> str:
        return language_code(v)

    @field_validator("source_url", mode="before")
    @classmethod
    def _url(cls, v: Any) -> str:
        return http_url(v)

    @model_validator(mode="after")
    def _derive(self) -> PracticeBase:
        if self.payback_years is None and self.investment_eur is not None and self.annual_savings_eur:
            self.payback_years = round(self.investment_eur / self.annual_savings_eur, 2)
        if self.id is None:
            self.id = derive_id(self.title, self.organisation, self.country)
        return self

    def record(self) -> dict[str, Any]:
        """The record in interchange form: SPEC fields only, unknowns left out."""
        return record_form(self.model_dump())


class PracticeCreate(PracticeBase):
    """A record as imported or submitted."""


class PracticeRead(PracticeBase):
    """A stored record as the API returns it, with its derived bands."""

    id: str
    investment_band: str | None = None
    payback_band: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None


T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    total: int
    page: int
    per_page: int
    items: list[T]


class FieldProblem(BaseModel):
    field: str | None
    message: str


def validation_problems(exc: ValidationError) -> list[FieldProblem]:
    """Turn pydantic's errors into one plain message per field, the allowed values included."""
    problems = []
    for err in exc.errors():
        field = ".".join(str(p) for p in err["loc"]) or None
        message = err["msg"].removeprefix("Value error, ")
        if err["type"] == "missing":
            message = "required field is missing"
        problems.append(FieldProblem(field=field, message=message))
    return problems
