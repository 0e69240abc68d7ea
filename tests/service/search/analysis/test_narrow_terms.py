"""Precise totals for the field's terms: what was typed, not everything its vocabulary concept lumps together."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from service.search.analysis import Analyzer, load_analyzer
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
    practice("wind", "Wind turbine powers a sawmill", "A 200 kW wind turbine supplies the saw line."),
    practice("blades", "Glass-fibre parts from recycled resin", "A composites maker uses recycled resin.",
             description="The firm makes blades for wind turbines and boat hulls. Powder coating was ruled out."),
    practice("resort-led", "New lights at a beach resort", "LED fittings replace halogen spots in the lobby."),
]


SEED = Path(__file__).resolve().parents[4] / "seed"


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return load_analyzer(SEED)


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


def test_a_measure_term_counts_only_practices_saying_it(backend: SearchBackend) -> None:
    # "bio-LNG" is a term of the same concept as HVO and biodiesel, but says neither.
    assert set(ids(backend, "bio-LNG ")) - {"pl-biofuels"} == {"bio-lng"}


def test_an_umbrella_term_finds_its_kinds_through_the_synonym_list(backend: SearchBackend) -> None:
    assert {"hvo-trucks", "renewable-diesel", "biodiesel-oil", "bio-lng"} <= set(ids(backend, "biofuels "))


def test_a_term_no_practice_says_searches_what_it_means(backend: SearchBackend) -> None:
    # No practice says "small wind turbine", the vocabulary's name of the concept: it is searched whole.
    assert ids(backend, "small wind turbine ")[0] == "wind"


def test_a_class_of_things_is_searched_whole(backend: SearchBackend) -> None:
    # "hotel" is a site type (seed/understanding/reading.json): the resort is one.
    assert "resort-led" in ids(backend, "hotel ")


def test_words_saying_a_measure_is_done_are_not_required(backend: SearchBackend) -> None:
    assert ids(backend, "LED retrofit ") == ["resort-led"]


def test_a_misspelled_word_inside_a_term_reads_the_term(analyzer: Analyzer) -> None:
    concepts = analyzer.analyse("heat recovry ventilation").concepts
    assert [(c.typed, c.concept_ids) for c in concepts] == [("heat recovery ventilation",
                                                             ("ventilation-heat-recovery",))]


def test_a_word_still_being_typed_is_not_corrected(analyzer: Analyzer) -> None:
    assert [c.words for c in analyzer.analyse("insul").concepts] == [("insul",)]


def test_two_words_of_the_field_typed_joined_read_the_term(analyzer: Analyzer) -> None:
    concepts = analyzer.analyse("heatrecovery ventilation ").concepts
    assert [c.concept_ids for c in concepts] == [("ventilation-heat-recovery",)]


def test_a_precise_term_counts_practices_about_it_not_those_mentioning_it(backend: SearchBackend) -> None:
    # The blade maker mentions wind turbines in its description only (Analysis.named_only).
    assert ids(backend, "wind turbine ") == ["wind"]


def test_a_term_only_mentioned_in_passing_is_still_found(backend: SearchBackend) -> None:
    assert ids(backend, "powder coating ") == ["blades"]
