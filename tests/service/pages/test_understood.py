"""The search page and what it understood: filters read from words move into the URL, chips say so, a line
says what was searched for, what was given up and what else may have been meant."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient

from service.app import create_app
from service.settings import Settings
from tests.conftest import load_fixture_records, load_records

HTML = {"Accept": "text/html,application/xhtml+xml"}


@pytest.fixture
def pages(settings: Settings) -> Iterator[TestClient]:
    load_records(settings, load_fixture_records())
    with TestClient(create_app(settings)) as client:
        yield client


def test_a_budget_in_words_becomes_the_url_s_filter_and_a_chip(pages: TestClient) -> None:
    answer = pages.get("/search", params={"q": "LED under 50000 euro"}, headers=HTML, follow_redirects=False)
    assert answer.status_code == 303
    target = urlsplit(answer.headers["location"])
    assert target.path == "/search"
    params = parse_qs(target.query)
    assert params["q"] == ["LED"] and params["investment_max"] == ["50000"]
    assert params["from_words"] == ["investment_max"]
    html = pages.get(answer.headers["location"], headers=HTML).text
    assert "from your words" in html
    assert 'href="/practices/fx-led-warehouse' in html and 'href="/practices/fx-led-supermarket' not in html


def test_understand_false_keeps_the_words(pages: TestClient) -> None:
    answer = pages.get("/search", params={"q": "LED under 50000 euro", "understand": "false"}, headers=HTML,
                       follow_redirects=False)
    assert answer.status_code == 200
    assert "understand=false" in answer.text  # links keep it, so a shared link means the same search


def test_the_page_says_what_it_dropped_and_what_it_searched_for(pages: TestClient) -> None:
    html = pages.get("/search", params={"q": "unicornly brewery "}, headers=HTML).text
    assert "No practice matches all your words. Left out: “unicornly”; showing practices that match “brewery”" in html
    assert "Searched for:" in html
    assert 'href="/practices/fx-spent-grain' in html


def test_words_that_match_nothing_are_named_without_an_empty_searched_for_line(pages: TestClient) -> None:
    html = pages.get("/search", params={"q": "unicorn tears"}, headers=HTML).text
    assert "No practice matches “unicorn tears”." in html
    assert "Searched for:" not in html


def test_what_was_dropped_and_the_query_s_language_are_said_in_the_page_s_language(pages: TestClient) -> None:
    html = pages.get("/search", params={"q": "Einhornträne Abwärme", "lang": "de"}, headers=HTML).text
    assert "Kein Praxisbeispiel passt zu allen Ihren Wörtern. Weggelassen: “einhornträne”" in html
    assert "No practice matches" not in html
    assert "(gelesen als Deutsch)" in html and "gelesen als de)" not in html


def test_the_api_reports_what_it_understood(pages: TestClient) -> None:
    body = pages.get("/api/search", params={"q": '"daylight dimming" -warehouse in France'}).json()
    understood = body["understood"]
    assert understood["phrases"] == ["daylight dimming"] and understood["excluded"] == ["warehouse"]
    assert [(f["name"], f["value"]) for f in understood["filters"]] == [("country", ["FR"])]
    assert [hit["id"] for hit in body["hits"]] == ["fx-led-supermarket"]


@pytest.mark.parametrize("q", ['"', "-", '-"', '"a" -"b" "c', "under €", "über 10k 10k 10k", "in in in Poland",
                               "-" * 500, '"' * 999])
def test_hostile_syntax_and_amounts_never_fail(pages: TestClient, q: str) -> None:
    assert pages.get("/api/search", params={"q": q}).status_code == 200
    assert pages.get("/search", params={"q": q}, headers=HTML).status_code in (200, 303)
