"""Precise totals for the field's terms: what was typed, not everything its vocabulary concept lumps together."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from service.search.backend import SearchBackend
from service.settings import Settings
from tests.conftest import load_records
from tests.service.search.conftest import BACKENDS, backend_for
from tests.service.search.test_contract import ids


def practice(pid: str, title: str, summary: str, language: str = "en", **extra: Any) -> dict[str, Any]:
    return {"id": pid, "title": title, "summary": summary, "country": "PL", "sectors": ["logistics"],
            "impacts": ["emission-reduction"], "key_areas": ["transport"], "company_size": "small",
            "year": 2022, "language": language, "description": summary, **extra}


PRACTICES = [
    practice("hvo-trucks", "Trucks switch to HVO at a haulier", "The fleet now runs on HVO from waste fats."),
    practice("renewable-diesel", "Renewable diesel for a delivery fleet",
             "Hydrotreated vegetable oil replaces diesel."),
    practice("biodiesel-oil", "Used cooking oil becomes biodiesel", "A restaurant sends its frying oil to biodiesel."),
    practice("bio-lng", "Bio-LNG trucks for long haul", "The trucks refuel with bio-LNG from manure."),
    practice("pl-biofuels", "Flota ciężarówek przechodzi na biopaliwa", "Ciężarówki jeżdżą na biopaliwa.",
             language="pl"),
]


@pytest.fixture(scope="module", params=BACKENDS)
def backend(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[SearchBackend]:
    data_dir: Path = tmp_path_factory.mktemp("narrow") / "data"
    settings = Settings(env="test", data_dir=data_dir)
    load_records(settings, PRACTICES)
    yield from backend_for(request.param, settings)


def test_an_english_term_the_synonym_list_knows_counts_only_what_says_it(backend: SearchBackend) -> None:
    # HVO is one term of the vocabulary's "biofuels for trucks", beside biodiesel and bio-LNG: searching
    # the whole concept would count them too.
    found = set(ids(backend, "HVO "))
    assert {"hvo-trucks", "renewable-diesel"} <= found
    assert not found & {"biodiesel-oil", "bio-lng"}


def test_the_concept_still_finds_practices_written_in_another_language(backend: SearchBackend) -> None:
    if backend.name != "sqlite":
        pytest.skip("Meilisearch searches the words and their synonyms only (docs/search.md, Both backends)")
    assert "pl-biofuels" in ids(backend, "HVO ")


def test_a_term_without_synonyms_still_searches_its_concept(backend: SearchBackend) -> None:
    assert {"hvo-trucks", "biodiesel-oil", "bio-lng", "pl-biofuels"} <= set(ids(backend, "biofuel "))
