"""Words as the vocabulary compares them: folded, without elided articles, stripped of endings.

Every comparison happens on folded words (lower case, accents removed, ł ø ß æ œ spelled out), so
a query typed without accents finds the term written with them. A word's *stem* is its folded form
less the longest inflectional ending of its language (seed/vocabulary/languages.json) that leaves
at least three letters: "pompy", "pompę" and "pompa" all become "pomp", "Wärmepumpen" becomes
"warmepump". The same rules turn the vocabulary's terms and the searched text into stems, so an
ending stripped too eagerly strips the same way on both sides.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from service.search.text import fold_letters
from service.taxonomy import fold

TOKEN_RE = re.compile(r"[^\W_]+", re.UNICODE)
MIN_STEM = 3


_FOLDED: dict[str, str] = {}


def fold_word(word: str) -> str:
    """``word`` lower-cased, accents removed, ł ø ß æ œ spelled out (cached: texts repeat their words)."""
    folded = _FOLDED.get(word)
    if folded is None:
        folded = word.lower() if word.isascii() else fold_letters(fold(word))
        if len(_FOLDED) < 500_000:  # a bound, so a flood of junk words cannot grow it forever
            _FOLDED[word] = folded
    return folded


def words_of(text: str) -> list[str]:
    """The words of ``text`` as written (letters and digits; apostrophes and hyphens separate)."""
    return TOKEN_RE.findall(unicodedata.normalize("NFC", text))


@dataclass
class LanguageRules:
    """How one language's words are compared; stems are cached, so each distinct word costs once."""

    code: str
    name: str
    compounds: bool
    stop_words: frozenset[str]
    suffixes: tuple[str, ...]  # folded, longest first
    letters: frozenset[str]
    common_words: frozenset[str] = frozenset()  # everyday words, for telling languages apart only
    suffix_set: frozenset[str] = frozenset()
    _stems: dict[str, str] = field(default_factory=dict, repr=False)

    def stem(self, folded: str) -> str:
        cached = self._stems.get(folded)
        if cached is not None:
            return cached
        result = folded
        if not folded.isdigit():
            for suffix in self.suffixes:
                if folded.endswith(suffix) and len(folded) - len(suffix) >= MIN_STEM:
                    # "glass" keeps its s (a double s is no plural); "glasses" loses "es".
                    if suffix == "s" and folded.endswith("ss"):
                        continue
                    result = folded[: -len(suffix)]
                    break
        if len(self._stems) < 500_000:  # a bound, so a flood of junk words cannot grow it forever
            self._stems[folded] = result
        return result


def load_rules(path: Path) -> dict[str, LanguageRules]:
    raw = json.loads(path.read_text(encoding="utf-8"))["languages"]
    rules = {}
    for code, entry in raw.items():
        stop = {fold_word(w) for w in entry["stop_words"].split()}
        stop.update(fold_word(w) for w in entry.get("elisions", "").split())
        suffixes = sorted({fold_word(s) for s in entry["suffixes"].split()}, key=len, reverse=True)
        rules[code] = LanguageRules(code=code, name=entry["name"], compounds=bool(entry["compounds"]),
                                    stop_words=frozenset(stop), suffixes=tuple(suffixes),
                                    letters=frozenset(entry.get("letters", "")), suffix_set=frozenset(suffixes),
                                    common_words=frozenset(fold_word(w) for w in entry.get("common_words", "").split()))
    return rules
