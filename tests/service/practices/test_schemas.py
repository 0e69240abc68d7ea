"""The record rules of SPEC §1, as a table of inputs and the messages they must produce."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from service.practices.schemas import PracticeCreate, derive_id, validation_problems

VALID: dict[str, Any] = {
    "title": "Heat recovery from compressors",
    "summary": "A machine builder recovers compressor heat for its washing line.",
    "country": "DE",
    "sectors": ["machinery"],
    "impacts": ["energy-efficiency"],
}


def problems(**changes: Any) -> dict[str, str]:
    data = {**VALID, **changes}
    data = {k: v for k, v in data.items() if v is not ...}
    try:
        PracticeCreate.model_validate(data)
    except ValidationError as exc:
        return {p.field or "": p.message for p in validation_problems(exc)}
    return {}


def test_a_valid_record_has_no_problems() -> None:
    assert problems() == {}


@pytest.mark.parametrize(("changes", "field", "fragment"), [
    ({"title": "Hi"}, "title", "5–200 characters"),
    ({"title": "x" * 201}, "title", "5–200 characters"),
    ({"title": ...}, "title", "required"),
    ({"summary": "too short"}, "summary", "20–600"),
    ({"description": "x" * 20_001}, "description", "0–20000"),
    ({"country": "Atlantis"}, "country", "ISO 3166-1"),
    ({"country": 49}, "country", "ISO 3166-1"),
    ({"sectors": []}, "sectors", "allowed: agriculture"),
    ({"sectors": ["space mining"]}, "sectors", "'space mining' is not a known sector; allowed: agriculture"),
    ({"sectors": ["metals", "plastics", "energy", "retail"]}, "sectors", "1–3 sectors"),
    ({"impacts": []}, "impacts", "allowed: energy-efficiency"),
    ({"impacts": ["happiness"]}, "impacts", "allowed: energy-efficiency, renewable-energy"),
    ({"key_areas": ["vibes"]}, "key_areas", "allowed: production-processes"),
    ({"company_size": "huge"}, "company_size", "allowed: micro, small, medium, large"),
    ({"investment_eur": -5}, "investment_eur", "number ≥ 0"),
    ({"investment_eur": "12,5"}, "investment_eur", "'.' as decimal separator"),
    ({"payback_years": float("nan")}, "payback_years", "number ≥ 0"),
    ({"energy_saved_mwh": True}, "energy_saved_mwh", "boolean"),
    ({"year": 1989}, "year", "1990 to 2100"),
    ({"year": "soon"}, "year", "1990 to 2100"),
    ({"language": "english"}, "language", "ISO 639-1"),
    ({"source_url": "javascript:alert(1)"}, "source_url", "http(s) URL"),
    ({"id": "Has Spaces"}, "id", "a-z, 0-9"),
    ({"id": "x" * 65}, "id", "a-z, 0-9"),
    ({"technologies": "x" * 201}, "technologies", "1–200"),
])
def test_each_broken_rule_names_the_field_and_what_was_expected(changes: dict, field: str, fragment: str) -> None:
    found = problems(**changes)
    assert field in found, found
    assert fragment in found[field]


@pytest.mark.parametrize(("raw", "slugs"), [
    (["Food & beverages"], ["food-beverages"]),
    (["FOOD-BEVERAGES", "food and beverages"], ["food-beverages"]),
    ("metals; Plastics & rubber", ["metals", "plastics"]),
])
def test_taxonomy_accepts_slugs_and_labels_case_insensitively(raw: Any, slugs: list[str]) -> None:
    assert PracticeCreate.model_validate({**VALID, "sectors": raw}).sectors == slugs


@pytest.mark.parametrize(("raw", "code"), [("de", "DE"), ("Germany", "DE"), ("czech republic", "CZ"),
                                            ("Czechia", "CZ"), ("UK", "GB")])
def test_country_accepts_codes_and_english_names(raw: str, code: str) -> None:
    assert PracticeCreate.model_validate({**VALID, "country": raw}).country == code


def test_payback_is_derived_from_investment_and_savings() -> None:
    record = PracticeCreate.model_validate({**VALID, "investment_eur": 10000, "annual_savings_eur": 4000})
    assert record.payback_years == 2.5
    no_savings = PracticeCreate.model_validate({**VALID, "investment_eur": 10000, "annual_savings_eur": 0})
    assert no_savings.payback_years is None
    given = PracticeCreate.model_validate({**VALID, "investment_eur": 1, "annual_savings_eur": 1, "payback_years": 3})
    assert given.payback_years == 3


def test_missing_id_is_derived_stably_from_title_organisation_and_country() -> None:
    first = PracticeCreate.model_validate({**VALID, "organisation": "Müller AG"})
    again = PracticeCreate.model_validate({**VALID, "organisation": "Müller AG", "summary": "x" * 30})
    other = PracticeCreate.model_validate({**VALID, "organisation": "Other AG"})
    assert first.id == again.id == derive_id(VALID["title"], "Müller AG", "DE")
    assert first.id != other.id
    assert first.id and len(first.id) <= 64


def test_control_characters_are_removed_and_empty_cells_mean_unknown() -> None:
    record = PracticeCreate.model_validate({**VALID, "title": "Heat\x00 recovery\x1b in a bakery", "region": "",
                                            "investment_eur": "", "technologies": ["a;b", "a;b"]})
    assert record.title == "Heat recovery in a bakery"
    assert record.region is None and record.investment_eur is None
    assert record.technologies == ["a,b"]


def test_record_form_leaves_out_unknowns_and_keeps_whole_numbers_whole() -> None:
    record = PracticeCreate.model_validate({**VALID, "investment_eur": "12500", "annual_savings_eur": 5000.5})
    out = record.record()
    assert out["investment_eur"] == 12500 and isinstance(out["investment_eur"], int)
    assert out["annual_savings_eur"] == 5000.5
    assert "description" not in out and "key_areas" not in out
    assert out["language"] == "en"
