"""The Meilisearch backend against what the server really does, where the plain mocks were too kind.

Each test makes `FakeMeili` (test_meili_http.py) behave as Meilisearch's source says the server behaves
in a case the earlier mocks never showed: a key limited to some indexes, attributes that are only
cropped, a slow answer, long synonym keys.
"""

from __future__ import annotations

import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from indexer.__main__ import main as indexer_main
from service.db import make_engine, make_sessionmaker, session_scope
from service.errors import SearchUnavailable
from service.outbox import queue as outbox
from service.search import indexing, meili_synonyms
from service.search.meili_backend import SLOW_ANSWERS_TO_TRIP, MeiliTaskError
from service.search.meili_settings import COUNT_FIELD, COUNT_VALUE, index_settings
from service.search.query import SearchQuery
from service.search.text import query_words
from service.settings import Settings
from tests.conftest import load_fixture_records, load_records
from tests.service.search.test_meili_http import (
    KEY,
    SYNONYMS,
    TAXONOMY,
    URL,
    FakeMeili,
    doc,
    fake,
    make_backend,
    search_response,
)

__all__ = ["fake"]  # the fixture, imported for pytest


# --- a key limited to the practice indexes cannot see the swap task ------------------------------


def test_a_restricted_key_rebuild_confirms_the_swap_from_the_indexes(fake: FakeMeili) -> None:
    fake.hidden_task_types = {"indexSwap"}
    fake.swap_lag_reads = 3  # the swap runs a little after it is enqueued, as a queued task does
    assert make_backend().rebuild([doc("a"), doc("b")]) == 2
    assert fake.indexes == {"practices": 2}  # the new documents are live, the old index was dropped
    swap_uid = next(uid for uid, task in fake.tasks.items() if task["type"] == "indexSwap")
    assert ("GET", f"/tasks/{swap_uid}") in fake.requests("GET")  # the task was asked for, and hidden


def test_a_swap_that_never_shows_is_an_error_naming_the_hidden_task(fake: FakeMeili) -> None:
    fake.hidden_task_types = {"indexSwap"}
    fake.swap_lag_reads = 10**6
    with pytest.raises(MeiliTaskError, match="not visible to this API key and the indexes did not show the swap"):
        make_backend(task_timeout_s=0.3).rebuild([doc("a")])


def test_a_hidden_task_other_than_the_swap_is_still_an_error(fake: FakeMeili) -> None:
    fake.hidden_task_types = {"documentAdditionOrUpdate"}
    with pytest.raises(Exception, match="task_not_found"):
        make_backend().rebuild([doc("a")])
    assert fake.indexes == {"practices": 3}


def test_indexer_rebuild_with_a_restricted_key_succeeds_and_clears_the_outbox(
        fake: FakeMeili, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    settings = Settings(env="test", data_dir=tmp_path / "data")
    records = load_fixture_records()
    load_records(settings, records)
    engine = make_engine(settings.store_url)
    factory = make_sessionmaker(engine)
    with session_scope(factory) as session:  # changes made while Meilisearch was out of reach
        outbox.enqueue_many(session, practice_ids=[r["id"] for r in records[:3]])
    with session_scope(factory) as session:
        assert outbox.pending_count(session) == 3
    fake.hidden_task_types = {"indexSwap"}
    fake.swap_lag_reads = 2
    for name, value in {"GTS_ENV": "test", "GTS_SEARCH_BACKEND": "meilisearch", "GTS_MEILI_URL": URL,
                        "GTS_MEILI_KEY": KEY, "GTS_MEILI_TASK_TIMEOUT_S": "5"}.items():
        monkeypatch.setenv(name, value)

    assert indexer_main(["rebuild", "--data-dir", str(settings.data_dir)]) == 0
    out = capsys.readouterr()
    assert f"index rebuilt: {len(records)} documents" in out.out and "failed" not in out.err
    assert fake.indexes == {"practices": len(records)}
    with session_scope(factory) as session:
        assert outbox.pending_count(session) == 0
    engine.dispose()


def test_indexing_rebuild_marks_the_outbox_done_through_the_rebuild(fake: FakeMeili, tmp_path: Path) -> None:
    settings = Settings(env="test", data_dir=tmp_path / "data")
    load_records(settings, load_fixture_records())
    engine = make_engine(settings.store_url)
    factory = make_sessionmaker(engine)
    with session_scope(factory) as session:
        outbox.enqueue(session, practice_id="fx-spent-grain")
    fake.hidden_task_types = {"indexSwap"}
    assert indexing.rebuild(factory, make_backend(), TAXONOMY) == 12
    with session_scope(factory) as session:
        assert outbox.pending_count(session) == 0
    engine.dispose()


# --- highlighting: an attribute that is only cropped gets no tags -------------------------------


def formatted_like_meilisearch(document: dict[str, Any], query: dict[str, Any]) -> dict[str, Any]:
    """`_formatted` as the server builds it (crates/meilisearch/src/search: compute_formatted_options).

    Attributes in `attributesToHighlight` get the pre/post tags around matched words; attributes only
    in `attributesToCrop` get `highlight: false`: cropped around the match, without any tag.
    """
    words = set(re.findall(r"\w+", query.get("q", "").lower()))
    highlight = set(query.get("attributesToHighlight") or [])
    crops = dict(a.rsplit(":", 1) for a in query.get("attributesToCrop") or [])
    pre, post, marker = query["highlightPreTag"], query["highlightPostTag"], query.get("cropMarker", "…")
    formatted = {}
    for name, value in document.items():
        if not isinstance(value, str) or (name not in highlight and name not in crops):
            formatted[name] = value
            continue
        tokens = value.split()
        if name in crops:
            length = int(crops[name])
            first = next((i for i, t in enumerate(tokens) if re.sub(r"\W", "", t.lower()) in words), 0)
            start = max(0, min(first - length // 2, len(tokens) - length))
            window = tokens[start:start + length]
            tokens = ([marker] if start > 0 else []) + window + ([marker] if start + length < len(tokens) else [])
        if name in highlight:
            tokens = [pre + t + post if re.sub(r"\W", "", t.lower()) in words else t for t in tokens]
        formatted[name] = " ".join(tokens)
    return formatted


def answer_like_meilisearch(fake: FakeMeili, documents: list[dict[str, Any]]) -> None:
    def multi_search(body: Any) -> tuple[int, Any]:
        results = []
        for query in body["queries"]:
            hits = [] if query.get("limit") == 0 else [
                {**d, "_formatted": formatted_like_meilisearch(d, query)} for d in documents]
            results.append(search_response(hits, len(documents), {}))
        return 200, {"results": results}

    fake.on("POST", r"/multi-search", multi_search)


DESCRIPTION = ("The brewery dries its spent grain with low-grade heat recovered from the wort boiling, "
               "which used to go up the chimney; the dried grain is sold as cattle feed to three farms nearby "
               "and the savings paid the dryer back within a year.")


def test_the_description_excerpt_carries_marks_on_the_meilisearch_backend(fake: FakeMeili) -> None:
    answer_like_meilisearch(fake, [doc("a", title="Grain drying", description=DESCRIPTION)])
    hit = make_backend().search(SearchQuery(q="cattle feed")).hits[0]
    description = hit["highlight"]["description"]
    assert "<mark>cattle</mark> <mark>feed</mark>" in description
    assert description.startswith("…") and description.endswith("…")


def test_the_server_rule_would_leave_a_crop_only_description_unmarked() -> None:
    query = {"q": "cattle", "attributesToHighlight": ["title"], "attributesToCrop": ["description:24"],
             "highlightPreTag": "\x01", "highlightPostTag": "\x02", "cropMarker": "…"}
    formatted = formatted_like_meilisearch({"title": "Cattle feed", "description": DESCRIPTION}, query)
    assert "\x01" not in formatted["description"] and "cattle" in formatted["description"]
    assert formatted["title"] == "\x01Cattle\x02 feed"


# --- numbers and letters the tokenizer does not fold ---------------------------------------------


def test_the_settings_sent_turn_typos_off_for_numbers(fake: FakeMeili) -> None:
    make_backend().upsert([doc("a")])
    typo = fake.body_of("PATCH", "/indexes/practices/settings")["typoTolerance"]
    # Meilisearch's default (false) lets a 5-digit number match another one typo away; the embedded
    # index never corrects a number (text.typo_budget), so `ISO 50002` must not find `ISO 50001`.
    assert typo["disableOnNumbers"] is True


def test_documents_carry_plain_latin_spellings_of_letters_meilisearch_does_not_fold(fake: FakeMeili) -> None:
    make_backend().upsert([
        doc("a", title="Waste heat from a Łódź dyehouse", region="Łódzkie", country="PL"),
        doc("b", title="Seawater cooling in København", organisation="Søren Ørsted ApS", country="DK"),
        doc("c", title="Heat pump for the Hauptstraße bakery", organisation="Bäckerei Großmann"),
        doc("d", title="Compressed air leaks"),
    ])
    sent = {d["id"]: d for d in fake.body_of("POST", "/indexes/practices/documents")}
    assert set(sent["a"]["aliases"].split()) == {"lodz", "lodzkie"}
    assert set(sent["b"]["aliases"].split()) == {"kobenhavn", "soren", "orsted"}
    assert set(sent["c"]["aliases"].split()) == {"hauptstrasse", "grossmann"}
    assert "aliases" not in sent["d"]
    assert fake.body_of("PATCH", "/indexes/practices/settings")["searchableAttributes"][-1] == "aliases"


# --- a slow answer -------------------------------------------------------------------------------


class SlowMeili:
    """A real HTTP server on a local port answering /multi-search, slowly for the first `slow` requests."""

    def __init__(self, *, slow: int, delay_s: float) -> None:
        self.slow, self.delay_s, self.answered = slow, delay_s, 0
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - the name http.server calls
                self.rfile.read(int(self.headers["Content-Length"]))
                owner.answered += 1
                if owner.answered <= owner.slow:
                    time.sleep(owner.delay_s)
                body = json.dumps({"results": [search_response([], 0, {})]}).encode()
                try:
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except OSError:  # the client gave up waiting, as it should
                    pass

            def log_message(self, *_args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def test_one_slow_answer_fails_only_its_own_search() -> None:
    server = SlowMeili(slow=1, delay_s=1.0)
    try:
        backend = make_backend(url=server.url, timeout_s=0.3)
        with pytest.raises(SearchUnavailable) as info:
            backend.search(SearchQuery(q="heat"))
        assert info.value.details[0]["reason"] == "slow answer"
        assert backend.search(SearchQuery(q="heat")).total == 0  # the next search is answered, no breaker
        assert server.answered == 2
    finally:
        server.close()


def test_slow_answers_in_a_row_open_the_breaker() -> None:
    server = SlowMeili(slow=SLOW_ANSWERS_TO_TRIP, delay_s=1.0)
    try:
        backend = make_backend(url=server.url, timeout_s=0.2)
        for _ in range(SLOW_ANSWERS_TO_TRIP):
            with pytest.raises(SearchUnavailable):
                backend.search(SearchQuery(q="heat"))
        with pytest.raises(SearchUnavailable) as info:  # fails at once, without asking the server
            backend.search(SearchQuery(q="heat"))
        assert info.value.details[0]["reason"] == "recently unreachable"
        assert server.answered == SLOW_ANSWERS_TO_TRIP
    finally:
        server.close()


# --- totals past maxTotalHits --------------------------------------------------------------------


def answer_with_matches(fake: FakeMeili, matches: int) -> None:
    """Answer as the server does for a query matching `matches` documents (crates/meilisearch/src/search:
    `totalHits` is min(matches, maxTotalHits), pages past the cap are empty, and facetDistribution is
    computed over every match)."""
    cap = index_settings(SYNONYMS)["pagination"]["maxTotalHits"]

    def multi_search(body: Any) -> tuple[int, Any]:
        results = []
        for query in body["queries"]:
            facets = {field: ({COUNT_VALUE: matches} if field == COUNT_FIELD else {}) for field in query["facets"]}
            if "page" in query:
                offset = (query["page"] - 1) * query["hitsPerPage"]
                shown = max(0, min(query["hitsPerPage"], min(matches, cap) - offset))
                hits = [doc(f"m{offset + i}") for i in range(shown)]
            else:
                hits = []
            results.append(search_response(hits, min(matches, cap), facets))
        return 200, {"results": results}

    fake.on("POST", r"/multi-search", multi_search)


def test_totals_past_the_ranking_cap_are_exact(fake: FakeMeili) -> None:
    answer_with_matches(fake, 63_448)  # "network emissions" at 100,000 practices
    result = make_backend().search(SearchQuery(q="network emissions", per_page=20))
    assert result.total == 63_448 and result.total_is_exact and len(result.hits) == 20
    assert result.as_dict()["pages"] == 3173


def test_pages_past_the_ranking_cap_are_empty_but_keep_the_exact_total(fake: FakeMeili) -> None:
    answer_with_matches(fake, 63_448)
    last_served = make_backend().search(SearchQuery(q="network emissions", page=500, per_page=20))
    beyond = make_backend().search(SearchQuery(q="network emissions", page=501, per_page=20))
    assert len(last_served.hits) == 20 and beyond.hits == []
    assert beyond.total == 63_448 and beyond.total_is_exact


def test_the_ranking_cap_is_far_below_a_million(fake: FakeMeili) -> None:
    make_backend().upsert([doc("a")])
    settings = fake.body_of("PATCH", "/indexes/practices/settings")
    assert settings["pagination"]["maxTotalHits"] <= 20_000  # past 20,000 the documentation warns of seconds
    assert COUNT_FIELD in settings["filterableAttributes"]
    assert fake.body_of("POST", "/indexes/practices/documents")[0][COUNT_FIELD] == COUNT_VALUE


# --- synonyms: Meilisearch looks them up for groups of at most three query words -----------------


def fired_on_meilisearch(q: str, settings: dict[str, Any]) -> set[str]:
    """The synonym values Meilisearch adds for query `q`: it looks up each group of one, two or three
    consecutive query words (milli's query graph builds no longer n-grams), as typed."""
    words = q.split()
    table = settings["synonyms"]
    fired: set[str] = set()
    for size in (1, 2, 3):
        for start in range(len(words) - size + 1):
            fired.update(table.get(" ".join(words[start:start + size]), []))
    return fired


def sent_query(fake: FakeMeili, q: str) -> str:
    fake.on("POST", r"/multi-search", lambda _b: (200, {"results": [search_response([], 0, {})]}))
    make_backend().search(SearchQuery(q=q))
    return str(fake.calls[-1][2]["queries"][0]["q"])


def long_keys() -> list[tuple[str, list[str]]]:
    """Every seed synonym key longer than three words (as the query reduces it), with what it expands to."""
    raw = json.loads(SYNONYMS.read_text(encoding="utf-8"))
    pairs = [(t, [o for o in g if o != t]) for g in raw["groups"] for t in g]
    pairs += list(raw["one_way"].items())
    return [(term, others) for term, others in pairs if len(query_words(term + " ")[0]) > 3]


def test_seed_synonym_keys_of_four_and_five_words_exist() -> None:
    assert len(long_keys()) >= 17


@pytest.mark.parametrize(("term", "others"), long_keys())
def test_a_long_synonym_key_fires_on_meilisearch(fake: FakeMeili, term: str, others: list[str]) -> None:
    settings = index_settings(SYNONYMS)
    raw_words = " ".join(query_words(term + " ")[0])
    assert not set(others) <= fired_on_meilisearch(raw_words, settings)  # the words as typed fire nothing
    q = sent_query(fake, f"{term} retrofit ")
    fired = fired_on_meilisearch(q, settings)
    assert {" ".join(o.lower().split()) for o in others} <= fired
    assert " ".join(term.lower().split()) in fired  # and the phrase as written still matches itself
    assert q.endswith(" retrofit ")


@pytest.mark.parametrize("term", ["combined heat and power", "internet of things", "carbon capture and storage"])
def test_a_synonym_key_written_with_a_stop_word_fires(fake: FakeMeili, term: str) -> None:
    # The query reaches Meilisearch without its stop words, so keys are stored in those words.
    q = sent_query(fake, term + " ")
    assert "and" not in q.split() and "of" not in q.split()
    assert fired_on_meilisearch(q, index_settings(SYNONYMS))


def test_a_stand_in_at_the_end_is_a_whole_word_not_a_prefix(fake: FakeMeili) -> None:
    assert sent_query(fake, "ground source heat pump").endswith(" ")
    assert not sent_query(fake, "ground source heat pu").endswith(" ")


def test_a_synonym_key_has_one_way_to_be_written_that_fires(fake: FakeMeili) -> None:
    synonyms = meili_synonyms.load(SYNONYMS)
    settings = index_settings(SYNONYMS)
    long_key = synonyms.term(("ground", "source", "heat", "pump"))
    assert long_key and long_key.startswith("gtsphrase") and "gshp" in fired_on_meilisearch(long_key, settings)
    assert synonyms.term(("combined", "heat", "power")) == "combined heat power"
    assert "chp" in fired_on_meilisearch("combined heat power", settings)
    assert synonyms.term(("heat", "recovery", "dryer")) is None
