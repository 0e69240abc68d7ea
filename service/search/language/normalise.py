"""Words as the vocabulary compares them: folded, without elided articles, stripped of endings.

Every comparison happens on folded words (lower case, accents removed, ł ø ß æ œ spelled out), so
a query typed without accents finds the term written with them. A word's *stem* is its folded form
less the longest inflectional ending of its language (seed/vocabulary/languages.json) that leaves
at least three letters: "pompy", "pompę" and "pompa" all become "pomp", "Wärmepumpen" becomes
"warmepump". Languages that stack endings (a Bulgarian article after a plural, a Hungarian case after
a plural, a Swedish article after a plural) strip up to ``passes`` of them: "центровете" -> "центрове"
-> "центр", "kórházakban" -> "korhazak" -> "korhaz". A few regular stem changes are written as
rewrites of the word's end, before stripping ("hospitais" -> "hospital", "hôpitaux" -> "hôpital") or
after it ("alberghi" -> "albergh" -> "alberg", "център" -> "центр" (a fleeting vowel)). The same rules
turn the vocabulary's terms and the searched text into stems, so an ending stripped too eagerly strips
the same way on both sides.
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
    passes: int = 1  # endings stripped one after the other, at most
    rewrite_before: tuple[tuple[re.Pattern[str], str], ...] = ()  # word ends rewritten before stripping
    rewrite_after: tuple[tuple[re.Pattern[str], str], ...] = ()  # stem ends rewritten after stripping, each in turn
    _stems: dict[str, str] = field(default_factory=dict, repr=False)

    def stem(self, folded: str) -> str:
        cached = self._stems.get(folded)
        if cached is not None:
            return cached
        result = folded
        if not folded.isdigit():
            for _ in range(self.passes):
                stripped = self._strip_once(result)
                if stripped == result:
                    break
                result = stripped
            for pattern, replacement in self.rewrite_after:
                rewritten = pattern.sub(replacement, result)
                if len(rewritten) >= MIN_STEM:
                    result = rewritten
        if len(self._stems) < 500_000:  # a bound, so a flood of junk words cannot grow it forever
            self._stems[folded] = result
        return result

    def stem_once(self, folded: str) -> str:
        """``folded`` less one ending (and its rewrites): what a word keeps inside a compound."""
        return folded if folded.isdigit() else self._strip_once(folded)

    def _strip_once(self, word: str) -> str:
        for pattern, replacement in self.rewrite_before:
            rewritten = pattern.sub(replacement, word)
            if rewritten != word and len(rewritten) >= MIN_STEM:
                word = rewritten
                break
        for suffix in self.suffixes:
            if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM:
                # "glass" keeps its s (a double s is no plural); "glasses" loses "es".
                if suffix == "s" and word.endswith("ss"):
                    continue
                return word[: -len(suffix)]
        return word


def _rewrites(rules: dict[str, str]) -> tuple[tuple[re.Pattern[str], str], ...]:
    """{"ending": "replacement"} (folded; a regular expression anchored at the word's end)."""
    return tuple((re.compile(f"(?:{fold_word(ending)})$"), fold_word(replacement))
                 for ending, replacement in rules.items())


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
                                    common_words=frozenset(fold_word(w) for w in entry.get("common_words", "").split()),
                                    passes=int(entry.get("passes", 1)),
                                    rewrite_before=_rewrites(entry.get("rewrite_before", {})),
                                    rewrite_after=_rewrites(entry.get("rewrite_after", {})))
    return rules
