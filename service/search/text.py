"""Query text analysis shared by the backends: tokens, stop words, synonyms and FTS5 quoting.

The tokenizer mirrors SQLite's ``unicode61 remove_diacritics 2``: letters and digits make tokens,
everything else separates them, case and accents are folded. Quoting every token is what makes any
user text safe to hand to FTS5 (``heat-pump``, ``c++``, ``50%``, ``"abc``, a bare ``AND``).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from service.taxonomy import fold

TOKEN_RE = re.compile(r"[^\W_]+", re.UNICODE)
MAX_QUERY_WORDS = 10  # Meilisearch also reads only the first ten words of a query

# Words that carry no meaning in a question ("how can a dairy cut water use"). Only dropped when
# the query has other words, so a search for "the" still searches.
STOP_WORDS = frozenset("""
a about all also am an and any are as at be been being but by can could did do does doing for from had has
have how i if in into is it its me my of on or our ours so some such than that the their them then there
these they this those to too us was we what when where which who why will with would you your yours
""".split())


# Letters that Unicode does not decompose into a base letter plus an accent, so neither NFKD nor
# SQLite's remove_diacritics folds them; people type "lodz" for "Łódź" and "naestved" for "Næstved".
LETTER_FOLDS = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ð": "d", "ħ": "h", "ı": "i", "ŀ": "l", "ß": "ss",
                              "æ": "ae", "œ": "oe", "þ": "th"})


_FOLDED_LETTER = re.compile("[" + "".join(map(chr, LETTER_FOLDS)) + "]")


def tokenize(text: str) -> list[str]:
    return TOKEN_RE.findall(fold(text))


def fold_letters(token: str) -> str:
    """A folded token's plain-Latin spelling ("łodzkie" -> "lodzkie")."""
    return token.translate(LETTER_FOLDS)


def letter_aliases(text: str) -> str:
    """The plain-Latin spellings of the words of ``text`` that have one, to index beside the text."""
    folded = fold(text)
    if not _FOLDED_LETTER.search(folded):  # most texts: no word to spell otherwise, no need to split them
        return ""
    tokens = TOKEN_RE.findall(folded)
    return " ".join(sorted({alias for token in tokens if (alias := fold_letters(token)) != token}))


def fts_quote(token: str) -> str:
    """Quote one term for FTS5 so that no character of it is read as syntax."""
    return '"' + token.replace('"', '""') + '"'


def fts_phrase(tokens: tuple[str, ...], *, prefix: bool = False) -> str:
    return fts_quote(" ".join(tokens)) + (" *" if prefix else "")


@dataclass(frozen=True)
class Synonyms:
    """Equivalent terms as token tuples: ("pv",) -> [("photovoltaic",), ("solar", "panel"), ...]."""

    table: dict[tuple[str, ...], tuple[tuple[str, ...], ...]]
    longest: int

    def alternatives(self, words: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
        return self.table.get(words, ())


@lru_cache(maxsize=4)
def load_synonyms(path: Path) -> Synonyms:
    """Read seed/synonyms.json: mutual groups, plus one-way expansions (a broad term to narrower ones)."""
    raw = json.loads(path.read_text(encoding="utf-8"))
    table: dict[tuple[str, ...], set[tuple[str, ...]]] = {}
    for group in raw.get("groups", []):
        variants = [tuple(tokenize(term)) for term in group]
        for v in variants:
            table.setdefault(v, set()).update(o for o in variants if o != v)
    for term, expansions in raw.get("one_way", {}).items():
        key = tuple(tokenize(term))
        table.setdefault(key, set()).update(tuple(tokenize(e)) for e in expansions)
    longest = max((len(k) for k in table), default=1)
    return Synonyms(table={k: tuple(sorted(v)) for k, v in table.items() if k}, longest=longest)


def typo_budget(word: str) -> int:
    """Meilisearch's defaults: no typo under 5 letters, 1 for 5–8, 2 for 9 and more."""
    if len(word) < 5 or word.isdigit():
        return 0
    return 1 if len(word) < 9 else 2


def inflections(word: str) -> set[str]:
    """Plural and verb forms of an English word, to be kept where the index knows them."""
    forms = {word + "s", word + "es", word + "ed", word + "d", word + "ing"}
    if word.endswith("ies"):
        forms.add(word[:-3] + "y")
    if word.endswith("es"):
        forms.add(word[:-2])
    if word.endswith("s") and not word.endswith("ss"):
        forms.add(word[:-1])
    if word.endswith("y"):
        forms.add(word[:-1] + "ies")
    if word.endswith("e"):
        forms.update({word[:-1] + "ing", word[:-1] + "ed"})
    if word.endswith("ing"):
        forms.update({word[:-3], word[:-3] + "e"})
    if word.endswith("ed"):
        forms.update({word[:-2], word[:-1]})
    forms.discard(word)
    return {f for f in forms if len(f) > 2}


def query_words(q: str) -> tuple[list[str], bool]:
    """The words a query searches for, stop words dropped, and whether the last one is a prefix."""
    words = tokenize(q)[:MAX_QUERY_WORDS]
    # A query typed to its end ("spent grain ") has a complete last word; otherwise it may be half-typed.
    last_is_prefix = bool(words) and not q[-1:].isspace()
    meaningful = [w for w in words if w not in STOP_WORDS]
    if meaningful and len(meaningful) < len(words):
        if last_is_prefix and words[-1] in STOP_WORDS:
            last_is_prefix = False
        words = meaningful
    return words, last_is_prefix
