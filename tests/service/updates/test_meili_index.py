"""The items' Meilisearch index at its HTTP boundary (no Meilisearch server runs here; `responses` plays
it, as in tests/service/search/test_meili_http.py): the filters it builds, the requests a list page sends
and how their answers become a page across time groups."""

from __future__ import annotations

import json
import re
from typing import Any

import responses

from service.taxonomy import load_taxonomy
from service.updates.meili_index import MeiliItemIndex, filter_for
from service.updates.query import ItemQuery

URL = "http://meili.test:7700"
NOW = 1_800_000_000


def test_filters_name_the_kind_facets_and_time_groups_with_quoted_values() -> None:
    query = ItemQuery(kind="event", filters={"sector": ("energy", "metals"), "country": ('x" OR kind = "y',)},
                      show="all", now=NOW)
    assert filter_for(query, None) == ['kind = "event"', ['sectors = "energy"', 'sectors = "metals"'],
                                       ['countries = "x\\" OR kind = \\"y"'], [f"(end_ts >= {NOW})",
                                                                              f"(end_ts < {NOW})"]]
    upcoming = query.segments()[0]
    assert filter_for(query, upcoming, skip="sector") == ['kind = "event"', ['countries = "x\\" OR kind = \\"y"'],
                                                          [f"(end_ts >= {NOW})"]]
    calls = ItemQuery(kind="call", show="open", now=NOW)
    assert filter_for(calls, None)[-1] == [f"(opens_ts <= {NOW} AND closes_ts >= {NOW})", f"(opens_ts > {NOW})"]
    assert filter_for(ItemQuery(kind="news", show="all", now=NOW), None) == ['kind = "news"']


@responses.activate
def test_a_page_runs_across_time_groups_with_exact_counts_and_disjunctive_facets() -> None:
    sent: list[tuple[str, Any]] = []

    def record(request: Any) -> tuple[int, dict[str, str], str]:
        body = json.loads(request.body) if request.body else None
        sent.append((request.path_url, body))
        if request.path_url.endswith("/multi-search"):
            results: list[dict[str, Any]] = [{"totalHits": 2}, {"totalHits": 1}]
            results += [{"facetDistribution": {field: {"energy": 2} if field == "sectors" else {}}}
                        for field in ("sectors", "impacts", "countries", "language")]
            return 200, {}, json.dumps({"results": results})
        if request.path_url.endswith("/search"):
            return 200, {}, json.dumps({"hits": [{"id": "ev-past", "kind": "event", "title": "Past event",
                                                  "summary": "s", "start_ts": NOW - 10}]})
        return 200, {}, json.dumps({"uid": "items", "primaryKey": "id", "createdAt": "2026-01-01T00:00:00.000000Z",
                                    "updatedAt": "2026-01-01T00:00:00.000000Z"})

    responses.add_callback(responses.GET, re.compile(URL + r"/indexes/items$"), callback=record)
    responses.add_callback(responses.PATCH, re.compile(URL + r"/indexes/items/settings$"),
                           callback=lambda r: (202, {}, json.dumps({"taskUid": 1, "indexUid": "items",
                                                                     "status": "enqueued", "type": "settingsUpdate",
                                                                     "enqueuedAt": "2026-01-01T00:00:00.000000Z"})))
    responses.add_callback(responses.GET, re.compile(URL + r"/tasks/1$"),
                           callback=lambda r: (200, {}, json.dumps({"uid": 1, "status": "succeeded",
                                                                     "type": "settingsUpdate", "indexUid": "items",
                                                                     "enqueuedAt": "2026-01-01T00:00:00.000000Z"})))
    responses.add_callback(responses.POST, re.compile(URL + r"/multi-search$"), callback=record)
    responses.add_callback(responses.POST, re.compile(URL + r"/indexes/items/search$"), callback=record)

    index = MeiliItemIndex(url=URL, key="", index_uid="items", taxonomy=load_taxonomy())
    result = index.search(ItemQuery(kind="event", q="heat", show="all", per_page=2, page=2, now=NOW,
                                    filters={"sector": ("energy",)}))
    assert result.total == 3 and [h["id"] for h in result.hits] == ["ev-past"]
    assert [(v.value, v.count, v.selected) for v in result.facets["sector"]] == [("energy", 2, True)]
    multi = next(body for path, body in sent if path.endswith("/multi-search"))["queries"]
    assert [q["hitsPerPage"] for q in multi[:2]] == [0, 0] and all(q["q"] == "heat" for q in multi)
    assert multi[2]["facets"] == ["sectors"] and ['sectors = "energy"'] not in multi[2]["filter"]
    # Page 2 of 2 per page: the upcoming group (2) is passed, the past group is read from its start.
    [(_, search)] = [(p, b) for p, b in sent if p.endswith("/indexes/items/search")]
    assert search["offset"] == 0 and search["limit"] == 1 and search["sort"] == ["start_ts:desc"]
    assert search["filter"][-1] == [f"(end_ts < {NOW})"]
