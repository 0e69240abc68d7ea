"""Resource names as comparable terms: folding, synonym phrases, qualifier words and typo correction.

A stream name such as "Brewer's spent grain (wet, 20 t/week)" or a query such as "waste heat at 60 °C"
becomes an ``Analysis``: the synonym phrases found in it (longest first, so "fly ash" wins over "ash"),
the synonym groups those phrases belong to, and its content words (numbers, units, stop words and
qualifiers such as "wet" or "clean" dropped). Both sides of a match are analysed the same way.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rapidfuzz import process
from rapidfuzz.distance import OSA

from service.search.text import STOP_WORDS, typo_budget
from service.taxonomy import fold

_POSSESSIVE = re.compile(r"(\w)['’]s\b")
_WORD = re.compile(r"[^\W_]+")
_NUMBER = re.compile(r"^\d+([.,]\d+)?$")

# Units and amounts that follow a number ("60 °C", "20 t/week", "3 MWh per year").
UNITS = frozenset("""
c degc degree degrees celsius f k kelvin kw kwh mw mwh gw gwh gj mj kj w wh t tonne tonnes ton tons tpa kg g
mg l litre litres liter liters m m2 m3 km bar mbar pa kpa hour hours h day days daily week weeks weekly month
months monthly year years yr yearly annual annually per approx approximately ca around up over under
""".split())
# Words that describe a stream's state or amount rather than what it is; "clean sawdust" is sawdust.
QUALIFIERS = frozenset("""
clean dirty dry wet hot warm cold cool low high medium temperature grade quality large small big lot lots
amount amounts quantity quantities volume volumes continuous continuously available constant regular
some much many our my their your from site plant factory production left leftover various mixed
""".split())
# Words too broad to match on their own: "waste" alone must not pair "waste heat" with "food waste".
GENERIC = frozenset("""
waste wastes residue residual by product products byproduct byproducts surplus excess scrap spent used
material materials stream streams flow flows side secondary recovered industrial process other
""".split())


def singular(word: str) -> str:
    """A crude singular so that "grains" meets "grain"; applied to both sides, so it only has to agree."""
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def words_of(text: str) -> tuple[str, ...]:
    """Folded, singular words; "brewer's" becomes "brewers" so that possessives survive folding."""
    folded = _POSSESSIVE.sub(r"\1s", fold(text).replace("’", "'"))
    return tuple(singular(w) for w in _WORD.findall(folded))


def is_noise(word: str) -> bool:
    return (len(word) < 2 or bool(_NUMBER.match(word)) or word in UNITS or word in STOP_WORDS
            or word in QUALIFIERS)


@dataclass(frozen=True)
class Analysis:
    phrases: frozenset[tuple[str, ...]]   # synonym phrases found in the text
    groups: frozenset[int]                # the synonym groups of those phrases
    content: frozenset[str]               # meaningful words (no numbers, units, stop words, qualifiers)

    @property
    def specific(self) -> frozenset[str]:
        """Content words that say what the stream is (not just "waste" or "surplus")."""
        return self.content - GENERIC


@dataclass
class ResourceVocabulary:
    """The resource synonym groups of seed/resource_synonyms.json as token phrases."""

    groups: list[tuple[str, ...]]                          # group index -> original names, canonical first
    phrase_group: dict[tuple[str, ...], int]               # token phrase -> group index
    longest: int
    words: set[str] = field(default_factory=set)           # every word of every phrase

    @classmethod
    def from_groups(cls, raw_groups: list[list[str]]) -> ResourceVocabulary:
        phrase_group: dict[tuple[str, ...], int] = {}
        for index, names in enumerate(raw_groups):
            for name in names:
                phrase = words_of(name)
                if not phrase:
                    continue
                if phrase in phrase_group and phrase_group[phrase] != index:
                    raise ValueError(f"resource synonyms: {name!r} is in two groups")
                phrase_group[phrase] = index
        words = {w for phrase in phrase_group for w in phrase}
        return cls(groups=[tuple(g) for g in raw_groups], phrase_group=phrase_group,
                   longest=max((len(p) for p in phrase_group), default=1), words=words)

    def canonical(self, group: int) -> str:
        return self.groups[group][0]

    def analyse(self, text: str) -> Analysis:
        return self.analyse_words(words_of(text))

    def analyse_words(self, words: tuple[str, ...]) -> Analysis:
        phrases: set[tuple[str, ...]] = set()
        i = 0
        while i < len(words):
            for size in range(min(self.longest, len(words) - i), 0, -1):
                candidate = words[i:i + size]
                if candidate in self.phrase_group:
                    phrases.add(candidate)
                    i += size
                    break
            else:
                i += 1
        content = frozenset(w for w in words if not is_noise(w))
        return Analysis(phrases=frozenset(phrases), groups=frozenset(self.phrase_group[p] for p in phrases),
                        content=content)


@lru_cache(maxsize=4)
def load_vocabulary(path: Path) -> ResourceVocabulary:
    raw = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(raw, list) or not all(isinstance(g, list) and g for g in raw):
        raise ValueError(f"{path}: expected a list of non-empty lists of names")
    return ResourceVocabulary.from_groups(raw)


def correct_typos(words: tuple[str, ...],
                  known: dict[str, int]) -> tuple[tuple[str, ...], list[tuple[str, str]]]:
    """Replace unknown words by the closest known word within Meilisearch's typo limits.

    ``known`` maps each known word to how often it occurs, to break ties between equally close words.
    Returns the corrected words and the (typed, corrected) pairs.
    """
    corrected: list[str] = []
    changes: list[tuple[str, str]] = []
    for word in words:
        budget = typo_budget(word)
        if word in known or is_noise(word) or not budget:
            corrected.append(word)
            continue
        # As in the search backend: a typo on the first letter is beyond the budget.
        candidates = [k for k in known if k[:1] == word[:1] and abs(len(k) - len(word)) <= budget]
        found = process.extract(word, candidates, scorer=OSA.distance, score_cutoff=budget, limit=None)
        if not found:
            corrected.append(word)
            continue
        best = min(found, key=lambda m: (m[1], -known[m[0]], m[0]))[0]
        corrected.append(best)
        changes.append((word, best))
    return tuple(corrected), changes
