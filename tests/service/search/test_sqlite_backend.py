"""The embedded FTS5 backend: hostile text, exact facet counts, ranking rules, atomic rebuilds and syncs."""

from __future__ import annotations

import random
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from service.practices.schemas import PracticeCreate
from service.search.documents import to_document
from service.search.query import SearchQuery, parse_query
from service.search.sqlite_backend import SqliteSearchBackend
from service.search.text import load_synonyms
from service.settings import SEED_DIR
from service.taxonomy import FACET_FIELDS, load_taxonomy
from tests.conftest import load_fixture_records

TAXONOMY = load_taxonomy()
SYNONYMS = load_synonyms(SEED_DIR / "synonyms.json")


def documents(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [to_document(PracticeCreate.model_validate(r).record(), TAXONOMY) for r in records]


@pytest.fixture
def backend(tmp_path: Path) -> SqliteSearchBackend:
    engine = SqliteSearchBackend(tmp_path / "search.sqlite3", taxonomy=TAXONOMY, synonyms=SYNONYMS)
    engine.rebuild(documents(load_fixture_records()))
    return engine


def ids(backend: SqliteSearchBackend, q: str = "", **params: Any) -> list[str]:
    pairs = [("q", q), ("per_page", "100")]
    for key, value in params.items():
        pairs.extend((key, str(v)) for v in (value if isinstance(value, list) else [value]))
    return [hit["id"] for hit in backend.search(parse_query(pairs, TAXONOMY)).hits]


HOSTILE_QUERIES = [
    "heat-pump", "c++", "50%", '"abc', "abc\"", "AND", "OR", "NOT", "NEAR", "NEAR(a b)", "a AND", "AND OR NOT",
    "title:heat", "{title}: heat", "^heat", "heat*", "*", "**", "-heat", "+heat", "(heat", "heat)", "((()))",
    "[]", "{}", "'", "''", "\\", "\\\"", "'; DROP TABLE docs; --", "1 OR 1=1", "\" OR \"\"=\"", "%", "_", "%_%",
    "\x00", "heat\x00pump", "\x01\x02", "\t\n\r", "   ", "😀", "heat 😀 pump", "🔥🔥", "ß", "İstanbul", "ﬁlter",
    "<script>alert(1)</script>", "<mark>x</mark>", "&amp;", "x" * 1000, "a " * 400, "é" * 300,
    "e\u0301", "\u202eevil", "\ufeffheat", "NULL", "None", "undefined", "SELECT * FROM fts", "fts MATCH 'x'",
    "0", "-1", "1e308", "co2", "CO₂",
]


@pytest.mark.parametrize("q", HOSTILE_QUERIES)
def test_no_query_text_raises(backend: SqliteSearchBackend, q: str) -> None:
    result = backend.search(SearchQuery(q=q))
    assert result.total >= 0
    for hit in result.hits:
        assert "<script" not in hit["highlight"]["title"]


def test_highlights_escape_record_text_but_keep_our_marks(backend: SqliteSearchBackend) -> None:
    hit = backend.search(SearchQuery(q="hostile script")).hits[0]
    assert hit["id"] == "fx-hostile"
    assert "&lt;" in hit["highlight"]["title"] and "<script" not in hit["highlight"]["title"]
    assert "<mark>Hostile</mark>" in hit["highlight"]["title"]
    assert "<img" not in hit["highlight"]["summary"]


def random_records(count: int, seed: int) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    sectors = list(TAXONOMY.facet("sector").values)
    impacts = list(TAXONOMY.facet("impact").values)
    areas = list(TAXONOMY.facet("key_area").values)
    words = ["heat", "pump", "solar", "water", "waste", "lighting", "compressor", "recovery", "boiler", "insulation"]
    records = []
    for n in range(count):
        record: dict[str, Any] = {
            "id": f"r-{n}", "title": " ".join(rng.sample(words, 3)) + f" case {n}",
            "summary": "A company did " + " and ".join(rng.sample(words, 4)) + " to save money.",
            "country": rng.choice(["DE", "FR", "IT", "ES", "PL", "AT"]),
            "sectors": rng.sample(sectors, rng.randint(1, 3)), "impacts": rng.sample(impacts, rng.randint(1, 3)),
            "key_areas": rng.sample(areas, rng.randint(0, 2)),
        }
        if rng.random() < 0.8:
            record["company_size"] = rng.choice(["micro", "small", "medium", "large"])
        if rng.random() < 0.85:
            record["investment_eur"] = rng.choice([0, rng.randint(1, 9999), rng.randint(10_000, 900_000)])
            if rng.random() < 0.9:
                record["annual_savings_eur"] = rng.randint(500, 200_000)
        if rng.random() < 0.7:
            record["year"] = rng.randint(2010, 2025)
        records.append(record)
    return records


def brute_force(docs: list[dict[str, Any]], query: SearchQuery, word: str | None) -> tuple[int, dict]:
    def value_list(doc: dict[str, Any], facet: str) -> list[str]:
        raw = doc.get(FACET_FIELDS[facet])
        return raw if isinstance(raw, list) else ([raw] if raw else [])

    def in_ranges(doc: dict[str, Any]) -> bool:
        checks: tuple[tuple[str, float | None, float | None], ...] = (
                 ("investment_eur", query.investment_min, query.investment_max),
                  ("payback_years", query.payback_min, query.payback_max),
                  ("annual_savings_eur", query.savings_min, None))
        for field, low, high in checks:
            figure: float | None = doc.get(field)
            if (low is not None or high is not None) and figure is None:
                return False
            if low is not None and figure is not None and figure < low:
                return False
            if high is not None and figure is not None and figure > high:
                return False
        return True

    def passes(doc: dict[str, Any], skip: str | None) -> bool:
        if word and word not in (doc["title"] + " " + doc["summary"]).lower().split():
            return False
        if not in_ranges(doc):
            return False
        return all(set(value_list(doc, f)) & set(vals) for f, vals in query.filters.items() if f != skip)

    total = sum(passes(d, None) for d in docs)
    counts: dict[str, dict[str, int]] = {}
    for facet in FACET_FIELDS:
        counts[facet] = {}
        for doc in docs:
            if passes(doc, facet):
                for value in value_list(doc, facet):
                    counts[facet][value] = counts[facet].get(value, 0) + 1
    return total, counts


def test_facet_counts_agree_with_a_brute_force_count_for_random_filters(tmp_path: Path) -> None:
    records = random_records(400, seed=7)
    docs = documents(records)
    engine = SqliteSearchBackend(tmp_path / "s.sqlite3", taxonomy=TAXONOMY, synonyms=SYNONYMS)
    engine.rebuild(docs)
    rng = random.Random(11)
    for _ in range(60):
        pairs: list[tuple[str, str]] = []
        for facet in rng.sample(list(FACET_FIELDS), rng.randint(0, 4)):
            values = list(TAXONOMY.facet(facet).values) if facet != "country" else ["DE", "FR", "IT", "PL"]
            pairs.extend((facet, v) for v in rng.sample(values, rng.randint(1, 2)))
        if rng.random() < 0.3:
            pairs.append(("investment_max", str(rng.choice([5000, 50_000, 400_000]))))
        if rng.random() < 0.2:
            pairs.append(("payback_min", str(rng.choice([0.5, 2, 5]))))
        if rng.random() < 0.2:
            pairs.append(("savings_min", "20000"))
        word = rng.choice([None, None, "heat", "solar", "insulation"])
        if word:
            pairs.append(("q", word + " "))  # a complete word: no prefix expansion, so brute force can match
        query = parse_query(pairs, TAXONOMY)
        result = engine.search(query)
        total, counts = brute_force(docs, query, word)
        assert result.total == total, pairs
        for facet, facet_counts in result.facets.items():
            for value in facet_counts:
                assert value.count == counts[facet].get(value.value, 0), (pairs, facet, value)
                assert value.selected == (value.value in query.filters.get(facet, ()))


def test_typos_follow_meilisearch_budgets(backend: SqliteSearchBackend) -> None:
    assert "fx-compressed-air" in ids(backend, "compresed air")  # 10 letters, one typo
    assert "fx-textile-water" in ids(backend, "filtraton")  # 9 letters
    assert "fx-vsd-pumps" in ids(backend, "variable sped drives")
    assert ids(backend, "led ")[:2] != [] and ids(backend, "lef ") == []  # 3 letters: no typo allowed
    assert ids(backend, "heet ") == []  # 4 letters: no typo allowed
    assert "fx-pv-roof" in ids(backend, "photovoltiac")  # a swap counts as one typo
    assert "fx-pv-roof" not in ids(backend, "fotovoltaic ")  # a wrong first letter costs too much


def test_exact_matches_rank_before_typos(backend: SqliteSearchBackend, tmp_path: Path) -> None:
    records = load_fixture_records()
    records.append({**records[0], "id": "fx-pumps", "title": "Pumpe and pumps everywhere in a plant",
                    "technologies": []})
    engine = SqliteSearchBackend(tmp_path / "r.sqlite3", taxonomy=TAXONOMY, synonyms=SYNONYMS)
    engine.rebuild(documents(records))
    ranked = ids(engine, "pumps ")
    assert ranked[0] in {"fx-pumps", "fx-vsd-pumps"}


def test_prefix_accents_and_synonyms(backend: SqliteSearchBackend) -> None:
    assert ids(backend, "rainwater harv")[0] == "fx-rainwater"
    assert ids(backend, "cordoba")[0] == "fx-rainwater"
    assert ids(backend, "karnten")[0] == "fx-heat-pump-dairy"
    assert ids(backend, "ile de france")[0] == "fx-led-supermarket"
    assert ids(backend, "PV")[0] == "fx-pv-roof"
    assert ids(backend, "CHP")[0] == "fx-chp-hospital"
    assert ids(backend, "VSD")[0] == "fx-vsd-pumps"
    assert ids(backend, "cogeneration")[0] == "fx-chp-hospital"


def test_more_matched_words_rank_first(backend: SqliteSearchBackend) -> None:
    assert ids(backend, "how can a supermarket save on lighting")[0] == "fx-led-supermarket"
    assert ids(backend, "the")  # a query of stop words alone still searches


def test_sorts_put_unknown_values_last(backend: SqliteSearchBackend) -> None:
    def values(sort: str, field: str) -> list[Any]:
        hits = backend.search(SearchQuery(sort=sort, per_page=100)).hits  # type: ignore[arg-type]
        return [hit[field] for hit in hits]

    payback = values("payback", "payback_years")
    known = [v for v in payback if v is not None]
    assert known == sorted(known) and payback[len(known):] == [None] * (len(payback) - len(known))
    savings = [v for v in values("savings", "annual_savings_eur") if v is not None]
    assert savings == sorted(savings, reverse=True)
    years = values("newest", "year")
    assert years == sorted(years, reverse=True)


def test_pagination_edges(backend: SqliteSearchBackend) -> None:
    everything = ids(backend)
    assert len(everything) == 12
    pages = [backend.search(SearchQuery(page=p, per_page=5)) for p in (1, 2, 3, 4)]
    assert [len(p.hits) for p in pages] == [5, 5, 2, 0]
    assert [h["id"] for p in pages for h in p.hits] == everything
    assert all(p.total == 12 for p in pages)


def test_incremental_upsert_and_delete_are_seen_by_open_readers(backend: SqliteSearchBackend) -> None:
    assert ids(backend, "geothermal") == []
    new = {**load_fixture_records()[0], "id": "fx-geo", "title": "Geothermal heating for a greenhouse"}
    backend.upsert(documents([new]))
    assert ids(backend, "geothermal") == ["fx-geo"]
    assert backend.search(SearchQuery()).facets["sector"][0].count >= 0
    backend.delete(["fx-geo", "unknown-id"])
    assert ids(backend, "geothermal") == []
    assert backend.count() == 12


def test_rebuild_swaps_atomically_while_readers_keep_searching(tmp_path: Path) -> None:
    path = tmp_path / "search.sqlite3"
    engine = SqliteSearchBackend(path, taxonomy=TAXONOMY, synonyms=SYNONYMS)
    small = documents(load_fixture_records())
    large = documents(random_records(3000, seed=3))
    engine.rebuild(small)
    totals: list[int] = []
    errors: list[Exception] = []
    stop = threading.Event()

    def read() -> None:
        reader = SqliteSearchBackend(path, taxonomy=TAXONOMY, synonyms=SYNONYMS)
        while not stop.is_set():
            try:
                totals.append(reader.search(SearchQuery()).total)
            except Exception as exc:  # noqa: BLE001 - collected and asserted below
                errors.append(exc)
        reader.close()

    thread = threading.Thread(target=read)
    thread.start()
    for _ in range(3):
        engine.rebuild(large)
        engine.rebuild(small)
    stop.set()
    thread.join()
    assert not errors
    assert set(totals) <= {12, 3000} and totals  # never a half-built index
    assert not [p for p in tmp_path.iterdir() if ".building-" in p.name]


def test_searches_stay_consistent_while_a_sync_writes(tmp_path: Path) -> None:
    """A search reads one version of the index, even while documents are committed beside it."""
    path = tmp_path / "search.sqlite3"
    writer = SqliteSearchBackend(path, taxonomy=TAXONOMY, synonyms=SYNONYMS)
    writer.rebuild(documents(load_fixture_records()))
    extra = documents(random_records(150, seed=5))
    query = SearchQuery(q="heat solar water")
    before = writer.search(query).total
    errors: list[Exception] = []
    totals: list[int] = []
    done = threading.Event()

    def read() -> None:
        reader = SqliteSearchBackend(path, taxonomy=TAXONOMY, synonyms=SYNONYMS)
        while not done.is_set():
            try:
                totals.append(reader.search(query).total)
            except Exception as exc:  # noqa: BLE001 - collected and asserted below
                errors.append(exc)
        reader.close()

    threads = [threading.Thread(target=read) for _ in range(2)]
    for thread in threads:
        thread.start()
    for doc in extra:
        writer.upsert([doc])
    done.set()
    for thread in threads:
        thread.join()
    after = writer.search(query).total
    assert not errors, errors[:3]
    assert totals and before <= min(totals) and max(totals) <= after
    assert writer.count() == 12 + 150


def test_the_pass_cache_is_bounded_by_size_and_changes_nothing(backend: SqliteSearchBackend,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from service.search import fts_passes

    queries = ["heat", "lighting", "water reuse", "compresed air", "pv", "heat pump", "spent grain"]
    uncached = []
    for q in queries:
        backend.forget_cached_passes()
        uncached.append(ids(backend, q))
    monkeypatch.setattr(fts_passes, "MAX_CACHED_NUMBERS", 10)
    for _ in range(2):
        assert [ids(backend, q) for q in queries] == uncached
        state = backend._state
        assert state is not None and (state.passes.size <= 10 or len(state.passes) == 1)


def test_results_are_the_same_when_deletes_leave_gaps_in_rowids(backend: SqliteSearchBackend,
                                                               tmp_path: Path) -> None:
    """After a rebuild rowids are dense and map to positions by subtraction; after deletes they are not."""
    records = load_fixture_records()
    gone = [records[0]["id"], records[5]["id"]]
    backend.delete(gone)
    fresh = SqliteSearchBackend(tmp_path / "fresh.sqlite3", taxonomy=TAXONOMY, synonyms=SYNONYMS)
    fresh.rebuild(documents([r for r in records if r["id"] not in gone]))
    for q in ["", "heat", "water reuse", "compresed air", "pv", "spent grain", "energy"]:
        assert ids(backend, q) == ids(fresh, q), q
        assert ids(backend, q, sort="payback") == ids(fresh, q, sort="payback"), q


@pytest.mark.parametrize("values", [
    [3.0, 3.0, 3.0, 1.0, 1.0, 2.0],  # the smallest value fills the first k by itself
    [1.0, 2.0, 2.0, 2.0, 3.0, 3.0],  # it does not: the k-th comes from the next run
    [float("inf"), 0.5, float("inf"), 0.25, 7.0, 0.5],
])
def test_kth_smallest_agrees_with_a_full_sort(values: list[float]) -> None:
    import numpy as np

    from service.search.sqlite_backend import _kth_smallest

    array = np.array(values)
    for k in range(1, len(values) + 1):
        assert _kth_smallest(array, k) == sorted(values)[k - 1]


def _random_orderings(seed: int, fewest_keys: int) -> Iterator[tuple[Any, list[Any], int]]:
    """(matched positions, ranking keys, page limit) drawn at random, 300 of them."""
    import numpy as np

    rng = np.random.default_rng(seed)
    for _ in range(300):
        size = int(rng.integers(1, 400))
        # Few distinct values, so that long runs of ties reach across the page boundary on every key.
        keys = [rng.choice(np.array([0.0, 1.0, 2.5, np.inf, np.nan]), size)
                for _ in range(int(rng.integers(fewest_keys, 4)))]
        positions = np.flatnonzero(rng.random(size) < rng.uniform(0.05, 1.0))
        if positions.size:
            yield positions, keys, int(rng.integers(1, positions.size + 5))


def test_the_first_page_is_what_a_full_sort_would_give() -> None:
    """top_in_order picks and sorts only the page; a full lexsort over every match is the definition."""
    import numpy as np

    from service.search.sqlite_backend import top_in_order

    for positions, keys, limit in _random_orderings(seed=5, fewest_keys=1):
        clean = [np.nan_to_num(k[positions], nan=np.inf) for k in keys]
        expected = positions[np.lexsort([positions, *reversed(clean)])][:limit]
        assert top_in_order(positions, keys, limit).tolist() == expected.tolist()


def test_the_last_key_filled_in_only_for_the_documents_it_orders_gives_the_same_page() -> None:
    """The embedded index computes BM25 (the last ranking key) only for the documents top_in_order hands
    to ``before_last``: every other value of that key is garbage here, and the page must not change."""
    import numpy as np

    from service.search.sqlite_backend import top_in_order

    for positions, keys, limit in _random_orderings(seed=11, fewest_keys=2):
        expected = top_in_order(positions, keys, limit)
        last = np.full(keys[-1].size, -1e9)  # wrong everywhere until filled in

        def fill(needed: np.ndarray, last: np.ndarray = last, real: np.ndarray = keys[-1]) -> None:
            last[needed] = real[needed]

        assert top_in_order(positions, [*keys[:-1], last], limit, before_last=fill).tolist() == expected.tolist()


def test_a_synonyms_one_letter_pieces_are_not_marked(tmp_path: Path) -> None:
    """"spent grain" has the synonym "brewer's grains" (brewer, s, grains): the "S" of "A/S" is no match."""
    record = {**load_fixture_records()[0], "id": "fx-grain", "title": "Spent grain goes to a bakery",
              "summary": "Bryggeri Nord A/S gives its spent grain, brewer's grains, to a bakery."}
    engine = SqliteSearchBackend(tmp_path / "search.sqlite3", taxonomy=TAXONOMY, synonyms=SYNONYMS)
    engine.rebuild(documents([record]))
    summary = engine.search(parse_query([("q", "spent grain")], TAXONOMY)).hits[0]["highlight"]["summary"]
    assert "A/S" in summary and "<mark>S</mark>" not in summary
    assert "<mark>spent</mark> <mark>grain</mark>" in summary and "<mark>grains</mark>" in summary


def test_the_concept_tokens_text_column_passes_leave_out_are_those_no_text_column_holds(tmp_path: Path) -> None:
    """Strong-column and title passes skip concept tokens ("zcwasteheat") that only the concepts column holds;
    a practice that spells one in its own text keeps it in those passes."""
    from service.search.sqlite_index import FTS_COLUMNS

    spelled = dict(load_fixture_records()[0], id="fx-spelled", title="Our zcwasteheat pilot")
    engine = SqliteSearchBackend(tmp_path / "search.sqlite3", taxonomy=TAXONOMY, synonyms=SYNONYMS)
    engine.rebuild(documents([*load_fixture_records(), spelled]))
    conn, state = engine._current()
    text_columns = "{" + " ".join(c for c in FTS_COLUMNS if c != "concepts") + "}"
    tokens = sorted(t for t in state.vocabulary.terms if t.startswith("z"))
    assert len([t for t in tokens if t.startswith("zc")]) > 5
    for token in tokens:
        in_text = state.passes.positions(conn, f'{text_columns} : "{token}"').size > 0
        assert in_text == (token in state.vocabulary.tokens_in_text), token
    assert {t for t in state.vocabulary.tokens_in_text if t.startswith("zc")} == {"zcwasteheat"}
    assert state.vocabulary.in_text_columns(['"heat"', '"zcwasteheat"', '"zcheat"']) == ['"heat"', '"zcwasteheat"']
