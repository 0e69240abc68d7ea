"""seed/synonyms.json as Meilisearch will fire it: keys in the query's own words, long keys stood in for.

Two things keep a synonym from firing on Meilisearch although the embedded index uses it:

- the query sent to Meilisearch has its stop words dropped (text.query_words), so a key written with one
  ("combined heat and power") never meets the words it was written as; keys here are the same words
  the query is reduced to ("combined heat power");
- Meilisearch looks synonyms up for groups of one, two or three consecutive query words only (its
  query graph builds no longer n-grams), so "ground source heat pump" never fires. Each such key gets a
  stand-in: a made-up one-word key whose synonyms are the phrase itself and its alternatives, and the
  backend puts the stand-in into the query in place of the phrase's words (`rewrite`). The stand-ins
  are also kept out of typo matching, so that they can only ever match themselves.

The values stay as written (with their stop words): Meilisearch matches a multi-word synonym as a phrase
in the documents, whose text has those words.
"""

from __future__ import annotations

import json
import string
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from service.search.text import STOP_WORDS, tokenize

MAX_KEY_WORDS = 3  # the longest word group Meilisearch looks synonyms up for
STAND_IN_PREFIX = "gtsphrase"  # letters only: one token for Meilisearch's tokenizer, found in no document


@dataclass(frozen=True)
class MeiliSynonyms:
    table: dict[str, list[str]]  # the `synonyms` setting
    stand_ins: dict[tuple[str, ...], str]  # the words of a key longer than MAX_KEY_WORDS -> its stand-in
    longest: int

    def term(self, words: tuple[str, ...]) -> str | None:
        """How to write the synonym key `words` in `q` so that Meilisearch fires its synonyms: the stand-in
        of a key longer than MAX_KEY_WORDS, the bare words of a shorter one (a quoted phrase is matched as
        written, without synonyms); None when `words` is no key. For a `q` built from a query analysis."""
        if words in self.stand_ins:
            return self.stand_ins[words]
        key = " ".join(words)
        return key if key in self.table else None

    def rewrite(self, words: list[str]) -> list[str]:
        """The query words with every long synonym key replaced by its stand-in (longest match first)."""
        out: list[str] = []
        i = 0
        while i < len(words):
            for length in range(min(self.longest, len(words) - i), MAX_KEY_WORDS, -1):
                stand_in = self.stand_ins.get(tuple(words[i:i + length]))
                if stand_in:
                    out.append(stand_in)
                    i += length
                    break
            else:
                out.append(words[i])
                i += 1
        return out


def key_words(term: str) -> tuple[str, ...]:
    """A term's words as a query is reduced to them: folded tokens, stop words dropped unless all are."""
    tokens = tokenize(term)
    meaningful = [t for t in tokens if t not in STOP_WORDS]
    return tuple(meaningful or tokens)


def _stand_in(number: int) -> str:
    letters = ""
    while True:
        number, digit = divmod(number, 26)
        letters = string.ascii_lowercase[digit] + letters
        if not number:
            return STAND_IN_PREFIX + letters.rjust(2, "a")


@lru_cache(maxsize=4)
def load(path: Path) -> MeiliSynonyms:
    raw = json.loads(path.read_text(encoding="utf-8"))
    expansions: dict[tuple[str, ...], set[str]] = {}  # key words -> phrases as written (lowercased)
    written: dict[tuple[str, ...], set[str]] = {}  # key words -> the key as written

    def phrase(term: str) -> str:
        return " ".join(term.lower().split())

    def add(key: str, others: list[str]) -> None:
        words = key_words(key)
        if words:
            written.setdefault(words, set()).add(phrase(key))
            expansions.setdefault(words, set()).update(phrase(o) for o in others if key_words(o) != words)

    for group in raw.get("groups", []):
        for term in group:
            add(term, [t for t in group if t != term])
    for term, narrower in raw.get("one_way", {}).items():
        add(term, narrower)

    table: dict[str, list[str]] = {}
    stand_ins: dict[tuple[str, ...], str] = {}
    for words, others in sorted(expansions.items()):
        if not others:
            continue
        # The key as written is among its own synonyms when the query's words differ from it ("combined
        # heat power" for "combined heat and power"): documents hold the phrase as written.
        as_written = {w for w in written[words] if w != " ".join(words)}
        if len(words) <= MAX_KEY_WORDS:
            table[" ".join(words)] = sorted(others | as_written)
        else:
            stand_in = _stand_in(len(stand_ins))
            stand_ins[words] = stand_in
            # The phrase itself is among the stand-in's synonyms: replacing it must not lose its own matches.
            table[stand_in] = sorted({" ".join(words), *as_written, *others})
    return MeiliSynonyms(table=table, stand_ins=stand_ins, longest=max((len(w) for w in stand_ins), default=0))
