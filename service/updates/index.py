"""ItemIndex, the search interface for items (the SearchBackend of practices, with a kind), and the
embedded implementation: one SQLite file with an FTS5 table for matching, everything else in Python.

Items number in the hundreds or thousands, not the hundred thousands of practices: filtering, facet
counts and ordering over a kind's documents in Python cost well under a millisecond per hundred.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import orjson

from service.search.query import FacetCount
from service.taxonomy import Taxonomy, fold
from service.updates.documents import TEXT_FIELDS
from service.updates.query import FACETS, TAXONOMY_FACETS, ItemQuery, matches, page_over_segments

HIT_FIELDS = ("id", "kind", "title", "summary", "published", "source", "start", "end", "opens", "closes",
              "timezone", "place", "organiser", "funder", "budget_eur", "url", "sectors", "impacts", "countries",
              "language", "practices")


@dataclass
class ItemResult:
    total: int
    page: int
    per_page: int
    hits: list[dict[str, Any]]
    facets: dict[str, list[FacetCount]]
    took_ms: float = 0.0
    backend: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {"total": self.total, "page": self.page, "per_page": self.per_page,
                "pages": -(-self.total // self.per_page), "took_ms": round(self.took_ms, 2), "backend": self.backend,
                "hits": self.hits,
                "facets": {name: [v.as_dict() for v in values] for name, values in self.facets.items()}}


class ItemIndex(Protocol):
    name: str

    def search(self, query: ItemQuery) -> ItemResult:
        """One page of a kind's list, in its segments' order, with disjunctive facet counts."""
        ...

    def upsert(self, documents: list[dict[str, Any]]) -> None: ...

    def delete(self, ids: list[str]) -> None: ...

    def rebuild(self, documents: Iterable[dict[str, Any]]) -> int:
        """Replace the whole index with these documents; returns the count."""
        ...

    def count(self) -> int: ...

    def health(self) -> dict[str, Any]: ...

    def close(self) -> None: ...


def to_hit(doc: dict[str, Any]) -> dict[str, Any]:
    hit = {name: doc.get(name) for name in HIT_FIELDS}
    for name in ("sectors", "impacts", "countries", "practices"):
        hit[name] = hit[name] or []
    return hit


def facet_counts(query: ItemQuery, taxonomy: Taxonomy, count: Any) -> dict[str, list[FacetCount]]:
    """Each facet's values with labels, counting with every other active filter (disjunctive).

    count(facet) returns {value: number of matching documents}."""
    facets: dict[str, list[FacetCount]] = {}
    for name in FACETS:
        counts: dict[str, int] = count(name)
        selected = query.filters.get(name, ())
        if name in TAXONOMY_FACETS:
            labels = taxonomy.facet(name).values
            values = [v for v in labels if counts.get(v) or v in selected]
        else:
            labels = {}
            values = sorted(set(counts) | set(selected))
        facets[name] = [FacetCount(v, labels.get(v, v.upper()), counts.get(v, 0), v in selected) for v in values]
    return facets


SCHEMA = """
CREATE TABLE IF NOT EXISTS docs (id TEXT PRIMARY KEY, kind TEXT NOT NULL, doc BLOB NOT NULL);
CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(id UNINDEXED, title, summary, body, extra,
    tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3');
"""


class EmbeddedItemIndex:
    """Items in a SQLite file of their own beside the practices' index (data/items-index.sqlite3)."""

    name = "sqlite"
    in_process = True

    def __init__(self, path: Path, *, taxonomy: Taxonomy) -> None:
        self.path = path
        self.taxonomy = taxonomy
        path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        # Parsed documents per kind, kept while the file is unchanged: parsing every document on every
        # search cost 35 µs a document (175 ms at 5,000 events). Any write (ours: _written; another
        # process's or connection's: SQLite's data_version) makes the next search read them again.
        self._cache: dict[str, tuple[tuple[int, int], list[dict[str, Any]]]] = {}
        self._written = 0
        with self._connect() as conn:
            conn.executescript(SCHEMA)

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=30, check_same_thread=False)
        conn.execute("PRAGMA journal_mode=WAL")
        return conn

    @property
    def _conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._local.conn = self._connect()
        return conn

    def upsert(self, documents: list[dict[str, Any]]) -> None:
        with self._conn as conn:
            self._write(conn, documents)
        self._written += 1

    @staticmethod
    def _write(conn: sqlite3.Connection, documents: list[dict[str, Any]]) -> None:
        ids = [(doc["id"],) for doc in documents]
        conn.executemany("DELETE FROM fts WHERE id = ?", ids)
        conn.executemany("INSERT OR REPLACE INTO docs (id, kind, doc) VALUES (?, ?, ?)",
                         [(doc["id"], doc["kind"], orjson.dumps(doc)) for doc in documents])
        conn.executemany("INSERT INTO fts (id, title, summary, body, extra) VALUES (?, ?, ?, ?, ?)",
                         [(doc["id"], doc.get("title"), doc.get("summary"), doc.get("body"),
                           " ".join(str(doc.get(name) or "") for name in TEXT_FIELDS[3:])) for doc in documents])

    def delete(self, ids: list[str]) -> None:
        with self._conn as conn:
            conn.executemany("DELETE FROM docs WHERE id = ?", [(i,) for i in ids])
            conn.executemany("DELETE FROM fts WHERE id = ?", [(i,) for i in ids])
        self._written += 1

    def rebuild(self, documents: Iterable[dict[str, Any]]) -> int:
        """Everything replaced in one transaction: readers (WAL) see the old index or the new, never half."""
        docs = list(documents)
        with self._conn as conn:
            conn.execute("DELETE FROM docs")
            conn.execute("DELETE FROM fts")
            self._write(conn, docs)
        self._written += 1
        return len(docs)

    def _reset(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
        self._local = threading.local()

    def count(self) -> int:
        return int(self._conn.execute("SELECT count(*) FROM docs").fetchone()[0])

    def health(self) -> dict[str, Any]:
        return {"backend": self.name, "documents": self.count()}

    def close(self) -> None:
        self._reset()

    def _documents(self, kind: str) -> list[dict[str, Any]]:
        """A kind's documents (read-only: searches filter and sort copies of the list, never the dicts)."""
        conn = self._conn
        version = (int(conn.execute("PRAGMA data_version").fetchone()[0]), self._written)
        cached = self._cache.get(kind)
        if cached is not None and cached[0] == version:
            return cached[1]
        docs = [orjson.loads(row[0]) for row in conn.execute("SELECT doc FROM docs WHERE kind = ?", (kind,))]
        self._cache[kind] = (version, docs)
        return docs

    def _matching_ids(self, q: str) -> dict[str, float] | None:
        """id -> rank (lower is better) of documents matching every word of q; None when q is empty."""
        words = fold(q).split()
        words = ["".join(c for c in w if c.isalnum()) for w in words]
        words = [w for w in words if w]
        if not words:
            return None
        # Each word quoted (no FTS5 syntax gets through); the last also as a prefix, for search-as-you-type.
        terms = [f'"{w}"' for w in words[:-1]] + [f'"{words[-1]}"*']
        rows = self._conn.execute("SELECT id, bm25(fts, 0, 10, 4, 1, 2) FROM fts WHERE fts MATCH ?",
                                  (" AND ".join(terms),)).fetchall()
        return {row[0]: row[1] for row in rows}

    def search(self, query: ItemQuery) -> ItemResult:
        started = time.perf_counter()
        docs = self._documents(query.kind)
        ranks = self._matching_ids(query.q)
        if ranks is not None:
            docs = [d for d in docs if d["id"] in ranks]
        segments = query.segments()
        shown = [d for d in docs if any(all(matches(d, c) for c in s.conditions) for s in segments)]

        def passes(doc: dict[str, Any], skip: str | None = None) -> bool:
            for name, values in query.filters.items():
                if name == skip:
                    continue
                field = doc.get(FACETS[name])
                have = field if isinstance(field, list) else [field]
                if not set(values) & set(have):
                    return False
            return True

        def count(facet: str) -> dict[str, int]:
            counts: dict[str, int] = {}
            for doc in shown:
                if passes(doc, skip=facet):
                    field = doc.get(FACETS[facet])
                    values: list[str] = field if isinstance(field, list) else [str(field)]
                    for value in values:
                        counts[value] = counts.get(value, 0) + 1
            return counts

        by_segment = []
        for segment in segments:
            members = [d for d in shown if passes(d) and all(matches(d, c) for c in segment.conditions)]
            sign = -1 if segment.descending else 1
            if query.sort == "relevance" and ranks is not None:
                members.sort(key=lambda d: (ranks[d["id"]], sign * (d.get(segment.sort_field) or 0)))
            else:
                members.sort(key=lambda d: (sign * (d.get(segment.sort_field) or 0), d["id"]))
            by_segment.append(members)
        hits = page_over_segments(query, [len(m) for m in by_segment],
                                  lambda i, offset, limit: by_segment[i][offset:offset + limit])
        return ItemResult(total=sum(len(m) for m in by_segment), page=query.page, per_page=query.per_page,
                          hits=[to_hit(d) for d in hits], facets=facet_counts(query, self.taxonomy, count),
                          took_ms=(time.perf_counter() - started) * 1000, backend=self.name)
