"""The Meilisearch backend at its HTTP boundary: the exact requests it sends and how it reads the answers.

No Meilisearch server can run on this machine, so the server's side is played by `FakeMeili`, which
answers with the documented response shapes (task objects, `{"message", "code", "type", "link"}`
errors). The official client speaks `requests`, not httpx, so the boundary is mocked with `responses`
(respx only sees httpx). Timeouts and refused connections use real sockets, not mocks.
"""

from __future__ import annotations

import json
import re
import socket
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import responses

from service.errors import SearchUnavailable
from service.search.meili_backend import NAMED_ATTRIBUTES, MeilisearchBackend, MeiliTaskError
from service.search.meili_settings import MAX_TOTAL_HITS, index_settings
from service.search.query import SearchQuery
from service.settings import SEED_DIR
from service.taxonomy import load_taxonomy
from tests.conftest import free_port

URL = "http://meili.test:7700"
KEY = "a-real-looking-master-key-0123456789"
TAXONOMY = load_taxonomy()
SYNONYMS = SEED_DIR / "synonyms.json"
ENQUEUED_AT = "2025-01-01T00:00:00.000000Z"


def error(status: int, code: str, message: str, kind: str = "invalid_request") -> tuple[int, dict[str, Any]]:
    return status, {"message": message, "code": code, "type": kind, "link": f"https://docs.meilisearch.com/errors#{code}"}


class FakeMeili:
    """Plays Meilisearch: records every request, answers from handlers keyed by (method, path regex)."""

    def __init__(self, mock: responses.RequestsMock) -> None:
        self.calls: list[tuple[str, str, Any]] = []
        self.handlers: list[tuple[str, re.Pattern[str], Callable[..., tuple[int, Any]]]] = []
        self.tasks: dict[int, dict[str, Any]] = {}
        self.failing_tasks: dict[str, dict[str, Any]] = {}  # task type -> error object
        self.indexes: dict[str, int] = {"practices": 3}  # uid -> document count
        self.created: dict[str, str] = {"practices": "2024-06-01T08:00:00.000000001Z"}  # uid -> createdAt
        # Task types whose GET /tasks/{uid} answers 404, as for a key limited to some indexes: Meilisearch
        # hides tasks tied to no single index (indexSwap) from such a key (meilisearch issue 4103).
        self.hidden_task_types: set[str] = set()
        self.swap_lag_reads = 0  # how many index reads still see the old names after a swap is enqueued
        self._pending_swap: tuple[str, str] | None = None
        for method in ("GET", "POST", "PATCH", "PUT", "DELETE"):
            mock.add_callback(method, re.compile(re.escape(URL) + r"/.*"), callback=self._dispatch)
        self._install_defaults()

    def on(self, method: str, pattern: str, handler: Callable[..., tuple[int, Any]]) -> None:
        self.handlers.insert(0, (method, re.compile(pattern + r"$"), handler))

    def _dispatch(self, request: Any) -> tuple[int, dict[str, str], str]:
        path = request.path_url.split("?")[0]
        body = json.loads(request.body) if request.body else None
        self.calls.append((request.method, request.path_url, body))
        assert request.headers["Authorization"] == f"Bearer {KEY}"
        for method, pattern, handler in self.handlers:
            match = pattern.match(path)
            if method == request.method and match:
                status, payload = handler(body, *match.groups())
                return status, {"Content-Type": "application/json"}, json.dumps(payload)
        raise AssertionError(f"unexpected request {request.method} {request.path_url}")

    def task(self, kind: str, index_uid: str | None) -> tuple[int, dict[str, Any]]:
        uid = len(self.tasks) + 1
        failure = self.failing_tasks.get(kind)
        self.tasks[uid] = {"uid": uid, "indexUid": index_uid, "status": "failed" if failure else "succeeded",
                           "type": kind, "error": failure, "enqueuedAt": ENQUEUED_AT}
        return 202, {"taskUid": uid, "indexUid": index_uid, "status": "enqueued", "type": kind,
                     "enqueuedAt": ENQUEUED_AT}

    def _install_defaults(self) -> None:
        def get_index(_body: Any, uid: str) -> tuple[int, Any]:
            self._progress_swap()
            if uid not in self.indexes:
                return error(404, "index_not_found", f"Index `{uid}` not found.")
            return 200, {"uid": uid, "primaryKey": "id", "createdAt": self.created[uid], "updatedAt": ENQUEUED_AT}

        def create_index(body: Any) -> tuple[int, Any]:
            self.indexes[body["uid"]] = 0
            self.created[body["uid"]] = f"2025-01-01T00:00:{len(self.created):02d}.000000001Z"
            return self.task("indexCreation", body["uid"])

        def get_task(_body: Any, uid: str) -> tuple[int, Any]:
            task = self.tasks.get(int(uid))
            if task is None or task["type"] in self.hidden_task_types:
                return error(404, "task_not_found", f"Task `{uid}` not found.")
            return 200, task

        def add_documents(body: Any, uid: str) -> tuple[int, Any]:
            self.indexes[uid] = self.indexes.get(uid, 0) + len(body)
            return self.task("documentAdditionOrUpdate", uid)

        def stats(_body: Any, uid: str) -> tuple[int, Any]:
            if uid not in self.indexes:
                return error(404, "index_not_found", f"Index `{uid}` not found.")
            return 200, {"numberOfDocuments": self.indexes[uid], "isIndexing": False, "fieldDistribution": {}}

        def swap(body: Any) -> tuple[int, Any]:
            self._pending_swap = tuple(body[0]["indexes"])  # type: ignore[assignment]
            self._progress_swap()
            return self.task("indexSwap", None)

        def delete_index(_body: Any, uid: str) -> tuple[int, Any]:
            self.indexes.pop(uid, None)
            self.created.pop(uid, None)
            return self.task("indexDeletion", uid)

        self.on("GET", r"/tasks/(\d+)", get_task)
        self.on("GET", r"/indexes/([^/]+)", get_index)
        self.on("POST", r"/indexes", create_index)
        self.on("PATCH", r"/indexes/([^/]+)/settings", lambda _b, uid: self.task("settingsUpdate", uid))
        self.on("POST", r"/indexes/([^/]+)/documents", add_documents)
        self.on("POST", r"/indexes/([^/]+)/documents/delete", lambda _b, uid: self.task("documentDeletion", uid))
        self.on("GET", r"/indexes/([^/]+)/stats", stats)
        self.on("POST", r"/swap-indexes", swap)
        self.on("DELETE", r"/indexes/([^/]+)", delete_index)
        self.on("GET", r"/health", lambda _b: (200, {"status": "available"}))

    def _progress_swap(self) -> None:
        """Apply an enqueued swap once `swap_lag_reads` index reads have seen the old state."""
        if self._pending_swap is None:
            return
        if self.swap_lag_reads > 0:
            self.swap_lag_reads -= 1
            return
        a, b = self._pending_swap
        self.indexes[a], self.indexes[b] = self.indexes[b], self.indexes[a]
        self.created[a], self.created[b] = self.created[b], self.created[a]
        self._pending_swap = None

    def requests(self, method: str | None = None) -> list[tuple[str, str]]:
        return [(m, p) for m, p, _ in self.calls if method is None or m == method]

    def body_of(self, method: str, path_prefix: str) -> Any:
        return next(b for m, p, b in self.calls if m == method and p.startswith(path_prefix))


@pytest.fixture
def fake() -> Iterator[FakeMeili]:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield FakeMeili(mock)


def make_backend(url: str = URL, **kwargs: Any) -> MeilisearchBackend:
    return MeilisearchBackend(url=url, key=KEY, index_uid="practices", taxonomy=TAXONOMY, synonyms_path=SYNONYMS,
                              **{"timeout_s": 2.0, "task_timeout_s": 5.0, **kwargs})


def doc(practice_id: str, **fields: Any) -> dict[str, Any]:
    return {"id": practice_id, "title": f"Practice {practice_id}", "summary": "A summary long enough to be valid.",
            "country": "DE", "sectors": ["metals"], "impacts": ["energy-efficiency"], **fields}


# --- settings and rebuild ------------------------------------------------------------------------


def test_settings_body_is_exactly_what_the_index_needs() -> None:
    body = index_settings(SYNONYMS)
    assert body["searchableAttributes"] == [
        "title", "technologies", "inputs", "outputs", "summary", "organisation", "region", "country_label",
        "sector_labels", "impact_labels", "key_area_labels", "description", "aliases", "concepts"]
    assert body["filterableAttributes"] == ["annual_savings_eur", "company_size", "country", "id", "impacts",
                                            "investment_band", "investment_eur", "key_areas", "listed",
                                            "payback_band", "payback_years", "sectors"]
    assert body["sortableAttributes"] == ["annual_savings_eur", "has_annual_savings_eur", "has_investment_eur",
                                          "has_payback_years", "has_published_at", "has_year", "investment_eur",
                                          "payback_years", "published_at", "year"]
    assert body["rankingRules"] == ["sort", "words", "typo", "proximity", "attribute", "exactness"]
    typo = body["typoTolerance"]
    assert typo == {"enabled": True, "minWordSizeForTypos": {"oneTypo": 5, "twoTypos": 9}, "disableOnNumbers": True,
                    "disableOnWords": typo["disableOnWords"]}
    assert typo["disableOnWords"] and all(w.startswith("gtsphrase") for w in typo["disableOnWords"])
    assert body["faceting"] == {"maxValuesPerFacet": 300, "sortFacetValuesBy": {"*": "count"}}
    assert body["pagination"] == {"maxTotalHits": MAX_TOTAL_HITS} and MAX_TOTAL_HITS == 10_000
    synonyms = body["synonyms"]
    assert "photovoltaic" in synonyms["pv"] and "pv" in synonyms["photovoltaic"]  # a group is mutual
    assert "ventilation" in synonyms["hvac"] and "hvac" not in synonyms.get("ventilation", [])  # one-way
    assert all(term == term.lower() and term not in others for term, others in synonyms.items())


def test_rebuild_creates_configures_fills_checks_swaps_and_drops(fake: FakeMeili) -> None:
    count = make_backend().rebuild(iter([doc("a", investment_eur=1000.0, year=2020), doc("b")]))
    assert count == 2
    writes = [(m, p) for m, p in fake.requests() if m != "GET" or "/stats" in p or p == "/indexes/practices"]
    new_uid = fake.body_of("POST", "/indexes")["uid"]
    assert re.fullmatch(r"practices_\d{20}", new_uid)
    assert writes == [
        ("POST", "/indexes"),
        ("PATCH", f"/indexes/{new_uid}/settings"),
        ("POST", f"/indexes/{new_uid}/documents?primaryKey=id"),
        ("GET", f"/indexes/{new_uid}/stats"),
        ("GET", "/indexes/practices"),  # the live index exists (the first rebuild creates it)
        ("GET", "/indexes/practices"),  # its creation date, to confirm the swap by if the task is hidden
        ("POST", "/swap-indexes"),
        ("DELETE", f"/indexes/{new_uid}"),
    ]
    assert fake.body_of("POST", "/indexes") == {"uid": new_uid, "primaryKey": "id"}
    assert fake.body_of("PATCH", f"/indexes/{new_uid}/settings") == index_settings(SYNONYMS)
    assert fake.body_of("POST", "/swap-indexes") == [{"indexes": ["practices", new_uid]}]
    sent = fake.body_of("POST", f"/indexes/{new_uid}/documents")
    assert sent[0]["has_investment_eur"] == 1 and sent[0]["has_payback_years"] == 0 and sent[0]["has_year"] == 1
    assert sent[0]["country_label"] == "Germany" and sent[0]["sector_labels"] == ["Metals & metal products"]
    assert "investment_eur" not in sent[1]  # unknown numbers are left out, never sent as null
    assert fake.indexes == {"practices": 2}  # the new documents are live, the old index is gone
    # every task was waited for
    assert {int(p.rsplit("/", 1)[1]) for m, p in fake.requests("GET") if p.startswith("/tasks/")} == set(fake.tasks)


def test_the_first_rebuild_creates_an_empty_live_index_to_swap_with(fake: FakeMeili) -> None:
    del fake.indexes["practices"]
    assert make_backend().rebuild([doc("a")]) == 1
    creates = [b["uid"] for m, p, b in fake.calls if m == "POST" and p == "/indexes"]
    assert creates[1] == "practices" and fake.indexes == {"practices": 1}


def test_a_count_mismatch_stops_the_rebuild_before_the_swap(fake: FakeMeili) -> None:
    fake.on("GET", r"/indexes/(practices_\d+)/stats",
            lambda _b, uid: (200, {"numberOfDocuments": 1, "isIndexing": False, "fieldDistribution": {}}))
    with pytest.raises(MeiliTaskError, match="holds 1 documents, 2 were sent"):
        make_backend().rebuild([doc("a"), doc("b")])
    assert ("POST", "/swap-indexes") not in fake.requests()
    assert fake.indexes == {"practices": 3}  # the half-built index was deleted, the live one untouched


def test_a_failed_task_is_an_error_not_a_success(fake: FakeMeili) -> None:
    fake.failing_tasks["settingsUpdate"] = {"message": "Attribute `x` is not filterable.",
                                            "code": "invalid_settings_filterable_attributes",
                                            "type": "invalid_request", "link": "https://docs.meilisearch.com/errors"}
    with pytest.raises(MeiliTaskError, match="failed: invalid_settings_filterable_attributes"):
        make_backend().rebuild([doc("a")])
    assert ("POST", "/swap-indexes") not in fake.requests()
    assert fake.indexes == {"practices": 3}


def test_a_failed_document_task_fails_the_upsert(fake: FakeMeili) -> None:
    fake.failing_tasks["documentAdditionOrUpdate"] = {"message": "Document doesn't have a `id` attribute",
                                                      "code": "missing_document_id", "type": "invalid_request",
                                                      "link": "https://docs.meilisearch.com/errors"}
    with pytest.raises(MeiliTaskError, match="missing_document_id"):
        make_backend().upsert([doc("a")])


def test_a_task_that_never_finishes_times_out(fake: FakeMeili) -> None:
    fake.on("GET", r"/tasks/(\d+)", lambda _b, uid: (200, {**fake.tasks[int(uid)], "status": "processing"}))
    started = time.monotonic()
    with pytest.raises(MeiliTaskError, match="did not finish in 0.3 s"):
        make_backend(task_timeout_s=0.3).upsert([doc("a")])
    assert time.monotonic() - started < 2


# --- incremental writes --------------------------------------------------------------------------


def test_upsert_applies_settings_once_then_adds_documents(fake: FakeMeili) -> None:
    backend = make_backend()
    backend.upsert([doc("a")])
    backend.upsert([doc("b")])
    assert [p for m, p in fake.requests() if m != "GET"] == [
        "/indexes/practices/settings", "/indexes/practices/documents?primaryKey=id",
        "/indexes/practices/documents?primaryKey=id"]


def test_upsert_into_a_missing_index_creates_it_with_settings_first(fake: FakeMeili) -> None:
    del fake.indexes["practices"]
    make_backend().upsert([doc("a")])
    assert [p for m, p in fake.requests() if m != "GET"] == [
        "/indexes", "/indexes/practices/settings", "/indexes/practices/documents?primaryKey=id"]


def test_delete_uses_an_escaped_id_filter(fake: FakeMeili) -> None:
    make_backend().delete(["fx-a", "fx-b"])
    assert fake.body_of("POST", "/indexes/practices/documents/delete") == {"filter": 'id IN ["fx-a", "fx-b"]'}


# --- search --------------------------------------------------------------------------------------


def search_response(hits: list[dict[str, Any]], total: int, facets: dict[str, dict[str, int]]) -> dict[str, Any]:
    return {"indexUid": "practices", "hits": hits, "query": "", "processingTimeMs": 1, "hitsPerPage": 20, "page": 1,
            "totalPages": 1, "totalHits": total, "facetDistribution": facets, "facetStats": {}}


def test_multi_search_body_and_disjunctive_facets(fake: FakeMeili) -> None:
    hit = {**doc("a", year=2020), "_formatted": {"title": "\x01Heat\x02 <b>pump</b>", "summary": "A summary",
                                                 "description": "…uses \x01heat\x02 from…"}}
    main = search_response([hit], 7, {"sectors": {"metals": 5, "retail": 2}, "country": {"DE": 4, "FR": 3},
                                      "company_size": {"small": 7}})
    by_sector = search_response([], 30, {"sectors": {"metals": 5, "retail": 2, "energy": 23}})
    by_country = search_response([], 12, {"country": {"DE": 4, "FR": 3, "AT": 5}})
    fake.on("POST", r"/multi-search", lambda _b: (200, {"results": [main, by_sector, by_country]}))
    query = SearchQuery(q='heat "pump -gas', filters={"sector": ("metals", "retail"), "country": ("DE", "FR")},
                        payback_max=3, sort="payback", page=2, per_page=5)
    result = make_backend().search(query)

    body = fake.body_of("POST", "/multi-search")
    first, sector_query, country_query = body["queries"]
    assert first == {
        # An unbalanced quote is a separator; "-gas" after a space excludes gas; "heat pump", an English term
        # with synonyms, is sent as its words so that Meilisearch's synonyms fire.
        "indexUid": "practices", "q": "heat pump -gas ", "matchingStrategy": "all", "page": 2, "hitsPerPage": 5,
        "facets": ["sectors", "impacts", "key_areas", "country", "company_size", "investment_band", "payback_band",
                   "listed"],
        "attributesToRetrieve": list(first["attributesToRetrieve"]),
        "attributesToHighlight": ["title", "summary", "description"], "attributesToCrop": ["description:24"],
        "cropMarker": "…",
        "highlightPreTag": "\x01", "highlightPostTag": "\x02",
        "filter": '(payback_years <= 3) AND (sectors IN ["metals", "retail"]) AND (country IN ["DE", "FR"])',
        "sort": ["has_payback_years:desc", "payback_years:asc"],
        # A precise term only: searched where a practice says what it is about (Analysis.named_only).
        "attributesToSearchOn": NAMED_ATTRIBUTES,
    }
    assert {"id", "title", "summary", "country", "sectors", "impacts", "investment_eur", "payback_years"} <= set(
        first["attributesToRetrieve"])
    assert sector_query == {"indexUid": "practices", "q": "heat pump -gas ", "matchingStrategy": "all", "limit": 0,
                            "facets": ["sectors"], "attributesToSearchOn": NAMED_ATTRIBUTES,
                            "filter": '(payback_years <= 3) AND (country IN ["DE", "FR"])'}
    assert country_query == {"indexUid": "practices", "q": "heat pump -gas ", "matchingStrategy": "all", "limit": 0,
                             "facets": ["country"], "attributesToSearchOn": NAMED_ATTRIBUTES,
                             "filter": '(payback_years <= 3) AND (sectors IN ["metals", "retail"])'}

    assert result.total == 7 and result.total_is_exact and result.page == 2 and result.per_page == 5
    sectors = {v.value: (v.count, v.selected) for v in result.facets["sector"]}
    assert sectors["energy"] == (23, False) and sectors["metals"] == (5, True) and sectors["chemicals"] == (0, False)
    assert [(v.value, v.count) for v in result.facets["country"]] == [("AT", 5), ("DE", 4), ("FR", 3)]
    assert [v.value for v in result.facets["company_size"]] == ["micro", "small", "medium", "large"]
    highlight = result.hits[0]["highlight"]
    assert highlight == {"title": "<mark>Heat</mark> &lt;b&gt;pump&lt;/b&gt;", "summary": "A summary",
                         "description": "…uses <mark>heat</mark> from…"}
    assert "_formatted" not in result.hits[0]


def test_a_query_without_words_browses_newest_first_and_asks_for_no_extra_queries(fake: FakeMeili) -> None:
    fake.on("POST", r"/multi-search", lambda _b: (200, {"results": [search_response([], 0, {})]}))
    result = make_backend().search(SearchQuery(q="  ¿¡ "))
    (only,) = fake.body_of("POST", "/multi-search")["queries"]
    assert only["q"] == "" and only["sort"] == ["has_year:desc", "year:desc"] and "filter" not in only
    assert result.total == 0 and len(result.facets["sector"]) == 18


def test_without_the_count_facet_a_total_at_the_cap_is_not_reported_as_exact(fake: FakeMeili) -> None:
    # An index built before documents carried the count field answers without its facet count.
    fake.on("POST", r"/multi-search", lambda _b: (200, {"results": [search_response([], MAX_TOTAL_HITS, {})]}))
    assert make_backend().search(SearchQuery()).total_is_exact is False


@pytest.mark.parametrize(("status", "code", "kind", "reason"), [
    (404, "index_not_found", "invalid_request", "index_not_found"),
    (401, "missing_authorization_header", "auth", "not authorised"),
    (403, "invalid_api_key", "auth", "not authorised"),
])
def test_documented_errors_become_search_unavailable(fake: FakeMeili, status: int, code: str, kind: str,
                                                     reason: str) -> None:
    fake.on("POST", r"/multi-search", lambda _b: error(status, code, "refused", kind))
    with pytest.raises(SearchUnavailable) as info:
        make_backend().search(SearchQuery(q="heat"))
    assert info.value.status == 503 and info.value.details[0]["reason"] == reason


def test_a_missing_index_counts_zero_and_reports_unhealthy(fake: FakeMeili) -> None:
    del fake.indexes["practices"]
    backend = make_backend()
    assert backend.count() == 0
    health = backend.health()
    assert health["ok"] is False and health["error"].startswith("index_not_found")
    fake.indexes["practices"] = 5
    assert backend.health() == {"backend": "meilisearch", "ok": True, "url": URL, "index": "practices",
                                "documents": 5}


def test_a_bad_request_is_not_mistaken_for_an_outage(fake: FakeMeili) -> None:
    fake.on("POST", r"/multi-search", lambda _b: error(400, "invalid_search_filter", "bad filter"))
    backend = make_backend()
    with pytest.raises(Exception) as info:
        backend.search(SearchQuery())
    assert not isinstance(info.value, SearchUnavailable)
    fake.on("POST", r"/multi-search", lambda _b: (200, {"results": [search_response([], 0, {})]}))
    assert backend.search(SearchQuery()).total == 0  # no breaker was tripped


# --- an unreachable server -----------------------------------------------------------------------


def test_connection_refused_is_a_fast_503_and_later_calls_fail_without_trying() -> None:
    backend = make_backend(url=f"http://127.0.0.1:{free_port()}")
    started = time.monotonic()
    with pytest.raises(SearchUnavailable) as info:
        backend.search(SearchQuery(q="heat"))
    assert time.monotonic() - started < 2 and info.value.details[0]["reason"] == "unreachable"
    with responses.RequestsMock() as mock:  # no request may go out while the breaker is open
        with pytest.raises(SearchUnavailable) as again:
            backend.search(SearchQuery(q="heat"))
        assert again.value.details[0]["reason"] == "recently unreachable" and len(mock.calls) == 0
        with pytest.raises(SearchUnavailable):
            backend.upsert([doc("a")])
    assert backend.health()["ok"] is False


def test_a_server_that_never_answers_times_out_within_the_setting() -> None:
    with socket.socket() as listener:  # accepts connections (kernel backlog) but never answers
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        backend = make_backend(url=f"http://127.0.0.1:{listener.getsockname()[1]}", timeout_s=0.3)
        started = time.monotonic()
        with pytest.raises(SearchUnavailable):
            backend.search(SearchQuery(q="heat"))
        assert time.monotonic() - started < 1.5


def test_a_read_timeout_from_the_client_library_is_a_503(fake: FakeMeili) -> None:
    import requests

    fake.on("POST", r"/multi-search", lambda _b: (_ for _ in ()).throw(requests.exceptions.ReadTimeout("slow")))
    with pytest.raises(SearchUnavailable):
        make_backend().search(SearchQuery())


def test_words_no_practice_matches_together_are_given_up_as_the_embedded_index_does(fake: FakeMeili) -> None:
    """"unicornly" is found nowhere: counted alone it has no hits, so it is given up and the page query
    searches the rest; the answer says what was dropped."""
    found_alone = {"zcbrewery": 3, '"unicornly"': 0, "unicornly": 0}

    def answer(body: Any) -> tuple[int, Any]:
        results = []
        for query in body["queries"]:
            words = query["q"].split()
            total = 0 if len(words) > 1 else found_alone.get(words[0], 0) if words else 0
            hits = [doc("a")] if total and query.get("limit", 1) else []
            results.append(search_response(hits, total, {}))
        return 200, {"results": results}

    fake.on("POST", r"/multi-search", answer)
    result = make_backend().search(SearchQuery(q="brewery unicornly "))
    searches = [body for method, path, body in fake.calls if path == "/multi-search"]
    assert [q["q"] for q in searches[-1]["queries"]] == ["zcbrewery "]
    assert searches[-1]["queries"][0]["matchingStrategy"] == "all"
    assert result.total == 3 and result.understood is not None
    assert result.understood["dropped"] == ["unicornly"]


def test_precise_terms_named_nowhere_in_what_practices_are_about_are_searched_anywhere(fake: FakeMeili) -> None:
    """"HVO" is a precise term: searched first where practices say what they are about; when none does, the
    same words anywhere, as the embedded index does (Analysis.named_only)."""
    def answer(body: Any) -> tuple[int, Any]:
        results = []
        for query in body["queries"]:
            total = 0 if "attributesToSearchOn" in query else 2
            results.append(search_response([doc("a")] if total and query.get("limit", 1) else [], total, {}))
        return 200, {"results": results}

    fake.on("POST", r"/multi-search", answer)
    result = make_backend().search(SearchQuery(q="HVO "))
    searches = [body["queries"][0] for method, path, body in fake.calls if path == "/multi-search"]
    assert searches[0]["attributesToSearchOn"] == NAMED_ATTRIBUTES and searches[0]["q"] == "hvo "
    assert "attributesToSearchOn" not in searches[-1] and searches[-1]["q"] == "hvo "
    assert result.total == 2
