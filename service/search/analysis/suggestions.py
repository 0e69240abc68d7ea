"""Did you mean: the vocabulary's words closest to a query word that found nothing.

The candidates are the terms of the domain's word lists (seed/synonyms.json, the taxonomy's labels
and, when present, the multilingual vocabulary), not the index's words: a suggestion is always a
term of the field, and both backends suggest the same.
"""

from __future__ import annotations

from collections.abc import Iterable

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

MAX_SUGGESTIONS = 3


class Suggester:
    def __init__(self, terms: Iterable[str]) -> None:
        self.terms = sorted({t for t in terms if len(t) >= 3})

    def suggest(self, word: str) -> list[str]:
        if len(word) < 3:
            return []
        budget = 1 if len(word) < 6 else 2
        found = process.extract(word, self.terms, scorer=Levenshtein.distance, score_cutoff=budget,
                                limit=MAX_SUGGESTIONS + 1)
        return [term for term, _, _ in sorted(found, key=lambda f: (f[1], f[0])) if term != word][:MAX_SUGGESTIONS]
