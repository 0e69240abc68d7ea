"""The vocabulary files themselves: every concept of en.json in every language, clean terms."""

import json
from pathlib import Path

import pytest

from service.search.language import LANGUAGES, load_vocabulary
from service.settings import SEED_DIR

FOLDER = SEED_DIR / "vocabulary"


def _concepts(lang: str) -> dict[str, list[str]]:
    raw = json.loads((FOLDER / f"{lang}.json").read_text(encoding="utf-8"))
    assert raw["language"] == lang
    return raw["concepts"]


def _ids_in_file_order(lang: str) -> list[str]:
    pairs = json.loads((FOLDER / f"{lang}.json").read_text(encoding="utf-8"),
                       object_pairs_hook=lambda items: items)
    concepts = dict(pairs)["concepts"]
    return [key for key, _ in concepts]


def test_there_is_one_file_per_official_eu_language():
    assert len(LANGUAGES) == 24
    assert sorted(p.stem for p in FOLDER.glob("*.json") if p.stem != "languages") == sorted(LANGUAGES)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_concept_of_en_has_a_term_in_every_language(lang):
    reference = _concepts("en")
    concepts = _concepts(lang)
    assert sorted(concepts) == sorted(reference)
    for concept, terms in concepts.items():
        assert terms, f"{lang}.json: {concept} has no term"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_concept_id_is_written_twice(lang):
    ids = _ids_in_file_order(lang)
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_terms_are_clean_strings(lang):
    for concept, terms in _concepts(lang).items():
        assert len(terms) == len(set(terms)), f"{lang}.json: {concept} repeats a term"
        for term in terms:
            assert isinstance(term, str) and term, f"{lang}.json: {concept} has an empty term"
            assert term == term.strip() and "  " not in term, f"{lang}.json: {concept}: {term!r} has stray spaces"


def test_concept_ids_are_slugs():
    for concept in _concepts("en"):
        assert concept == concept.lower() and " " not in concept and concept.strip("-") == concept


def test_every_language_has_matching_rules():
    rules = json.loads((FOLDER / "languages.json").read_text(encoding="utf-8"))["languages"]
    assert sorted(rules) == sorted(LANGUAGES)


def test_the_vocabulary_is_read_once_per_process():
    assert load_vocabulary(SEED_DIR) is load_vocabulary(Path(SEED_DIR))
