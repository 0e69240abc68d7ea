"""How the vocabulary's concepts are read into a query in other languages: compounds and overlapping terms."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.search.analysis import Analyzer, load_analyzer

SEED = Path(__file__).resolve().parents[4] / "seed"


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return load_analyzer(SEED)


def read(analyzer: Analyzer, q: str, lang: str) -> dict[str, tuple[str, ...]]:
    return {c.typed: c.concept_ids for c in analyzer.analyse(q + " ", lang=lang).concepts}


@pytest.mark.parametrize(("q", "lang", "word", "concept"), [
    ("Photovoltaikanlage auf dem Hallendach", "de", "hallendach", "roof"),  # the roof of a hall
    ("Abwärme", "de", "abwärme", "waste-heat"),  # the longest part, not the heat inside it
    ("Luftwärmepumpen", "de", "luftwärmepumpen", "air-source-heat-pump"),
])
def test_a_compound_is_read_as_what_it_ends_with(analyzer: Analyzer, q: str, lang: str, word: str,
                                                concept: str) -> None:
    assert read(analyzer, q, lang)[word] == (concept,)


@pytest.mark.parametrize(("q", "lang", "first", "second"), [
    ("tri des déchets de chantier", "fr", "waste-segregation", "construction-waste"),
    ("segregacja odpadów budowlanych", "pl", "waste-segregation", "construction-waste"),
])
def test_a_term_overlapping_another_still_names_its_concept(analyzer: Analyzer, q: str, lang: str, first: str,
                                                           second: str) -> None:
    concepts = [ids for ids in read(analyzer, q, lang).values() if ids]
    assert concepts == [(first,), (second,)]


@pytest.mark.parametrize(("q", "lang", "wanted"), [
    ("Wärmepumpe für ein Krankenhaus", "de", {"heat-pump", "hospital"}),
    ("ventilación de quirófanos en hospitales", "es", {"ventilation", "hospital"}),
    ("oświetlenie LED w magazynie", "pl", {"led-lighting", "warehouse"}),
    ("отпадна топлина от центрове за данни", "bg", {"waste-heat", "data-centre"}),
    ("hőszivattyú kórházba", "hu", {"heat-pump", "hospital"}),
    ("iluminação LED em armazéns", "pt", {"led-lighting", "warehouse"}),
    ("Gas sparen in der Großküche", "de", {"natural-gas"}),
    ("camions électriques sur le chantier", "fr", {"building-site"}),
])
def test_site_types_and_measures_are_read_in_every_form(analyzer: Analyzer, q: str, lang: str,
                                                         wanted: set[str]) -> None:
    read_ids = {cid for ids in read(analyzer, q, lang).values() for cid in ids}
    assert wanted <= read_ids


@pytest.mark.parametrize(("q", "lang"), [
    ("porte sui banchi frigo", "it"),  # doors, not a port (porto)
    ("portes des vitrines réfrigérées", "fr"),
    ("puertas de los muebles frigoríficos", "es"),
])
def test_a_door_is_no_port(analyzer: Analyzer, q: str, lang: str) -> None:
    assert "port" not in {cid for ids in read(analyzer, q, lang).values() for cid in ids}


def test_a_word_of_another_language_the_vocabulary_lacks_ranks_but_does_not_filter(analyzer: Analyzer) -> None:
    # "usagés" is in no word list (an inflected form) and would match the English "usages" by accident.
    concepts = {c.typed: c for c in analyzer.analyse("récupération des solvants usagés ", lang="fr").concepts}
    assert concepts["usagés"].required is False
    assert any(c.concept_ids and c.required for c in concepts.values())
