"""The embedded search backend: SQLite FTS5 for matching and ranking, numpy masks for facets.

Ranking, in order: how much of the query a document matches (its words weighted by rarity, typo
matches weighted down), then the query as a phrase, then BM25 with field weights (for queries matching
more than MAX_BM25_MATCHES documents: a title match, then shorter text). Full-text passes are cached
per index version; highlighting is done in Python (highlight.py).
"""

from __future__ import annotations

import bisect
import json
import logging
import math
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
import orjson
from rapidfuzz import process
from rapidfuzz.distance import OSA

from service.search import frequent_terms, sqlite_index
from service.search.analysis import (
    Analysis,
    Analyzer,
    Concept,
    concept_token,
    foreign_concept_token,
    load_analyzer,
)
from service.search.analysis.concepts import FOREIGN_TOKEN_PREFIX
from service.search.analysis.report import drop_order, understood_report
from service.search.facets import FacetSnapshot
from service.search.frequent_terms import STRONG_COLUMNS, TITLE_COLUMN, FrequentTerms
from service.search.fts_passes import PassCache
from service.search.highlight import Highlighter
from service.search.query import FacetCount, SearchQuery, SearchResult
from service.search.text import (
    STOP_WORDS,
    Synonyms,
    fold_letters,
    fts_phrase,
    fts_quote,
    inflections,
    typo_budget,
)
from service.taxonomy import FACET_FIELDS, SEED_DIR, Taxonomy

log = logging.getLogger(__name__)

MAX_TYPO_CANDIDATES = 8
# How much a query word counts towards a document's coverage of the query, by how it was found: as
# typed in a strong column (title, technologies, resources, summary) it counts fully.
WEAK_FIELD_WEIGHT = 0.6  # found as typed, but only in the description, place, labels
TYPO_WEIGHT = 0.5  # found only through a typo: always below the word as typed
NEAR_TOKENS = 5  # a term of several words also matches its words this close together
PREFIX_WEIGHT = 0.35  # found only as the start of a longer word: below a typo correction
# STRONG_COLUMNS (frequent_terms): where a practice says what it is about. It ranks above the description, and
# is where a query of precise terms is counted (Analysis.named_only; meili_backend.NAMED_ATTRIBUTES).
PHRASE_COLUMNS = "{title technologies resources}"
TOKEN_FAMILY = "z"  # concept tokens begin with it (analysis.concepts: "zc" + the concept's letters)
# A half-typed word is searched as the index's words it begins, listed, when there are at most this many:
# FTS5 merges the documents of every such word for a prefix query ("plant" *: 4 ms over 27,000 documents),
# and most of them are the word and its forms, already searched as such.
MAX_PREFIX_TERMS = 30
# BM25 costs about three microseconds per matching document at 100,000 (11 ms for `wastewater`'s 3,810
# matches, most of a first-time search): past this many matches, ties are broken by cheaper signals (a
# match in the title, shorter text). Was 4,000; 2,000 brought the first-time one-word p99 at 100,000 from
# 28 to 21 ms. Never reached on the seed data, so its judged sets rank as before.
MAX_BM25_MATCHES = 2000
# A page of rows is passed as one JSON array parameter: no SQL is ever built from values.
PAGE_DOCS_SQL = "SELECT rowid, doc FROM docs WHERE rowid IN (SELECT value FROM json_each(?))"
# The description is read from the full-text table one rowid at a time: FTS5 looks up `rowid = ?` directly,
# while `rowid IN (...)` without MATCH would scan the whole table.
DESCRIPTION_SQL = "SELECT description FROM fts WHERE rowid = ?"


@dataclass
class _Group:
    """One word of the query (or a multi-word synonym) and the FTS5 expressions that match it."""

    words: tuple[str, ...]
    core: list[str]  # the word itself, as typed or as a prefix, and its synonyms
    variants: list[str]  # other forms of the word (plural, verb forms, plain-Latin spelling)
    typos: list[str]
    prefix: list[str] = field(default_factory=list)  # the half-typed word's prefix query
    concept_ids: tuple[str, ...] = ()
    weight: float = 1.0
    terms: frozenset[str] = frozenset()  # every token these expressions match, for highlighting
    prefixes: tuple[str, ...] = ()

    @property
    def exact(self) -> list[str]:
        return self.core + self.variants



@dataclass
class _Match:
    """The documents a concept matches (any way), and what each contributes to their coverage."""

    any: np.ndarray
    coverage: np.ndarray
    strong: np.ndarray  # positions naming it exactly in the title, technologies, resources or summary


@dataclass
class _Vocabulary:
    terms: set[str]
    by_first: dict[str, list[str]]
    ordered: list[str] = field(default_factory=list)  # every term, sorted: the terms a prefix begins are a run
    # The terms beginning with "z" found in any column but "concepts". Concept tokens ("zcwasteheat", and any
    # other family of them) begin with z and are indexed in the concepts column: in no other, unless a
    # practice's own text spells one. A z-term not listed here cannot match in the title or the other strong
    # columns, so those passes leave it out (a quarter of the cost of such a pass for a concept as common as
    # energy). Reading the z-terms' columns costs about 20 ms per index version at 100,000 practices.
    tokens_in_text: frozenset[str] = frozenset()
    frequent: list[str] = field(default_factory=list)  # the terms to read ahead (frequent_terms)

    @classmethod
    def load(cls, conn: sqlite3.Connection, size: int, read_ahead_min_docs: int) -> _Vocabulary:
        # FTS5 counts every term's documents to list the terms at all: the counts cost nothing more.
        doc_counts = conn.execute("SELECT term, doc FROM vocab").fetchall()
        terms = {row[0] for row in doc_counts}
        by_first: dict[str, list[str]] = {}
        for term in terms:
            by_first.setdefault(term[0], []).append(term)
        in_text = frozenset(row[0] for row in conn.execute(
            "SELECT DISTINCT term FROM temp.vocab_columns WHERE term >= ? AND term < ? AND col != 'concepts'",
            (TOKEN_FAMILY, chr(ord(TOKEN_FAMILY) + 1))))
        return cls(terms=terms, by_first=by_first, ordered=sorted(terms), tokens_in_text=in_text,
                   frequent=frequent_terms.frequent(doc_counts, size, read_ahead_min_docs))

    def in_text_columns(self, items: list[str]) -> list[str]:
        """FTS5 alternatives, less the concept tokens (z-terms) that appear in no column but concepts."""
        return [item for item in items
                if not (item.startswith('"' + TOKEN_FAMILY) and item.endswith('"') and item[1:-1].isalnum()
                        and item[1:-1] not in self.tokens_in_text)]

    def completions(self, prefix: str, limit: int) -> list[str] | None:
        """The index's terms beginning with ``prefix`` (itself included), or None if there are more than
        ``limit`` or the prefix is not a plain ASCII token (so that FTS5's tokenizer reads it as it is written)."""
        if not (prefix.isascii() and prefix.isalnum()):
            return None
        start = bisect.bisect_left(self.ordered, prefix)
        found = []
        for term in self.ordered[start:start + limit + 1]:
            if not term.startswith(prefix):
                break
            found.append(term)
        return found if len(found) <= limit else None

    def typo_variants(self, word: str) -> list[str]:
        budget = typo_budget(word)
        if not budget:
            return []
        # A typo in the first letter costs more than Meilisearch allows here, so only same-initial terms.
        candidates = self.by_first.get(word[0], [])
        matches = process.extract(word, candidates, scorer=OSA.distance, score_cutoff=budget,
                                  limit=MAX_TYPO_CANDIDATES + 1)
        return [term for term, distance, _ in sorted(matches, key=lambda m: (m[1], m[0]))
                if term != word and distance <= budget][:MAX_TYPO_CANDIDATES]


@dataclass
class _State:
    """One version of the index as this process reads it."""

    inode: int
    generation: str
    snapshot: FacetSnapshot
    vocabulary: _Vocabulary
    passes: PassCache
    read_ahead: threading.Event = field(default_factory=threading.Event)  # set once passes.frequent is read


class SqliteSearchBackend:
    name = "sqlite"
    in_process = True  # answers from local files in milliseconds, never waits on a network

    def __init__(self, path: Path, *, taxonomy: Taxonomy, synonyms: Synonyms,
                 analyzer: Analyzer | None = None,
                 read_ahead_min_docs: int = frequent_terms.READ_AHEAD_MIN_DOCS) -> None:
        self.path = path
        self.read_ahead_min_docs = read_ahead_min_docs
        self.taxonomy = taxonomy
        self.synonyms = synonyms
        self.analyzer = analyzer or load_analyzer(SEED_DIR)
        self._local = threading.local()
        self._reload_lock = threading.Lock()
        self._state: _State | None = None
        sqlite_index.ensure_index(path)

    # --- writing -----------------------------------------------------------------------------------

    def rebuild(self, documents: Iterable[dict[str, Any]]) -> int:
        with sqlite_index.write_lock(self.path):
            return sqlite_index.rebuild_file(self.path, documents, self.taxonomy)

    def upsert(self, documents: list[dict[str, Any]]) -> None:
        if documents:
            sqlite_index.upsert_docs(self.path, documents, self.taxonomy)

    def delete(self, ids: list[str]) -> None:
        if ids:
            sqlite_index.delete_docs(self.path, ids)

    # --- reading -----------------------------------------------------------------------------------

    def count(self) -> int:
        return self._current()[1].snapshot.size

    def health(self) -> dict[str, Any]:
        state = self._current()[1]
        read_ahead = "reading" if not state.read_ahead.is_set() else "ready" if state.vocabulary.frequent else "none"
        return {"backend": self.name, "ok": True, "documents": state.snapshot.size, "path": str(self.path),
                "frequent_terms": len(state.vocabulary.frequent), "frequent_terms_read": read_ahead}

    def wait_for_read_ahead(self, timeout: float) -> bool:
        """Whether the current index version's frequent terms are in memory, waiting up to ``timeout`` s."""
        return self._current()[1].read_ahead.wait(timeout)

    def damage(self) -> str | None:
        """What is wrong with the index file, if anything (service.search.healing repairs it)."""
        return sqlite_index.damage(self.path)

    def forget_cached_passes(self) -> None:
        """Drop cached full-text passes, so that the next search runs as if it were the first."""
        state = self._state
        if state is not None:
            state.passes.clear()

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None

    def _connection(self) -> tuple[sqlite3.Connection, int]:
        inode = os.stat(self.path).st_ino
        conn = getattr(self._local, "conn", None)
        if conn is None or self._local.inode != inode:
            if conn is not None:
                conn.close()
            conn = sqlite_index.connect(self.path)
            # Which columns hold a term (see _Vocabulary.tokens_in_text); a temporary table, the file is untouched.
            conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.vocab_columns USING fts5vocab(main, 'fts', 'col')")
            conn.execute("PRAGMA query_only=ON")
            # Should the file be swapped between stat() and connect(), the next call sees a new inode
            # and reconnects: one stale read at most, never a wrong one.
            self._local.conn, self._local.inode = conn, inode
        return conn, inode

    def _current(self) -> tuple[sqlite3.Connection, _State]:
        conn, inode = self._connection()
        return conn, self._state_for(conn, inode)

    def _state_for(self, conn: sqlite3.Connection, inode: int) -> _State:
        """The snapshot of the index version this connection reads, reloaded when the index changed."""
        generation = conn.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()[0]
        state = self._state
        if state is None or state.inode != inode or state.generation != generation:
            with self._reload_lock:
                state = self._state
                if state is None or state.inode != inode or state.generation != generation:
                    rows = conn.execute(
                        "SELECT rowid, id, sectors, impacts, key_areas, country, company_size, investment_band, "
                        "payback_band, investment, savings, payback, year, length, published FROM docs ORDER BY rowid"
                    ).fetchall()
                    snapshot = FacetSnapshot.from_rows(rows)
                    vocabulary = _Vocabulary.load(conn, snapshot.size, self.read_ahead_min_docs)
                    state = _State(inode=inode, generation=generation, snapshot=snapshot,
                                   vocabulary=vocabulary, passes=PassCache(snapshot))
                    self._state = state
                    if vocabulary.frequent:
                        threading.Thread(target=self._read_ahead, args=(state,), name="read-ahead", daemon=True).start()
                    else:
                        state.read_ahead.set()
        return state

    def _read_ahead(self, state: _State) -> None:
        """Read the frequent terms of ``state``'s index version into memory (frequent_terms); until then, and
        if the version is gone before, searches ask FTS5 for them as for any term."""
        started = time.perf_counter()
        try:
            if os.stat(self.path).st_ino != state.inode:
                return
            conn = sqlite_index.connect_read_only(self.path)
            try:
                conn.execute("BEGIN")  # the version of the snapshot, checked below, for every pass
                # A file swapped in since stat() has another generation (sqlite_index.create_schema).
                if conn.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()[0] != state.generation:
                    return
                frequent = FrequentTerms.read(conn, state.snapshot, state.vocabulary.frequent,
                                              given_up=lambda: self._state is not state)
            finally:
                conn.close()
            if frequent is None:
                return
            state.passes.frequent = frequent
        except (sqlite3.Error, OSError) as exc:  # a damaged or vanished file: healing deals with it
            log.warning("frequent terms not read ahead: %s", exc)
            return
        finally:
            state.read_ahead.set()
        log.info("read ahead %d frequent terms in %.2f s (%.1f MB)", len(state.vocabulary.frequent),
                 time.perf_counter() - started, frequent.nbytes / 1e6)

    def search(self, query: SearchQuery) -> SearchResult:
        started = time.perf_counter()
        conn, inode = self._connection()
        # One read transaction for the whole search: every statement sees the same version of the index,
        # even while a sync commits new documents (the snapshot's rows and FTS's rows must agree).
        conn.execute("BEGIN")
        try:
            return self._search(conn, self._state_for(conn, inode), query, started)
        finally:
            conn.execute("COMMIT")

    @staticmethod
    def _scope(snap: FacetSnapshot, query: SearchQuery) -> np.ndarray | None:
        """The practices within the query's filters and ranges; None without any."""
        scope = snap.range_mask(query)
        for mask in snap.filter_masks(query).values():
            scope = mask if scope is None else scope & mask
        return scope

    def _search(self, conn: sqlite3.Connection, state: _State, query: SearchQuery, started: float) -> SearchResult:
        snap = state.snapshot
        query, analysis = self.analyzer.apply(query)
        english = analysis.language in (None, "en")
        groups = [self._group(concept, state.vocabulary, english=english) for concept in analysis.concepts]
        matches = [self._matches(conn, state, group) for group in groups]
        scope = self._scope(snap, query) if any(c.narrow for c in analysis.concepts) else None
        nowhere = [i for i, (c, m) in enumerate(zip(analysis.concepts, matches, strict=True))
                   if c.narrow and not (m.any if scope is None else m.any & scope).any()]
        if nowhere:  # a term typed as no practice (within the filters) says it: what it means (Analysis.widened)
            analysis = analysis.widened(nowhere)
            for i in nowhere:
                groups[i] = self._group(analysis.concepts[i], state.vocabulary, english=english)
                matches[i] = self._matches(conn, state, groups[i])

        text_mask: np.ndarray | None = None
        ranking: list[np.ndarray] = []
        score_reached: Callable[[np.ndarray], None] | None = None  # BM25 for the documents _order reaches
        dropped: list[int] = []
        if analysis.phrases or analysis.exclusions or groups:
            text_required = self._required(conn, state, analysis)
            # The totals count practices matching every concept; when none does, the concepts are given up
            # one by one in the analysis' order (words found nowhere, then what says least) until some
            # practice (within the filters) matches; a concept found somewhere is never the last one given up.
            if scope is None:  # not needed above (no narrow concept), or no filters at all
                scope = self._scope(snap, query)
            required = text_required if scope is None else text_required & scope
            if analysis.named_only:
                # Every required concept a precise term: the practices that name it where they say what they
                # are about (Analysis.named_only), unless none within the filters does.
                named = [replace(m, any=self._named(conn, state, g, m)) for g, m in zip(groups, matches, strict=True)]
                if _all_of([named[i].any for i in analysis.required], required).any():
                    matches = named
            narrow = [i for i in analysis.required if analysis.concepts[i].narrow]
            if (narrow and len(analysis.required) > 1 and not query.match_any
                    and not _all_of([matches[i].any for i in analysis.required], required).any()):
                # No practice matches every concept: before a word is given up, the precise terms are read as
                # their whole concepts ("ultrasonic leak detection": the compressed-air leak cases say "leak
                # detector"), if some practice then matches every concept.
                wide = analysis.widened(narrow)
                wide_groups, wide_matches = list(groups), list(matches)
                for i in narrow:
                    wide_groups[i] = self._group(wide.concepts[i], state.vocabulary, english=english)
                    wide_matches[i] = self._matches(conn, state, wide_groups[i])
                if _all_of([wide_matches[i].any for i in wide.required], required).any():
                    analysis, groups, matches = wide, wide_groups, wide_matches
            found = [int(np.count_nonzero(m.any)) for m in matches]
            kept = analysis.required
            optional = [i for i in range(len(groups)) if i not in kept]
            for index in [] if query.match_any else drop_order(analysis, found, snap.size):
                if _all_of([matches[i].any for i in kept], required).any() or (found[index] and len(kept) == 1):
                    break
                kept.remove(index)
                dropped.append(index)
            text_mask = _all_of([matches[i].any for i in kept], text_required)
            if query.match_any and groups:
                text_mask = np.logical_or.reduce([m.any for m in matches]) & text_required
                kept, optional, dropped = list(range(len(groups))), [], []
            if groups and not kept:
                text_mask = np.zeros(snap.size, dtype=bool)
            # Optional concepts (everyday words beside field terms) rank what the required ones count.
            kept = sorted(kept + optional) if kept else kept
            coverage = np.zeros(snap.size, dtype=float)
            for i in kept:
                coverage += matches[i].coverage
            scores = np.zeros(snap.size, dtype=float)
            kept_groups = [groups[i] for i in kept]
            if kept_groups:
                # BM25 breaks ties between documents that cover the query equally. It scores only the words
                # as typed (and their synonyms): counted over every variant, a document repeating "heat",
                # "heats" and "heating" would outscore one about a "heat pump".
                core = " OR ".join(frequent_terms.expression(group.core) for group in kept_groups)
                candidates = np.flatnonzero(text_mask)
                if candidates.size <= MAX_BM25_MATCHES:
                    score_reached = partial(_score, conn, state.passes, core, scores)
                else:
                    # Many matches (a common word in a large index): a title match first, then shorter text,
                    # where a match says more. Both cost a plain pass or nothing.
                    in_title = [state.vocabulary.in_text_columns(_without_implied(group.core)) for group in kept_groups]
                    if any(in_title):
                        title_terms = list(dict.fromkeys(item for items in in_title for item in items))
                        scores[state.passes.any_of(conn, title_terms, TITLE_COLUMN)] = -1.0
                    scores += snap.numbers["length"] / (1.0 + snap.numbers["length"].max()) - 1.0
            phrase_level = np.zeros(snap.size, dtype=np.int8)
            words = tuple(word for group in kept_groups for word in group.words)
            phrase = _phrase_expression(words, analysis.last_is_prefix, state.vocabulary)
            if phrase:
                in_phrase = state.passes.positions(conn, phrase)
                phrase_level[in_phrase] = 1
                if in_phrase.size:  # in these columns only if anywhere
                    phrase_level[state.passes.positions(conn, f"{PHRASE_COLUMNS} : ({phrase})")] = 2
            # np.lexsort sorts by its last key first.
            ranking = [scores, -phrase_level, -coverage]

        base = text_mask
        range_mask = snap.range_mask(query)
        if range_mask is not None:
            base = range_mask if base is None else base & range_mask
        filter_masks = snap.filter_masks(query)
        counts = snap.counts(base, filter_masks)
        final = base if base is not None else np.ones(snap.size, dtype=bool)
        for mask in filter_masks.values():
            final = final & mask

        matched = np.flatnonzero(final)
        order = self._order(matched, ranking, query, snap, limit=query.offset + query.per_page,
                            before_last=score_reached)
        page_positions = order[query.offset:]
        kept_groups = [g for i, g in enumerate(groups) if i not in dropped]
        hits = self._hits(conn, snap, page_positions, kept_groups, analysis.phrases)
        suggestions = self.analyzer.suggest([groups[i].words[0] for i in dropped if len(groups[i].words) == 1])
        return SearchResult(total=int(matched.size), page=query.page, per_page=query.per_page, hits=hits,
                            facets=self._facets(counts, query), took_ms=(time.perf_counter() - started) * 1000,
                            backend=self.name, understood=understood_report(analysis, dropped, suggestions))

    # --- query analysis ----------------------------------------------------------------------------

    def _required(self, conn: sqlite3.Connection, state: _State, analysis: Analysis) -> np.ndarray:
        """Every quoted phrase present and no excluded word or phrase: what any match must satisfy."""
        snap = state.snapshot
        mask = np.ones(snap.size, dtype=bool)
        for phrase in analysis.phrases:
            present = np.zeros(snap.size, dtype=bool)
            present[state.passes.any_of(conn, [fts_phrase(phrase)])] = True
            mask &= present
        for excluded in analysis.exclusions:
            mask[state.passes.any_of(conn, [fts_phrase(excluded)])] = False
        return mask

    def _group(self, concept: Concept, vocabulary: _Vocabulary, *, english: bool = True) -> _Group:
        """A concept of the analysis as FTS5 expressions: exact (as typed, other forms, synonyms, joined or
        split spellings, its concept token), typo corrections, and the prefix of a half-typed word."""
        span = concept.words
        core: list[str] = []
        variants: list[str] = []
        typos: list[str] = []
        prefix: list[str] = []
        # A synonym's one-letter pieces ("brewer's grains" -> brewer, s, grains) would mark every stray
        # letter of a text ("A/S"); only what the user typed may be that short.
        terms = {token for token in span if token not in STOP_WORDS}
        terms.update(token for phrase in concept.alternatives for token in phrase
                     if token not in STOP_WORDS and len(token) > 1)
        prefixes: tuple[str, ...] = ()
        if len(span) == 1:
            word = span[0]
            plain = fold_letters(word)
            core.append(fts_quote(word))
            if concept.prefix:
                prefix.append(fts_quote(word) + " *")
                prefixes = tuple(dict.fromkeys((word, plain)))
            if plain != word:
                variants.append(fts_quote(plain))
            forms = sorted(inflections(plain) & vocabulary.terms)
            variants.extend(fts_quote(form) for form in forms)
            terms.update([plain, *forms])
            if concept.fuzzy:
                corrections = vocabulary.typo_variants(plain)
                typos.extend(fts_quote(term) for term in corrections)
                terms.update(corrections)
        else:
            core.append(fts_phrase(span))
            # The words close together in any order and form ("reuse 60% of its process water" for "water
            # reuse"): a term's words apart in a long text say something else, so within NEAR_TOKENS only.
            variants.append(_near(span))
            if concept.prefix:
                prefix.append(fts_phrase(span, prefix=True))
                prefixes = (span[-1],)
        core.extend(fts_phrase(alt) for alt in concept.alternatives)
        if concept.narrow:
            # An English term of a measure or a material is searched as typed (and as the synonym list's
            # equivalents), as Meilisearch does (meili_query): the vocabulary's concept also holds narrower and
            # sibling terms ("HVO" beside every biofuel, "pellets" beside "wood pellets"), which would count
            # practices that do not say what was typed. Practices in other languages match through the concept.
            core.extend(fts_quote(foreign_concept_token(concept_id)) for concept_id in concept.concept_ids)
        else:
            core.extend(fts_quote(concept_token(concept_id)) for concept_id in concept.concept_ids)
            # The concept's own (English) terms, so that a practice naming it in its title counts as if they had
            # been typed. For an English query they are other forms (BM25 scores only what was typed, see
            # _search); for a query in another language they are what BM25 scores, as the typed words are in no
            # English text.
            named = [fts_phrase(tuple(term)) for term in self.analyzer.concept_phrases(concept.concept_ids)]
            (variants if english else core).extend(named)
        core = list(dict.fromkeys(core))
        variants = [v for v in dict.fromkeys(variants) if v not in core]
        known = set(core) | set(variants)
        if len(span) == 1 and prefix:
            # The words the half-typed word begins, less those searched already as typed, as a form or as a
            # typo: the same documents as the prefix query once those are set apart (see _matches).
            completions = vocabulary.completions(span[0], MAX_PREFIX_TERMS)
            if completions is not None:
                searched = known | set(typos)
                prefix = [quoted for quoted in map(fts_quote, completions) if quoted not in searched]
        return _Group(words=span, core=core, variants=variants, typos=[t for t in typos if t not in known],
                      prefix=prefix, weight=concept.weight, concept_ids=concept.concept_ids,
                      terms=frozenset(fold_letters(t) for t in terms), prefixes=prefixes)

    @staticmethod
    def _named(conn: sqlite3.Connection, state: _State, group: _Group, match: _Match) -> np.ndarray:
        """The documents naming a concept as typed (or a form, a synonym) in the columns that say what a
        practice is about, or through its foreign concept token (a rare token: a cheap pass)."""
        mask = np.zeros(state.snapshot.size, dtype=bool)
        mask[match.strong] = True
        foreign = [term for term in group.exact if term.strip('"').startswith(FOREIGN_TOKEN_PREFIX)]
        if foreign:
            mask[state.passes.any_of(conn, foreign)] = True
        return mask

    def _matches(self, conn: sqlite3.Connection, state: _State, group: _Group) -> _Match:
        """Which documents match a concept, and how much that counts towards their coverage of the query:
        the concept's rarity (IDF) times its weight, by where and how it is found.

        Exact (as typed, a form or a synonym) before a typo correction before a prefix; a word in the title,
        technologies, resources or summary outweighs one that only appears in the description, so that
        questions typed in plain language find the practice about their subject rather than one that
        mentions it in passing.
        """
        snap = state.snapshot
        exact_items = _without_implied(group.exact)
        exact = state.passes.any_of(conn, exact_items)
        strong_items = state.vocabulary.in_text_columns(exact_items)
        strong = exact[:0]
        if strong_items:
            strong = state.passes.any_of(conn, strong_items, STRONG_COLUMNS)
        # Set apart with a mask, not np.setdiff1d/union1d, which sort (2.5 ms for 40,000 matches).
        any_match = np.zeros(snap.size, dtype=bool)
        any_match[exact] = True
        fuzzy = np.empty(0, dtype=np.int64)
        if group.typos:
            corrected = state.passes.any_of(conn, group.typos)
            fuzzy = corrected[~any_match[corrected]]
            any_match[fuzzy] = True
        begun = np.empty(0, dtype=np.int64)
        if group.prefix:
            completed = state.passes.any_of(conn, group.prefix)
            begun = completed[~any_match[completed]]
            any_match[begun] = True
        found = exact.size + fuzzy.size + begun.size
        coverage = np.zeros(snap.size, dtype=float)
        if found:
            idf = math.log(1 + (snap.size - found + 0.5) / (found + 0.5)) * group.weight
            coverage[exact] += idf * WEAK_FIELD_WEIGHT
            coverage[strong] += idf * (1 - WEAK_FIELD_WEIGHT)
            coverage[fuzzy] += idf * TYPO_WEIGHT
            coverage[begun] += idf * PREFIX_WEIGHT
        return _Match(any=any_match, coverage=coverage, strong=strong)

    # --- ordering, hits and facets ----------------------------------------------------------------

    @staticmethod
    def _order(matched: np.ndarray, ranking: list[np.ndarray], query: SearchQuery, snap: FacetSnapshot,
               limit: int, before_last: Callable[[np.ndarray], None] | None = None) -> np.ndarray:
        """The first ``limit`` matched positions in result order."""
        if matched.size == 0:
            return matched
        # Most significant first. Without a query, "relevance" browses newest first.
        keys = ranking[::-1] or [snap.order_key("year", -1)]
        sort_keys = {"payback": ("payback", 1), "investment": ("investment", 1), "savings": ("savings", -1),
                     "newest": ("year", -1), "recent": ("published", -1)}
        if query.sort in sort_keys:
            column, direction = sort_keys[query.sort]
            keys.insert(0, snap.order_key(column, direction))
        return top_in_order(matched, keys, limit, before_last)

    def _hits(self, conn: sqlite3.Connection, snap: FacetSnapshot, positions: np.ndarray,
              groups: list[_Group], phrases: tuple[tuple[str, ...], ...] = ()) -> list[dict[str, Any]]:
        if positions.size == 0:
            return []
        rowids = [int(r) for r in snap.rowids[positions]]
        page = json.dumps(rowids)
        docs = {row[0]: orjson.loads(row[1]) for row in conn.execute(PAGE_DOCS_SQL, (page,))}
        # A concept found through the vocabulary is marked in each practice's own language.
        concept_ids = tuple(cid for g in groups for cid in g.concept_ids)
        languages = {doc.get("language") or "en" for doc in docs.values()}
        concept_words = self.analyzer.concept_terms(concept_ids, languages) if concept_ids else set()
        highlighter = Highlighter(terms=frozenset().union(*(g.terms for g in groups), *(set(p) for p in phrases),
                                                          concept_words),
                                  prefixes=tuple(p for g in groups for p in g.prefixes))
        descriptions = {}
        if groups or phrases:
            descriptions = {rowid: conn.execute(DESCRIPTION_SQL, (rowid,)).fetchone()[0] for rowid in rowids}
        hits = []
        for rowid in rowids:
            hit = docs[rowid]
            hit["highlight"] = {
                "title": highlighter.mark(hit["title"]),
                "summary": highlighter.mark(hit["summary"]),
                # A description excerpt only helps when it shows where the query matched.
                "description": highlighter.snippet(descriptions.get(rowid) or ""),
            }
            hits.append(hit)
        return hits

    def _facets(self, counts: dict[str, dict[str, int]], query: SearchQuery) -> dict[str, list[FacetCount]]:
        facets: dict[str, list[FacetCount]] = {}
        for name in FACET_FIELDS:
            facet = self.taxonomy.facet(name)
            selected = set(query.filters.get(name, ()))
            facet_counts = counts.get(name, {})
            if name == "country":
                present = [c for c in facet_counts if facet_counts[c] > 0] + [c for c in selected
                                                                               if c not in facet_counts]
                values = sorted(set(present), key=lambda c: (-facet_counts.get(c, 0), c))
            else:
                values = list(facet.values)
            facets[name] = [FacetCount(value=v, label=facet.values.get(v, v), count=facet_counts.get(v, 0),
                                       selected=v in selected) for v in values]
        return facets


def _near(words: tuple[str, ...]) -> str:
    """FTS5 NEAR of the words; a word of 6+ letters also in its other endings (all but its last letter as a
    prefix: "recovery" -> recover*). Shorter words as typed: "wast*" would find "wastewater"."""
    parts = [fts_quote(w[:-1]) + " *" if len(w) >= 6 and w.isalpha() else fts_quote(w) for w in words]
    return f"NEAR({' '.join(parts)}, {NEAR_TOKENS})"


def _score(conn: sqlite3.Connection, passes: PassCache, expression: str, scores: np.ndarray,
           needed: np.ndarray) -> None:
    """BM25 of ``expression`` into ``scores`` for the documents at the positions ``needed``: those the
    ordering compares by BM25 (tied on everything before it, or already on the page). About a microsecond
    each, and the documents matching every concept but tied on coverage and phrase are often few."""
    ranked, bm25 = passes.scores(conn, expression, within=np.sort(needed))
    scores[ranked] = bm25


def _phrase_expression(words: tuple[str, ...], prefix: bool, vocabulary: _Vocabulary) -> str:
    """The query's words as a phrase (its last word half-typed: as each word of the index it begins), or ""
    when it cannot match: fewer than two words, or a half-typed word that begins no word of the index."""
    if len(words) < 2:
        return ""
    if not (prefix and len(words[-1]) >= 3):
        return fts_phrase(words)
    completions = vocabulary.completions(words[-1], MAX_PREFIX_TERMS)
    if completions is None:
        return fts_phrase(words, prefix=True)
    return " OR ".join(fts_phrase((*words[:-1], term)) for term in completions)


def _without_implied(items: list[str]) -> list[str]:
    """FTS5 alternatives, less the phrases whose documents another alternative's finds anyway: "energy use"
    beside "energy". The same documents, but FTS5 reads every position of "energy" to find the phrase."""
    singles = {item for item in items if " " not in item}
    kept = []
    for item in items:
        words = item[1:-1].split(" ") if item.startswith('"') and item.endswith('"') and '"' not in item[1:-1] else []
        if len(words) > 1 and any(fts_quote(w) in singles for w in words if w.isascii() and w.isalnum()):
            continue
        kept.append(item)
    return kept


def _all_of(masks: list[np.ndarray], required: np.ndarray) -> np.ndarray:
    result = required.copy()
    for mask in masks:
        result &= mask
    return result


def top_in_order(positions: np.ndarray, keys: list[np.ndarray], limit: int,
                 before_last: Callable[[np.ndarray], None] | None = None) -> np.ndarray:
    """The first ``limit`` of ``positions`` (ascending) ordered by ``keys`` (full-size arrays, most
    significant first, smaller first, NaN as +inf), ties in position order: what a full lexsort would
    give, without sorting 100,000 documents to show 20.

    Key by key, the documents strictly better than the page's last one are in; those tied with it go on
    to be separated by the next key, and a tie on every key is settled by position. Only the chosen few
    are sorted. (Ranking keys are mostly long runs of equal values: every document covering the query
    equally, every practice of the newest year.) ``before_last`` is given the documents whose value of the
    last key is read, before it is: the key may be filled in for those only.
    """
    if before_last is None:
        chosen, pool, remaining = _narrow(positions, keys, limit)
    else:
        chosen, pool, remaining = _narrow(positions, keys[:-1], limit)
        before_last(np.concatenate([*chosen, pool]))
        more, pool, remaining = _narrow(pool, keys[-1:], remaining)
        chosen += more
    top = np.concatenate([*chosen, pool[:remaining]])
    # np.lexsort sorts by its last key first; the position as the first key keeps ties in index order.
    order = np.lexsort([top, *(np.nan_to_num(key[top], nan=np.inf) for key in reversed(keys))])
    return top[order]


def _narrow(pool: np.ndarray, keys: list[np.ndarray], remaining: int) -> tuple[list[np.ndarray], np.ndarray, int]:
    """Key by key: the documents of ``pool`` certainly among the first ``remaining`` (chosen), those tied
    with the last of them (the pool left), and how many of those are still wanted."""
    chosen: list[np.ndarray] = []
    for key in keys:
        if pool.size <= remaining:
            break
        values = np.nan_to_num(key[pool], nan=np.inf)
        kth = _kth_smallest(values, remaining)
        better = pool[values < kth]
        chosen.append(better)
        remaining -= better.size
        pool = pool[values == kth]
    return chosen, pool, remaining


def _kth_smallest(values: np.ndarray, k: int) -> Any:
    """The k-th smallest value (1-based). Ranking keys are often a few values in long runs (every
    document covering the query equally), the worst case for np.partition's introselect (3 ms instead of
    0.2 on 28,000 keys), so the common case, the smallest value filling the page by itself, is checked first."""
    smallest = values.min()
    if int(np.count_nonzero(values == smallest)) >= k:
        return smallest
    return np.partition(values, k - 1)[k - 1]
