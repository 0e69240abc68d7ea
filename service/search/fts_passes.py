"""Results of FTS5 passes for one version of the embedded index, kept for reuse.

Paging, sorting, ticking facets, the zero-result hints and search-as-you-type repeat the same text
passes. A new index version gets a new cache (it lives on the backend's per-version state), so nothing
stale is ever served. Passes over the most frequent terms take them from memory (frequent_terms).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
from collections import OrderedDict

import numpy as np

from service.search import sqlite_index
from service.search.facets import FacetSnapshot
from service.search.frequent_terms import ALL_COLUMNS, FrequentTerms, expression, match_rowids

MAX_CACHED_NUMBERS = 4_000_000  # positions and scores kept: 32 MB at most
# BM25 for the matching documents among the given rowids (a JSON array) only. `rowid + 0` keeps the
# list from reaching FTS5 as a constraint, which would re-run the whole match once per rowid; as a
# plain filter SQLite checks it on each match before the result column, so bm25() runs only for the
# listed documents. Its values are those of the unrestricted pass (same expression, same statistics).
RANK_SQL = (f"SELECT rowid, bm25(fts, {', '.join(map(str, sqlite_index.FTS_WEIGHTS))}) FROM fts "  # noqa: S608
            "WHERE fts MATCH ? AND (rowid + 0) IN (SELECT value FROM json_each(?))")


class PassCache:
    def __init__(self, snapshot: FacetSnapshot) -> None:
        self.snapshot = snapshot
        self._passes: OrderedDict[tuple[str, str, bytes], tuple[np.ndarray, np.ndarray]] = OrderedDict()
        self.size = 0  # numbers held, bounded by MAX_CACHED_NUMBERS
        self._lock = threading.Lock()
        # The most frequent terms' documents, once read ahead for this version (SqliteSearchBackend._read_ahead).
        self.frequent: FrequentTerms | None = None

    def __len__(self) -> int:
        return len(self._passes)

    def clear(self) -> None:
        with self._lock:
            self._passes.clear()
            self.size = 0

    def positions(self, conn: sqlite3.Connection, fts_expression: str) -> np.ndarray:
        """Positions of the documents matching ``fts_expression``, ascending."""
        return self._run(conn, "match", fts_expression, None)[0]

    def any_of(self, conn: sqlite3.Connection, items: list[str], columns: str = ALL_COLUMNS) -> np.ndarray:
        """Positions of the documents matching any of the FTS5 alternatives ``items`` (quoted terms or
        phrases) in ``columns`` (an FTS5 column filter), ascending: the terms read ahead from memory, the
        rest in one pass."""
        frequent = self.frequent
        if frequent is None:
            return self.positions(conn, expression(items, columns))
        held, rest = frequent.split(items, columns)
        if not held:
            return self.positions(conn, expression(rest, columns))
        present = frequent.mask(held, columns)
        if rest:
            present[self.positions(conn, expression(rest, columns))] = True
        return np.flatnonzero(present)

    def scores(self, conn: sqlite3.Connection, fts_expression: str,
               within: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(positions, BM25 scores) of the documents matching ``fts_expression`` among the positions ``within``.

        Computing BM25 costs about a microsecond per document, and the words of a query together often
        match tens of thousands of documents where only the few hundred matching all of them are ranked."""
        return self._run(conn, "rank", fts_expression, within)

    def _run(self, conn: sqlite3.Connection, kind: str, fts_expression: str,
             within: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
        within_key = b"" if within is None else hashlib.blake2b(within.tobytes(), digest_size=16).digest()
        key = (kind, fts_expression, within_key)
        with self._lock:
            hit = self._passes.get(key)
            if hit is not None:
                self._passes.move_to_end(key)
                return hit
        # BM25 cannot run inside an aggregate, so ranked passes come a row per document; they only run
        # over a few thousand matches (see sqlite_backend.MAX_BM25_MATCHES).
        if kind == "rank":
            rowid_list = json.dumps(self.snapshot.rowids[within].tolist())
            rows = conn.execute(RANK_SQL, (fts_expression, rowid_list)).fetchall()
            table = np.array(rows, dtype=float).reshape(-1, 2)
            rowids, scores = table[:, 0].astype(np.int64), table[:, 1]
        else:
            rowids = match_rowids(conn, fts_expression)
            scores = np.empty(0, dtype=float)
        positions = self.snapshot.positions(rowids)
        # FTS5 yields rowids in ascending order, so positions are already sorted and unique.
        if not bool(np.all(positions[1:] > positions[:-1])):
            positions, first = np.unique(positions, return_index=True)
            scores = scores[first] if scores.size else scores
        with self._lock:
            if key not in self._passes:
                self._passes[key] = (positions, scores)
                self.size += positions.size + scores.size
            # Bounded by size, not count: one pass over a common word holds 30,000 numbers, a rare one 10.
            while self.size > MAX_CACHED_NUMBERS and len(self._passes) > 1:
                old_positions, old_scores = self._passes.popitem(last=False)[1]
                self.size -= old_positions.size + old_scores.size
        return positions, scores
