"""The documents of the index's most frequent terms, read ahead once per index version and kept in memory.

A search asked for the first time runs its FTS5 passes from the file, and a pass costs about a tenth of a
microsecond per matching document: the commonest words of a large index ("energy": 58,000 of 100,000
practices, 8 ms) made most of the cost of a first-time search of two such words. Every term in at least
``READ_AHEAD_SHARE`` of the documents (and ``READ_AHEAD_MIN_DOCS``) is read once per index version, in
each of the column sets the searches ask for, and a pass whose alternatives include such terms takes their
documents from here and asks FTS5 only for the rest. Each term's documents come from the same FTS5 pass
the search would run, in a read transaction that sees the snapshot's version (its generation checked), so
the answers are the same. At 100,000 practices: about 400 terms, 1.4-1.6 s in a background thread, 8 MB.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np

from service.search.facets import FacetSnapshot

ALL_COLUMNS = ""  # no FTS5 column filter
STRONG_COLUMNS = "{title technologies resources summary}"  # where a practice says what it is about
TITLE_COLUMN = "{title}"
READ_AHEAD_COLUMNS = (ALL_COLUMNS, STRONG_COLUMNS, TITLE_COLUMN)
READ_AHEAD_SHARE = 0.05
# A term in fewer documents costs FTS5 a fifth of a millisecond or less: reading it ahead buys nothing,
# and an index with no such term (the seed data's 640 practices) reads nothing ahead.
READ_AHEAD_MIN_DOCS = 1000
MATCH_ROWIDS_SQL = "SELECT group_concat(rowid) FROM fts WHERE fts MATCH ?"


def expression(items: list[str], columns: str = ALL_COLUMNS) -> str:
    """FTS5 alternatives (quoted terms or phrases) as one expression, within a column filter."""
    alternatives = items[0] if len(items) == 1 else "(" + " OR ".join(items) + ")"
    return f"{columns} : {alternatives}" if columns else alternatives


def match_rowids(conn: sqlite3.Connection, fts_expression: str) -> np.ndarray:
    """Rowids of the documents matching an FTS5 expression, ascending."""
    # One row of comma-separated values is several times faster to turn into an array than a row per
    # document (most of the cost of a pass over 30,000 matches was Python building tuples), and numpy
    # parses it in C: str.split and converting 60,000 strings cost 6 ms, this 0.7.
    rowid_text = conn.execute(MATCH_ROWIDS_SQL, (fts_expression,)).fetchone()[0] or ""
    return np.fromstring(rowid_text, dtype=np.int64, sep=",")


def frequent(doc_counts: Iterable[tuple[str, int]], size: int, min_docs: int = READ_AHEAD_MIN_DOCS) -> list[str]:
    """The terms to read ahead in an index of ``size`` documents, from (term, documents) pairs."""
    threshold = max(min_docs, READ_AHEAD_SHARE * size)
    return [term for term, docs in doc_counts if docs >= threshold]


@dataclass(frozen=True)
class FrequentTerms:
    """Per column set and term, the positions of the documents holding it: packed bits where they are more
    than a 32nd of the index (smaller than 4-byte positions), else sorted positions."""

    size: int
    documents: dict[tuple[str, str], np.ndarray]

    @classmethod
    def read(cls, conn: sqlite3.Connection, snapshot: FacetSnapshot, terms: list[str],
             given_up: Callable[[], bool] = lambda: False) -> FrequentTerms | None:
        """Read in ``conn``'s current transaction, which must see the version ``snapshot`` was made from; None
        if ``given_up()`` says so between two terms (a newer version is being served: no use finishing)."""
        documents = {}
        for term in terms:
            if given_up():
                return None
            for columns in READ_AHEAD_COLUMNS:
                positions = snapshot.positions(match_rowids(conn, expression([_quoted(term)], columns)))
                if positions.size * 32 > snapshot.size:
                    present = np.zeros(snapshot.size, dtype=bool)
                    present[positions] = True
                    documents[(columns, term)] = np.packbits(present)
                else:
                    documents[(columns, term)] = positions.astype(np.int32)
        return cls(size=snapshot.size, documents=documents)

    @property
    def nbytes(self) -> int:
        return sum(array.nbytes for array in self.documents.values())

    def split(self, items: list[str], columns: str) -> tuple[list[str], list[str]]:
        """FTS5 alternatives as (terms read ahead, the rest)."""
        held: list[str] = []
        rest: list[str] = []
        for item in items:
            (held if (columns, _unquoted(item)) in self.documents else rest).append(item)
        return held, rest

    def mask(self, items: list[str], columns: str) -> np.ndarray:
        """Which documents hold any of the terms ``items`` (all read ahead) in ``columns``."""
        present = np.zeros(self.size, dtype=bool)
        for item in items:
            held = self.documents[(columns, _unquoted(item))]
            if held.dtype == np.uint8:
                present |= np.unpackbits(held, count=self.size).view(bool)
            else:
                present[held] = True
        return present


def _quoted(term: str) -> str:
    return '"' + term + '"'


def _unquoted(item: str) -> str:
    # Only a quoted single token can be a term read ahead: an index term is letters and digits, so an item
    # with a space (a phrase), a quote inside or a prefix star never is one.
    if len(item) > 2 and item[0] == '"' and item[-1] == '"':
        return item[1:-1]
    return ""
