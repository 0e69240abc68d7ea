"""/api/news, /api/events, /api/calls: order, toggles, facets, free text, OpenAPI, errors."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient


def ids(response) -> list[str]:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.text
    return [hit["id"] for hit in response.json()["hits"]]


def test_events_list_upcoming_soonest_first_and_past_behind_the_toggle(items_reader: TestClient) -> None:
    assert ids(items_reader.get("/api/events")) == ["ev-soon", "ev-later"]
    assert ids(items_reader.get("/api/events?show=past")) == ["ev-past", "ev-long-past"]
    assert ids(items_reader.get("/api/events?show=all")) == ["ev-soon", "ev-later", "ev-past", "ev-long-past"]
    # Pages run across the two groups.
    assert ids(items_reader.get("/api/events?show=all&per_page=3&page=2")) == ["ev-long-past"]
    assert ids(items_reader.get("/api/events?show=all&per_page=1&page=3")) == ["ev-past"]
    assert items_reader.get("/api/events?show=all&per_page=3&page=2").json()["total"] == 4


def test_calls_open_closing_soonest_first_then_forthcoming_and_closed_behind_the_toggle(
        items_reader: TestClient) -> None:
    assert ids(items_reader.get("/api/calls")) == ["call-soon", "call-later", "call-forthcoming"]
    assert ids(items_reader.get("/api/calls?show=closed")) == ["call-closed"]
    assert ids(items_reader.get("/api/calls?show=all")) == ["call-soon", "call-later", "call-forthcoming",
                                                             "call-closed"]


def test_news_newest_first(items_reader: TestClient) -> None:
    assert ids(items_reader.get("/api/news")) == ["news-new", "news-old"]


def test_free_text_with_prefix_and_accents_folded(items_reader: TestClient) -> None:
    assert ids(items_reader.get("/api/events?q=heat&show=all")) == ["ev-soon", "ev-later"]
    assert ids(items_reader.get("/api/events?q=GHÉNT")) == ["ev-soon"]
    assert ids(items_reader.get("/api/events?q=foundr&show=past")) == ["ev-past"]
    assert ids(items_reader.get("/api/calls?q=fictional+fund")) == ["call-soon"]  # the funder is searched
    assert ids(items_reader.get("/api/calls?q=%22%29+OR+*")) == []  # FTS5 syntax is never passed through


def test_facets_filter_and_count_disjunctively(items_reader: TestClient) -> None:
    body = items_reader.get("/api/events?show=all&sector=chemicals").json()
    assert [h["id"] for h in body["hits"]] == ["ev-soon"]
    sectors = {v["value"]: (v["count"], v["selected"]) for v in body["facets"]["sector"]}
    # The sector facet ignores its own filter: ticking "metals" as well would add one event.
    assert sectors["chemicals"] == (1, True) and sectors["metals"] == (1, False)
    impacts = {v["value"]: v["count"] for v in body["facets"]["impact"]}
    assert impacts == {"energy-efficiency": 1}
    assert ids(items_reader.get("/api/events?show=all&sector=chemicals,metals")) == ["ev-soon", "ev-past"]
    assert ids(items_reader.get("/api/calls?country=Germany")) == ["call-soon"]
    assert ids(items_reader.get("/api/news?language=en&impact=water-efficiency")) == ["news-old"]


def test_one_item_in_record_form_with_its_time_zone(items_reader: TestClient) -> None:
    body = items_reader.get("/api/events/ev-soon").json()
    assert body["timezone"] == "Europe/Brussels" and body["start"].endswith(("+01:00", "+02:00"))
    assert items_reader.get("/api/calls/ev-soon").status_code == 404  # an event is not a call
    assert items_reader.get("/api/news/nope").json()["error"]["code"] == "not_found"


@pytest.mark.parametrize("url", [
    "/api/events?show=later", "/api/calls?show=upcoming", "/api/news?sector=space", "/api/events?page=0",
    "/api/events?page=abc", "/api/events?per_page=101", "/api/calls?sort=cheapest", "/api/news?language=english",
    "/api/events?q=" + "x" * 1001, "/api/events/" + "x" * 65, "/api/calls?country=Atlantis",
    "/api/events?page=99999999999999999999",
])
def test_hostile_or_wrong_parameters_are_a_4xx_in_the_one_error_shape(items_reader: TestClient, url: str) -> None:
    response = items_reader.get(url)
    assert 400 <= response.status_code < 500, (url, response.status_code, response.text)
    error = response.json()["error"]
    assert set(error) == {"status", "code", "message", "details"} and error["status"] == response.status_code


def test_openapi_declares_parameters_and_response_models(items_reader: TestClient) -> None:
    schema = items_reader.get("/openapi.json").json()
    for path in ("/api/news", "/api/events", "/api/calls"):
        operation = schema["paths"][path]["get"]
        names = {p["name"] for p in operation["parameters"]}
        assert {"q", "sector", "impact", "country", "language", "show", "sort", "page", "per_page"} <= names
        assert operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith("/ItemList")
        assert schema["paths"][f"{path}/{{item_id}}"]["get"]["responses"]["200"]["content"]["application/json"][
            "schema"]["$ref"].endswith("/ItemRead")
        assert "post" in schema["paths"][f"{path}/submissions"]
    assert "/events.ics" in schema["paths"] and "/calls/{item_id}.ics" in schema["paths"]
    assert "/news.atom" in schema["paths"]


@pytest.mark.parametrize("path", ["/api/news", "/api/events", "/api/calls", "/news", "/events", "/calls",
                                  "/news.atom", "/events.ics", "/calls.ics", "/events.atom"])
@pytest.mark.parametrize("query", ["q=%00%ff%fe", "q=%3Cscript%3Ealert(1)%3C/script%3E", "q=NEAR(a+b)+OR+%22",
                                   "q=*", "sector=%00", "show=%ff", "q=%ud800", "country=%F0%9F%92%A9"])
def test_hostile_text_never_breaks_a_list(items_reader: TestClient, path: str, query: str) -> None:
    response = items_reader.get(f"{path}?{query}", headers={"accept": "text/html"})
    assert response.status_code in (200, 400), response.text
    if response.headers["content-type"].startswith(("text/html", "application/json")):
        assert "<script>alert" not in response.text  # escaped on pages; JSON lists hold no query text


@pytest.mark.parametrize("lang", ["", "&lang=de", "&lang=bg"])
def test_list_pages_with_filters_link_back_without_them(items_reader: TestClient, lang: str) -> None:
    page = items_reader.get(f"/events?show=all&sector=chemicals{lang}")
    assert page.status_code == 200
    assert f'class="clear" href="/events?show=all{lang.replace("&", "&amp;")}"' in page.text
    assert 'href="/events/ev-soon' in page.text and "ev-later" not in page.text


@pytest.mark.parametrize(("url", "count"), [
    ("/events", "2 events"), ("/events?show=past&sector=metals", "1 event"), ("/calls?show=all", "4 calls"),
    ("/news", "2 news items"), ("/events?lang=de", "2 Veranstaltungen"), ("/calls?lang=pl", "3 nabory"),
    ("/news?lang=bg", "2 новини")])
def test_list_pages_count_their_kind_in_the_page_s_language(items_reader: TestClient, url: str, count: str) -> None:
    page = items_reader.get(url)
    assert page.status_code == 200
    assert f'<p class="summary" role="status">{count}</p>' in page.text
