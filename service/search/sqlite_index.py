"""The embedded index file: its schema, and writes to it (full rebuild with an atomic swap, upserts).

The file is derived from the store and can be thrown away at any time. It uses a rollback journal,
not WAL: a rebuilt file is renamed over the live one, and a WAL file left beside the old one would be
read as belonging to the new one. Writers take a lock file so that a rebuild and an incremental
sync never interleave; readers take no lock and notice a swap by the file's inode.
"""

from __future__ import annotations

import fcntl
import json
import os
import sqlite3
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from itertools import islice
from pathlib import Path
from typing import Any

from service.search.documents import to_hit
from service.search.text import letter_aliases
from service.taxonomy import Taxonomy

SCHEMA_VERSION = 6
BUILDING = ".building-"  # infix of a rebuild's file until it is renamed over the live one
# FTS columns and their bm25 weights: title above technologies and summary, above description.
# "aliases" holds plain-Latin spellings of words with letters like ł, ø, æ (see text.letter_aliases).
# "concepts" holds the vocabulary concepts the practice names, as tokens (documents.concept_tokens): the
# query's concepts in any language are searched through it.
FTS_COLUMNS = ("title", "technologies", "resources", "summary", "place", "labels", "description", "aliases",
               "concepts")
FTS_WEIGHTS = (10.0, 6.0, 5.0, 4.0, 3.0, 1.5, 1.0, 2.0, 2.0)
DOC_COLUMNS = ("id", "doc", "sectors", "impacts", "key_areas", "country", "company_size", "investment_band",
               "payback_band", "investment", "savings", "payback", "year", "length", "published")

SCHEMA = f"""
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS docs (
    rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, doc TEXT NOT NULL,
    sectors TEXT, impacts TEXT, key_areas TEXT, country TEXT, company_size TEXT,
    investment_band TEXT, payback_band TEXT, investment REAL, savings REAL, payback REAL, year INTEGER,
    length INTEGER, published REAL
);
CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(
    {", ".join(FTS_COLUMNS)}, tokenize = "unicode61 remove_diacritics 2", prefix = '2 3 4'
);
CREATE VIRTUAL TABLE IF NOT EXISTS vocab USING fts5vocab(fts, 'row');
"""


def connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, timeout=30, check_same_thread=False, isolation_level=None)
    conn.execute("PRAGMA journal_mode=DELETE")
    conn.execute("PRAGMA busy_timeout=30000")
    return conn


def connect_read_only(path: Path) -> sqlite3.Connection:
    """A reader's connection that fails on a missing file instead of creating an empty one (which healing
    would take for an emptied index): for a reader that may run while the file is swapped or deleted."""
    conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True, timeout=30, check_same_thread=False,
                           isolation_level=None)
    conn.execute("PRAGMA busy_timeout=30000")
    return conn


def create_schema(conn: sqlite3.Connection) -> None:
    conn.executescript(SCHEMA)
    conn.execute("INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
    conn.execute("INSERT OR IGNORE INTO meta VALUES ('generation', ?)", (str(time.time_ns()),))


def schema_version(conn: sqlite3.Connection) -> int:
    row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    return int(row[0]) if row else 0


def bump_generation(conn: sqlite3.Connection) -> None:
    conn.execute("INSERT OR REPLACE INTO meta VALUES ('generation', ?)", (str(time.time_ns()),))


@contextmanager
def write_lock(path: Path) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(path.name + ".lock"), "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def ensure_index(path: Path) -> None:
    """Make sure an index of the current schema exists; an older one is replaced by an empty one.

    The index is derived data: an empty index over a non-empty store is filled by a rebuild (the
    service does that at start-up, see service.app).
    """
    if path.exists() and _current_schema(path):
        return
    with write_lock(path):
        if not (path.exists() and _current_schema(path)):
            rebuild_file(path, [], taxonomy=None)


def _current_schema(path: Path) -> bool:
    try:
        conn = connect(path)
    except sqlite3.DatabaseError:  # "file is not a database": derived data, so replace it
        return False
    try:
        return schema_version(conn) == SCHEMA_VERSION
    except sqlite3.DatabaseError:  # not an index at all (or damaged): derived data, so replace it
        return False
    finally:
        conn.close()


def _doc_row(doc: dict[str, Any]) -> tuple:
    return (doc["id"], json.dumps(to_hit(doc), ensure_ascii=False), "|".join(doc.get("sectors") or []),
            "|".join(doc.get("impacts") or []), "|".join(doc.get("key_areas") or []), doc.get("country"),
            doc.get("company_size"), doc.get("investment_band"), doc.get("payback_band"),
            doc.get("investment_eur"), doc.get("annual_savings_eur"), doc.get("payback_years"), doc.get("year"),
            _strong_length(doc), doc.get("published_at"))


def _strong_length(doc: dict[str, Any]) -> int:
    """Characters of the strongly weighted text: the shorter it is, the more a match in it says."""
    return sum(len(doc.get(name) or "") for name in ("title", "summary")) + sum(
        len(item) for name in ("technologies", "inputs", "outputs") for item in doc.get(name) or [])


def _fts_row(doc: dict[str, Any], taxonomy: Taxonomy | None) -> tuple:
    def label(facet: str, slug: str) -> str:
        return taxonomy.label(facet, slug) if taxonomy else slug

    place = [doc.get("organisation"), doc.get("region"), label("country", doc.get("country") or "")]
    labels = ([label("sector", s) for s in doc.get("sectors") or []]
              + [label("impact", s) for s in doc.get("impacts") or []]
              + [label("key_area", s) for s in doc.get("key_areas") or []])
    columns = (doc.get("title") or "", "; ".join(doc.get("technologies") or []),
               "; ".join((doc.get("inputs") or []) + (doc.get("outputs") or [])), doc.get("summary") or "",
               " · ".join(p for p in place if p), "; ".join(labels), doc.get("description") or "")
    return (*columns, letter_aliases(" ".join(columns)), doc.get("concepts") or "")


def _insert(conn: sqlite3.Connection, docs: list[dict[str, Any]], taxonomy: Taxonomy | None) -> None:
    placeholders = ", ".join("?" * len(DOC_COLUMNS))
    for doc in docs:
        cursor = conn.execute(f"INSERT INTO docs ({', '.join(DOC_COLUMNS)}) VALUES ({placeholders})",  # noqa: S608
                              _doc_row(doc))
        conn.execute(f"INSERT INTO fts (rowid, {', '.join(FTS_COLUMNS)}) VALUES (?, {', '.join('?' * len(FTS_COLUMNS))})",  # noqa: S608,E501
                     (cursor.lastrowid, *_fts_row(doc, taxonomy)))


def rebuild_file(path: Path, documents: Iterable[dict[str, Any]], taxonomy: Taxonomy | None,
                 batch: int = 2000) -> int:
    """Write a complete new index beside ``path``, then rename it over ``path`` in one step.

    Called under write_lock: no other build can be under way, so any other `.building-` file is the
    leftover of a killed build and is removed first.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    remove_leftovers(path)
    tmp = path.with_name(f"{path.name}{BUILDING}{os.getpid()}-{time.time_ns()}")
    count = 0
    conn: sqlite3.Connection | None = None
    try:
        conn = sqlite3.connect(tmp, isolation_level=None)
        conn.execute("PRAGMA journal_mode=OFF")  # a half-built file is thrown away, never repaired
        conn.execute("PRAGMA synchronous=OFF")
        create_schema(conn)
        iterator = iter(documents)
        conn.execute("BEGIN")
        while chunk := list(islice(iterator, batch)):
            _insert(conn, chunk, taxonomy)
            count += len(chunk)
        conn.execute("COMMIT")
        conn.execute("INSERT INTO fts(fts) VALUES ('optimize')")
        bump_generation(conn)
        conn.execute("PRAGMA journal_mode=DELETE")
        conn.close()
        conn = None
        os.replace(tmp, path)
    finally:
        # Closed before the unlink: a deleted file still open would hold its disk space (a full disk).
        if conn is not None:
            conn.close()
        if tmp.exists():
            tmp.unlink()
    return count


def remove_leftovers(path: Path) -> list[Path]:
    """Delete the half-built files of killed rebuilds; call under write_lock."""
    leftovers = list(path.parent.glob(f"{path.name}{BUILDING}*"))
    for leftover in leftovers:
        leftover.unlink(missing_ok=True)
    return leftovers


def damage(path: Path) -> str | None:
    """What is wrong with the index file, if anything: missing, or not readable as a current index.

    Cheap enough to run every few seconds: the schema, the document count and one full-text read.
    """
    if not path.exists():
        return "the index file is missing"
    try:
        conn = connect(path)
    except sqlite3.Error as exc:
        return f"the index file cannot be opened: {exc}"
    try:
        if schema_version(conn) != SCHEMA_VERSION:
            return "the index file has an old schema"
        docs = conn.execute("SELECT count(*) FROM docs").fetchone()[0]
        indexed = conn.execute("SELECT count(*) FROM fts").fetchone()[0]
        if docs != indexed:
            return f"the index file is inconsistent ({docs} documents, {indexed} in the full-text index)"
        return None
    except sqlite3.Error as exc:
        return f"the index file is damaged: {exc}"
    finally:
        conn.close()


def upsert_docs(path: Path, docs: list[dict[str, Any]], taxonomy: Taxonomy | None) -> None:
    with write_lock(path):
        conn = connect(path)
        try:
            conn.execute("BEGIN IMMEDIATE")
            _delete(conn, [d["id"] for d in docs])
            _insert(conn, docs, taxonomy)
            bump_generation(conn)
            conn.execute("COMMIT")
        finally:
            conn.close()


def delete_docs(path: Path, ids: list[str]) -> None:
    with write_lock(path):
        conn = connect(path)
        try:
            conn.execute("BEGIN IMMEDIATE")
            _delete(conn, ids)
            bump_generation(conn)
            conn.execute("COMMIT")
        finally:
            conn.close()


def _delete(conn: sqlite3.Connection, ids: list[str]) -> None:
    for practice_id in ids:
        row = conn.execute("SELECT rowid FROM docs WHERE id = ?", (practice_id,)).fetchone()
        if row:
            conn.execute("DELETE FROM fts WHERE rowid = ?", row)
            conn.execute("DELETE FROM docs WHERE rowid = ?", row)
