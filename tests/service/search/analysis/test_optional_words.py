"""Everyday words rank, field terms filter: the rule that decides which concepts the totals require."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.search.analysis import Analyzer, load_analyzer
from service.search.backend import SearchBackend
from tests.service.search.test_contract import ids, run

SEED = Path(__file__).resolve().parents[4] / "seed"


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return load_analyzer(SEED)


def required(analyzer: Analyzer, q: str, lang: str | None = None) -> dict[str, bool]:
    return {c.typed: c.required for c in analyzer.analyse(q + " ", lang=lang).concepts}


def test_everyday_words_beside_field_terms_are_optional(analyzer: Analyzer) -> None:
    assert required(analyzer, "how to reduce energy costs in a hotel") == {
        "reduce": False, "energy": True, "costs": False, "hotel": True}


def test_a_business_type_is_its_own_concept_not_a_measure(analyzer: Analyzer) -> None:
    concepts = {c.typed: c.concept_ids for c in analyzer.analyse("reduce energy use in a bakery ").concepts}
    assert concepts["bakery"] == ("bakery",) and concepts["energy use"] == ("energy",)


@pytest.mark.parametrize(("q", "lang", "field"), [
    ("как да намалим разходите за енергия в хотел", "bg", {"енергия", "хотел"}),
    ("jak zmniejszyć zużycie energii w piekarni", "pl", {"zużycie energii", "piekarni"}),
    ("comment économiser l'eau dans un hôtel", "fr", {"eau", "hôtel"}),
])
def test_generic_field_words_are_concepts_in_other_languages(analyzer: Analyzer, q: str, lang: str,
                                                             field: set[str]) -> None:
    # The field words are required concepts; the everyday verbs and "costs" only rank.
    assert {typed for typed, needed in required(analyzer, q, lang).items() if needed} == field


def test_a_foreign_word_is_not_read_as_an_english_term(analyzer: Analyzer) -> None:
    concepts = {c.typed: c.concept_ids for c in analyzer.analyse("comment économiser l'eau ", lang="fr").concepts}
    assert concepts["économiser"] == ()  # the French verb, not the boiler economiser


def test_content_words_that_are_not_everyday_stay_required(analyzer: Analyzer) -> None:
    # "servers" is less frequent than everyday verbs: it still narrows the totals.
    assert required(analyzer, "heat from servers")["servers"] is True


def test_words_of_the_asking_only_rank_however_rare(analyzer: Analyzer) -> None:
    # "reuse" and "motivate" say what the asker wants done (seed/understanding/reading.json), not what a
    # practice is about: whey turned into feed answers "how can a dairy reuse whey".
    assert required(analyzer, "how to reuse the heat from servers") == {"reuse": False, "heat": True,
                                                                         "servers": True}
    assert required(analyzer, "how can a dairy reuse whey")["reuse"] is False
    assert required(analyzer, "reuse") == {"reuse": True}  # alone, it is what was asked for


def test_without_a_field_term_every_word_is_required(analyzer: Analyzer) -> None:
    assert required(analyzer, "unicorn tears") == {"unicorn": True, "tears": True}


def test_waste_heat_stays_one_narrow_concept(analyzer: Analyzer) -> None:
    concepts = analyzer.analyse("waste heat ").concepts
    assert [(c.concept_ids, c.required) for c in concepts] == [(("waste-heat",), True)]


def test_optional_words_change_no_total(backend: SearchBackend) -> None:
    plain = run(backend, "LED warehouse ")
    asked = run(backend, "how to reduce costs of LED in a warehouse ")
    assert asked.total == plain.total and set(ids(backend, "how to reduce costs of LED in a warehouse ")) == set(
        ids(backend, "LED warehouse "))
    assert asked.understood is not None and asked.understood["dropped"] == []
    assert {s["typed"]: s["required"] for s in asked.understood["searched_for"]}["reduce"] is False
