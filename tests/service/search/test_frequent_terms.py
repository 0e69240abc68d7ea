"""The most frequent terms read ahead into memory: the same documents as FTS5's passes, the same answers,
read again for every index version."""

from __future__ import annotations

import json
import random
import sqlite3
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from service.search import frequent_terms, sqlite_index
from service.search.frequent_terms import READ_AHEAD_COLUMNS, FrequentTerms, expression
from service.search.query import parse_query
from service.search.sqlite_backend import SqliteSearchBackend
from service.search.text import fts_phrase, fts_quote
from service.settings import SEED_DIR
from tests.service.search.test_sqlite_backend import SYNONYMS, TAXONOMY, documents

REPO = Path(__file__).resolve().parents[3]
# On the seed data's 640 practices, the terms of at least 32 (READ_AHEAD_SHARE): a few hundred.
MIN_DOCS = 20


@pytest.fixture(scope="module")
def index_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("frequent") / "search.sqlite3"
    SqliteSearchBackend(path, taxonomy=TAXONOMY, synonyms=SYNONYMS).rebuild(documents(seed_records()))
    return path


def backend_of(path: Path, *, read_ahead: bool) -> SqliteSearchBackend:
    backend = SqliteSearchBackend(path, taxonomy=TAXONOMY, synonyms=SYNONYMS,
                                  read_ahead_min_docs=MIN_DOCS if read_ahead else 10**9)
    assert backend.wait_for_read_ahead(timeout=30)
    return backend


@pytest.fixture(scope="module")
def reading_ahead(index_path: Path) -> SqliteSearchBackend:
    return backend_of(index_path, read_ahead=True)


@pytest.fixture(scope="module")
def not_reading_ahead(index_path: Path) -> SqliteSearchBackend:
    return backend_of(index_path, read_ahead=False)


def answer(backend: SqliteSearchBackend, pairs: list[tuple[str, str]]) -> dict[str, Any]:
    result = backend.search(parse_query(pairs, TAXONOMY))
    return {"total": result.total, "hits": [(hit["id"], hit["highlight"]) for hit in result.hits],
            "facets": result.facets, "understood": result.understood}


def test_the_terms_read_ahead_are_those_of_a_share_of_the_documents() -> None:
    counts = [("energy", 600), ("heat", 40), ("kiln", 3), ("water", 31)]
    assert frequent_terms.frequent(counts, size=640, min_docs=MIN_DOCS) == ["energy", "heat"]
    # Never fewer documents than the minimum: a small index reads nothing ahead.
    assert frequent_terms.frequent(counts, size=640) == []
    assert frequent_terms.frequent([("energy", 5000), ("heat", 4999)], size=100_000) == ["energy"]


def test_the_seed_data_reads_nothing_ahead_by_default(index_path: Path) -> None:
    backend = SqliteSearchBackend(index_path, taxonomy=TAXONOMY, synonyms=SYNONYMS)
    assert backend.wait_for_read_ahead(timeout=30)
    assert backend.health()["frequent_terms_read"] == "none"
    assert backend._current()[1].passes.frequent is None


def test_a_term_read_ahead_holds_the_documents_of_its_fts5_pass(reading_ahead: SqliteSearchBackend) -> None:
    conn, state = reading_ahead._current()
    held = state.passes.frequent
    assert held is not None and len(state.vocabulary.frequent) > 100
    assert reading_ahead.health()["frequent_terms_read"] == "ready"
    kinds = set()
    for term in state.vocabulary.frequent:
        for columns in READ_AHEAD_COLUMNS:
            fts = state.passes.positions(conn, expression([fts_quote(term)], columns))
            assert np.array_equal(np.flatnonzero(held.mask([fts_quote(term)], columns)), fts), (term, columns)
            kinds.add(held.documents[(columns, term)].dtype)
    assert kinds == {np.dtype(np.uint8), np.dtype(np.int32)}  # packed bits for the commonest, else positions


def test_any_of_finds_what_one_fts5_pass_over_the_alternatives_finds(reading_ahead: SqliteSearchBackend) -> None:
    conn, state = reading_ahead._current()
    frequent = state.vocabulary.frequent
    rare = sorted(state.vocabulary.terms - set(frequent))
    others = [fts_phrase(("heat", "pump")), fts_phrase(("waste", "heat"), prefix=True), '"zcwasteheat"',
              fts_quote("nosuchterm"), fts_quote('quo"te'), fts_quote("énergie")]
    rng = random.Random(11)
    for _ in range(300):
        items = [fts_quote(t) for t in rng.sample(frequent, rng.randint(0, 3))]
        items += [fts_quote(t) for t in rng.sample(rare, rng.randint(0, 2))] + rng.sample(others, rng.randint(0, 2))
        if not items:
            continue
        rng.shuffle(items)
        columns = rng.choice(READ_AHEAD_COLUMNS)
        from_memory = state.passes.any_of(conn, items, columns)
        assert np.array_equal(from_memory, state.passes.positions(conn, expression(items, columns))), (items, columns)


def judged_queries() -> list[str]:
    queries = []
    for name in ("en.json", "en_heldout.json", "multilingual.json", "questions.json"):
        judged = json.loads((REPO / "bench" / "relevance" / "sets" / name).read_text(encoding="utf-8"))
        queries += [query["q"] for query in judged["queries"]]
    return queries + ['"district heating"', "energy -water", "heat -pump -waste", "water energ", "ener",
                      "heatpump", "wastewater", "energy efficiency in hotels under 10k", "eneryg saving"]


def test_the_answers_are_the_same_with_and_without_reading_ahead(reading_ahead: SqliteSearchBackend,
                                                                 not_reading_ahead: SqliteSearchBackend) -> None:
    queries = judged_queries()
    assert len(queries) > 300
    for i, q in enumerate(queries):
        pairs = [("q", q)] + [[], [("sort", "payback")], [("match", "any")], [("sector", "food-beverages")]][i % 4]
        assert answer(reading_ahead, pairs) == answer(not_reading_ahead, pairs), pairs


def seed_records() -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = json.loads((SEED_DIR / "practices.json").read_text(encoding="utf-8"))
    return records


def reading_ahead_over(path: Path, records: list[dict[str, Any]]) -> SqliteSearchBackend:
    SqliteSearchBackend(path, taxonomy=TAXONOMY, synonyms=SYNONYMS).rebuild(documents(records))
    return backend_of(path, read_ahead=True)


def test_a_new_version_is_read_ahead_again(tmp_path: Path) -> None:
    records = seed_records()
    backend = reading_ahead_over(tmp_path / "search.sqlite3", records[:300])
    before = backend._current()[1]
    assert before.passes.frequent is not None
    query = parse_query([("q", "energy"), ("per_page", "100")], TAXONOMY)
    total = backend.search(query).total
    added = [replace_text(record, "energy") for record in records[300:320]]
    backend.upsert(documents(added))
    # The new version is searched at once, from FTS5 until its own frequent terms are read.
    assert backend.search(query).total == total + len(added)
    assert backend.wait_for_read_ahead(timeout=30)
    after = backend._current()[1]
    assert after is not before and after.passes.frequent is not None
    assert "energy" in after.vocabulary.frequent
    assert backend.search(query).total == total + len(added)
    assert before.passes.frequent.size == 300 and after.passes.frequent.size == 320


def replace_text(record: dict[str, Any], word: str) -> dict[str, Any]:
    return {**record, "title": f"{record['title']} ({word})"}


def test_a_version_gone_before_it_is_read_reads_nothing(tmp_path: Path) -> None:
    records = seed_records()
    backend = reading_ahead_over(tmp_path / "search.sqlite3", records[:200])
    old = backend._current()[1]
    backend.upsert(documents(records[200:210]))
    late = replace(old, passes=type(old.passes)(old.snapshot), read_ahead=type(old.read_ahead)())
    backend._read_ahead(late)  # what a thread started for the old version does when it runs only now
    assert late.read_ahead.is_set() and late.passes.frequent is None
    assert isinstance(old.passes.frequent, FrequentTerms)


def test_a_deleted_index_is_not_read_ahead_nor_created_again(tmp_path: Path) -> None:
    path = tmp_path / "search.sqlite3"
    backend = reading_ahead_over(path, seed_records()[:100])
    state = backend._current()[1]
    backend.close()
    path.unlink()
    late = replace(state, passes=type(state.passes)(state.snapshot), read_ahead=type(state.read_ahead)())
    backend._read_ahead(late)
    assert late.read_ahead.is_set() and late.passes.frequent is None
    assert not path.exists()  # healing must find it missing, not an empty index
    with pytest.raises(sqlite3.OperationalError):
        sqlite_index.connect_read_only(path)
    assert not path.exists()


def test_reading_ahead_stops_once_another_version_is_served(reading_ahead: SqliteSearchBackend) -> None:
    """A stream of syncs makes a version per batch: only the one being served is worth reading to the end."""
    conn, state = reading_ahead._current()
    assert FrequentTerms.read(conn, state.snapshot, state.vocabulary.frequent, given_up=lambda: True) is None
    # Same file and generation, but not the state the backend serves (as after a newer version's reload).
    other = replace(state, passes=type(state.passes)(state.snapshot), read_ahead=type(state.read_ahead)())
    reading_ahead._read_ahead(other)
    assert other.read_ahead.is_set() and other.passes.frequent is None
    assert state.passes.frequent is not None
