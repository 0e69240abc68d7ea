"""The match index: the inputs and outputs of published practices, analysed once and kept in memory.

The store is the truth; this index is derived from it. ``MatchIndexCache`` rebuilds it whenever the
store has changed, so a newly published, edited, unpublished or deleted practice shows up (or
disappears) on the next request. Every change to a practice writes a search-outbox row in the same
transaction, so the latest outbox sequence number (a primary-key lookup) says whether anything changed.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from sqlalchemy.orm import Session

from service.practices import service as practices
from service.symbiosis.resources import Analysis, ResourceVocabulary, words_of

Side = Literal["inputs", "outputs"]
MatchKind = Literal["exact", "synonym", "word", "typo"]
KIND_RANK: dict[str, int] = {"exact": 0, "synonym": 1, "word": 2, "typo": 3}

# What a match shows (SPEC §1 names); long texts stay in the store, the practice page has them.
CARD_FIELDS = ("id", "title", "organisation", "country", "region", "sectors", "investment_eur",
               "annual_savings_eur", "payback_years", "energy_saved_mwh", "co2_avoided_t", "water_saved_m3",
               "waste_avoided_t", "year", "inputs", "outputs", "source_url")


@dataclass
class Stream:
    """One distinct stream name (after folding) on one side, and the practices that list it."""

    name: str
    analysis: Analysis
    practice_ids: dict[str, None] = field(default_factory=dict)  # an ordered set


@dataclass
class SideIndex:
    streams: dict[tuple[str, ...], Stream] = field(default_factory=dict)
    by_group: dict[int, set[tuple[str, ...]]] = field(default_factory=dict)
    by_word: dict[str, set[tuple[str, ...]]] = field(default_factory=dict)
    by_content: dict[frozenset[str], set[tuple[str, ...]]] = field(default_factory=dict)

    def add(self, key: tuple[str, ...], name: str, practice_id: str, vocabulary: ResourceVocabulary) -> None:
        stream = self.streams.get(key)
        if stream is None:
            stream = self.streams[key] = Stream(name=name.strip(), analysis=vocabulary.analyse_words(key))
            for group in stream.analysis.groups:
                self.by_group.setdefault(group, set()).add(key)
            for word in stream.analysis.specific:
                self.by_word.setdefault(word, set()).add(key)
            self.by_content.setdefault(stream.analysis.content, set()).add(key)
        stream.practice_ids[practice_id] = None

    def candidates(self, query: Analysis) -> set[tuple[str, ...]]:
        keys: set[tuple[str, ...]] = set(self.by_content.get(query.content, ()))
        for group in query.groups:
            keys |= self.by_group.get(group, set())
        for word in query.specific:
            keys |= self.by_word.get(word, set())
        return keys


def classify(query: Analysis, stream: Analysis) -> MatchKind | None:
    """How a query names the same resource as a stream: same words, a synonym, or a shared word."""
    if query.phrases & stream.phrases or (query.content and query.content == stream.content):
        return "exact"
    if query.groups & stream.groups:
        return "synonym"
    mine, theirs = query.specific, stream.specific
    # "ash" finds "fly ash"; a stream "bark" is found by "bark from debarking"; "waste" alone is too broad.
    if mine and theirs and (mine <= stream.content or theirs <= query.content):
        return "word"
    return None


@dataclass
class MatchIndex:
    vocabulary: ResourceVocabulary
    cards: dict[str, dict[str, Any]] = field(default_factory=dict)
    sides: dict[str, SideIndex] = field(
        default_factory=lambda: {"inputs": SideIndex(), "outputs": SideIndex()})
    known_words: Counter[str] = field(default_factory=Counter)

    @classmethod
    def build(cls, rows: Iterable[dict[str, Any]], vocabulary: ResourceVocabulary) -> MatchIndex:
        index = cls(vocabulary=vocabulary)
        index.known_words.update(vocabulary.words)
        keys: dict[str, tuple[str, ...]] = {}  # the same few hundred names recur across thousands of rows
        for row in rows:
            if not (row.get("inputs") or row.get("outputs")):
                continue
            index.cards[row["id"]] = row
            for side in ("inputs", "outputs"):
                for name in row.get(side) or ():
                    key = keys.get(name)
                    if key is None:
                        key = keys[name] = words_of(name)
                    if key:
                        index.sides[side].add(key, name, row["id"], vocabulary)
                        index.known_words.update(key)
        return index

    def common(self, side: Side, limit: int = 10) -> list[dict[str, Any]]:
        """The resources most practices list on one side, by canonical name where one is known.

        A practice counts once per resource, however many of its stream names mean it ("spent grain" and
        "brewer's spent grain"): the count is what the finder shows when the resource is clicked."""
        practices: dict[str, set[str]] = {}
        for stream in self.sides[side].streams.values():
            groups = sorted(stream.analysis.groups)
            label = self.vocabulary.canonical(groups[0]) if groups else stream.name.lower()
            practices.setdefault(label, set()).update(stream.practice_ids)
        counts = {label: len(ids) for label, ids in practices.items()}
        return [{"resource": name, "practices": n}
                for name, n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:limit]]


def load_rows(session: Session) -> list[dict[str, Any]]:
    """Published practices that list any stream."""
    return practices.published_with_streams(session, CARD_FIELDS)


class MatchIndexCache:
    """The current MatchIndex, rebuilt when the store has changed since it was built."""

    def __init__(self, vocabulary: ResourceVocabulary) -> None:
        self.vocabulary = vocabulary
        self._lock = threading.Lock()
        self._key: tuple[Any, ...] | None = None
        self._index: MatchIndex | None = None
        self.builds = 0

    def get(self, session: Session) -> MatchIndex:
        key = practices.store_version(session)
        with self._lock:
            if self._index is None or key != self._key:
                self._index = MatchIndex.build(load_rows(session), self.vocabulary)
                self._key = key
                self.builds += 1
            return self._index
