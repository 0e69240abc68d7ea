"""Words typed short, with two letters swapped, joined or split are read as the field writes them, so that
the term they belong to is read whole; words that name no subject only rank."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.search.analysis import Analyzer, load_analyzer

SEED = Path(__file__).resolve().parents[4] / "seed"


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return load_analyzer(SEED)


def read(analyzer: Analyzer, q: str) -> dict[str, tuple[str, ...]]:
    """Typed words -> concepts, for a query typed to its end."""
    return {c.text: c.concept_ids for c in analyzer.analyse(q + " ").concepts}


@pytest.mark.parametrize(("q", "term", "concept"), [
    ("prefab timber", "prefabricated timber", "timber-construction"),  # cut short
    ("heat pupm", "heat pump", "heat-pump"),  # two letters swapped in a 4-letter word
    ("ground source heatpump", "ground source heat pump", "ground-source-heat-pump"),  # joined inside a term
    ("green house heating", "greenhouse", "greenhouse"),  # split
    ("fork lift", "forklift", "forklifts"),
])
def test_a_word_typed_otherwise_is_read_into_its_term(analyzer: Analyzer, q: str, term: str, concept: str) -> None:
    assert concept in read(analyzer, q)[term]


def test_two_words_that_are_a_term_of_their_own_stay_apart(analyzer: Analyzer) -> None:
    assert "waste water" in read(analyzer, "waste water evaporation")


def test_a_word_still_being_typed_stays_a_prefix(analyzer: Analyzer) -> None:
    [concept] = analyzer.analyse("prefab").concepts
    assert concept.text == "prefab" and concept.prefix


def test_a_measure_word_stays_when_the_rest_names_nothing(analyzer: Analyzer) -> None:
    assert read(analyzer, "route optimisation") == {"route optimisation": ("route-optimisation",)}
    assert read(analyzer, "LED retrofit") == {"led": ("led-lighting",)}


@pytest.mark.parametrize(("q", "optional"), [
    ("how can a small factory use solar power", "factory"),
    ("an efficient heat pump for our company", "efficient"),
])
def test_words_that_name_no_subject_only_rank(analyzer: Analyzer, q: str, optional: str) -> None:
    required = {c.text: c.required for c in analyzer.analyse(q + " ").concepts}
    assert required[optional] is False and any(required.values())


def test_gas_is_a_term_of_the_field(analyzer: Analyzer) -> None:
    concepts = {c.text: c for c in analyzer.analyse("how to lower our gas bill ").concepts}
    assert concepts["gas"].required and ("natural", "gas") in concepts["gas"].alternatives
    assert not concepts["bill"].required


@pytest.mark.parametrize(("q", "concept"), [("used tyres", "tyres-rubber"), ("old clothes", "textile-take-back")])
def test_used_and_old_things_are_their_waste_stream(analyzer: Analyzer, q: str, concept: str) -> None:
    assert read(analyzer, q) == {q: (concept,)}


@pytest.mark.parametrize(("q", "negated", "subject"), [
    ("how to heat a warehouse without gas", "gas", "warehouse"),
    ("heat pumps instead of gas boilers", "gas boilers", "heat pumps"),
])
def test_what_the_asker_wants_to_do_without_only_ranks(analyzer: Analyzer, q: str, negated: str,
                                                        subject: str) -> None:
    required = {c.typed: c.required for c in analyzer.analyse(q + " ").concepts}
    assert required[negated] is False and required[subject] is True


@pytest.mark.parametrize(("q", "word"), [("heat exchanger", "exchanger"), ("oil separator", "separator"),
                                         ("wood chipper", "chipper")])
def test_a_rare_word_of_english_is_spelled_as_meant(analyzer: Analyzer, q: str, word: str) -> None:
    assert word in {w for c in analyzer.analyse(q + " ").concepts for w in c.words}
