"""Resource names as terms: folding, synonym phrases, qualifiers, classification and typo limits."""

from __future__ import annotations

import pytest

from service.settings import SEED_DIR
from service.symbiosis.index import classify
from service.symbiosis.resources import ResourceVocabulary, correct_typos, load_vocabulary, words_of

VOCABULARY = load_vocabulary(SEED_DIR / "resource_synonyms.json")


def groups_of(text: str) -> list[str]:
    return sorted(VOCABULARY.canonical(g) for g in VOCABULARY.analyse(text).groups)


@pytest.mark.parametrize(("text", "words"), [
    ("Spent Grain", ("spent", "grain")),
    ("brewers' grains", ("brewer", "grain")),
    ("Brewer’s spent grain", ("brewer", "spent", "grain")),
    ("Lactosérum", ("lactoserum",)),
    ("CO₂", ("co2",)),
    ("waste heat at 60 °C", ("waste", "heat", "at", "60", "c")),
    ("heat-pump; c++ 50%", ("heat", "pump", "c", "50")),
    ("", ()),
])
def test_words_are_folded_and_singular(text: str, words: tuple[str, ...]) -> None:
    assert words_of(text) == words


@pytest.mark.parametrize(("text", "groups"), [
    ("spent grain", ["spent grain"]),
    ("brewers grains", ["spent grain"]),
    ("Brewers' grains (wet, 20 t/week)", ["spent grain"]),
    ("waste heat at 60 °C", ["waste heat"]),
    ("excess heat", ["waste heat"]),
    ("surplus heat from the data centre", ["waste heat"]),
    ("fly ash", ["fly ash"]),          # the longer phrase wins over "ash"
    ("wood ash from boilers", ["ash"]),
    ("sawdust and bark", ["bark", "sawdust"]),
    ("lactosérum", ["whey"]),
    ("CO₂", ["co2"]),
    ("unobtainium", []),
])
def test_synonym_phrases_are_found_inside_the_text(text: str, groups: list[str]) -> None:
    assert groups_of(text) == groups


@pytest.mark.parametrize(("query", "stream", "kind"), [
    ("spent grain", "spent grain", "exact"),
    ("waste heat at 60 °C", "waste heat", "exact"),
    ("clean sawdust", "sawdust", "exact"),
    ("polypropylene film trims", "Polypropylene film trims", "exact"),
    ("brewers grains", "spent grain", "synonym"),
    ("excess heat", "waste heat", "synonym"),
    ("lactoserum", "whey", "synonym"),
    ("ash", "coal fly ash", "word"),
    ("wood", "wood chips", "word"),
    ("waste", "waste heat", None),          # too broad on its own
    ("food waste", "waste heat", None),
    ("spent grain", "spent yeast", None),
    ("sawdust", "fly ash", None),
])
def test_classify(query: str, stream: str, kind: str | None) -> None:
    assert classify(VOCABULARY.analyse(query), VOCABULARY.analyse(stream)) == kind


KNOWN = {"sawdust": 3, "digestate": 2, "ash": 1, "grain": 1, "spent": 1, "compost": 1, "composite": 1}


@pytest.mark.parametrize(("typed", "corrected"), [
    ("sawdst", "sawdust"),        # 6 letters: one typo allowed
    ("sawdsut", "sawdust"),       # a swap counts as one typo
    ("sawdstt", "sawdstt"),       # two typos at 7 letters: too many
    ("digestatte", "digestate"),  # 10 letters: up to two typos
    ("digstatte", "digestate"),
    ("ahs", "ahs"),               # under 5 letters: no typo allowed
    ("grian", "grain"),           # 5 letters: one swap allowed
    ("xawdust", "xawdust"),       # a typo on the first letter is beyond the budget
])
def test_typo_limits(typed: str, corrected: str) -> None:
    words, _ = correct_typos((typed,), KNOWN)
    assert words == (corrected,)


def test_known_words_and_noise_are_never_corrected() -> None:
    words, changes = correct_typos(("compost", "at", "60", "tonne", "degree"), KNOWN)
    assert words == ("compost", "at", "60", "tonne", "degree")
    assert changes == []


def test_a_phrase_in_two_groups_is_refused() -> None:
    with pytest.raises(ValueError, match="two groups"):
        ResourceVocabulary.from_groups([["waste heat", "excess heat"], ["steam", "Excess heat"]])


def test_the_seed_synonym_list_loads_with_every_group_distinct() -> None:
    assert len(VOCABULARY.groups) >= 70
    assert VOCABULARY.canonical(VOCABULARY.phrase_group[words_of("brewers grains")]) == "spent grain"
