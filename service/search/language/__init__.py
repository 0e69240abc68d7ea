"""Language tools for search: the domain vocabulary in the 24 official EU languages, language
detection, and finding the concepts a query or a practice names (inflections, compounds, elision,
accents typed or not). Data lives in seed/vocabulary/; it is read once per process."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from service.search.language import detect as _detect
from service.search.language.vocabulary import (
    LANGUAGES,
    ConceptMatch,
    Vocabulary,
    VocabularyError,
)
from service.search.language.vocabulary import load_vocabulary as _load_vocabulary
from service.settings import SEED_DIR

__all__ = ["LANGUAGES", "ConceptMatch", "Vocabulary", "VocabularyError", "default_vocabulary", "detect_language",
           "load_vocabulary"]


@lru_cache(maxsize=4)
def load_vocabulary(seed_dir: Path) -> Vocabulary:
    """The vocabulary of ``seed_dir``/vocabulary, read once per process and folder."""
    return _load_vocabulary(Path(seed_dir))


def default_vocabulary() -> Vocabulary:
    return load_vocabulary(SEED_DIR)


def detect_language(text: str, hint: str | None = None, vocabulary: Vocabulary | None = None) -> str | None:
    """The EU language ``text`` is most likely written in (a code of LANGUAGES), ``hint`` when the
    text gives no evidence (a page's language), None when there is neither."""
    return _detect.detect(vocabulary or default_vocabulary(), text, hint)
