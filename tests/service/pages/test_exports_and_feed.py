"""Downloads (SPEC record CSV and JSON) and the Atom feed of a search."""

from __future__ import annotations

import json
import re
from typing import cast
from xml.etree import ElementTree as ET

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from service.app import create_app
from service.pages.exports import matching_ids
from service.practices.record_format import read_rows
from service.practices.schemas import RECORD_FIELDS, PracticeCreate
from service.search.query import SearchQuery
from service.settings import Settings
from tests.conftest import load_fixture_records, load_records


@pytest.fixture(scope="module")
def loaded_client(shared_loaded_client: TestClient) -> TestClient:
    """These tests only read: one instance serves the whole module."""
    return shared_loaded_client

A = "{http://www.w3.org/2005/Atom}"
FIXTURES = {r["id"]: r for r in load_fixture_records()}


def stored_record(client: TestClient, practice_id: str) -> dict:
    """The record as the store holds it (the API returns it with extra derived fields)."""
    data = client.get(f"/api/practices/{practice_id}").json()
    return PracticeCreate.model_validate(data).record()


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_download_is_an_attachment_of_all_matching_records(loaded_client: TestClient, fmt: str) -> None:
    response = loaded_client.get(f"/search.{fmt}?impact=energy-efficiency&per_page=2&page=2")
    assert response.status_code == 200
    assert re.fullmatch(rf'attachment; filename="practices-\d{{8}}\.{fmt}"', response.headers["content-disposition"])
    api = loaded_client.get("/api/search?impact=energy-efficiency&per_page=100").json()
    # page and per_page are ignored: a download holds the whole search, in its order.
    assert response.headers["x-total-count"] == str(api["total"])
    assert response.headers["x-export-truncated"] == "false"
    if fmt == "json":
        records = response.json()
    else:
        rows = list(read_rows(response.text, "csv"))
        records = [PracticeCreate.model_validate(raw).record() for _, raw in rows]
    assert [r["id"] for r in records] == [hit["id"] for hit in api["hits"]]
    for record in records:
        assert set(record) <= set(RECORD_FIELDS)  # record fields only: no bands, highlights or status
        assert record == stored_record(loaded_client, record["id"])


def test_csv_has_the_spec_header_and_round_trips_hostile_text(loaded_client: TestClient) -> None:
    text = loaded_client.get("/search.csv?q=hostile").text
    assert text.splitlines()[0] == ",".join(RECORD_FIELDS)
    (_, raw), = list(read_rows(text, "csv"))
    record = PracticeCreate.model_validate(raw).record()
    assert record["title"] == FIXTURES["fx-hostile"]["title"]
    assert record["summary"] == FIXTURES["fx-hostile"]["summary"]
    assert record["technologies"] == ["<b>bold</b> tech"]


def test_json_download_of_an_empty_search_is_an_empty_array(loaded_client: TestClient) -> None:
    response = loaded_client.get("/search.json?q=zzzyyyxxx")
    assert response.status_code == 200 and response.json() == []
    assert json.loads(response.text) == []


def test_export_pages_through_the_backend_and_stops_at_the_cap(loaded_client: TestClient) -> None:
    backend = cast(FastAPI, loaded_client.app).state.search
    ids, total = matching_ids(backend, SearchQuery(per_page=1), cap=5)
    assert total == 12 and len(ids) == 5
    all_ids, total = matching_ids(backend, SearchQuery(sort="investment"), cap=10_000)
    api = loaded_client.get("/api/search?sort=investment&per_page=100").json()
    assert all_ids == [hit["id"] for hit in api["hits"]] and total == 12


def test_atom_feed_is_valid_and_lists_the_newest_matches(loaded_client: TestClient) -> None:
    response = loaded_client.get("/feed.atom?impact=energy-efficiency")
    assert response.headers["content-type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{A}feed"
    for tag in ("id", "title", "updated", "author"):
        assert feed.find(f"{A}{tag}") is not None, tag
    self_link = feed.find(f"{A}link[@rel='self']")
    assert self_link is not None and self_link.get("href") == "http://testserver/feed.atom?impact=energy-efficiency"
    entries = feed.findall(f"{A}entry")
    api = loaded_client.get("/api/search?impact=energy-efficiency&sort=recent&per_page=50").json()
    assert [e.findtext(f"{A}id") for e in entries] == [
        f"http://testserver/practices/{hit['id']}" for hit in api["hits"]]
    for entry in entries:
        for tag in ("id", "title", "updated", "summary"):
            assert entry.findtext(f"{A}{tag}"), tag
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", entry.findtext(f"{A}updated") or "")
        link = entry.find(f"{A}link")
        assert link is not None and link.get("href", "").startswith("http://testserver/practices/")


def test_atom_feed_escapes_hostile_text(loaded_client: TestClient) -> None:
    response = loaded_client.get("/feed.atom?q=hostile&country=BE")
    assert b"<script>" not in response.content and b"<img" not in response.content
    entry = ET.fromstring(response.content).find(f"{A}entry")
    assert entry is not None
    assert entry.findtext(f"{A}title") == FIXTURES["fx-hostile"]["title"]
    assert entry.findtext(f"{A}summary") == FIXTURES["fx-hostile"]["summary"]


def test_atom_feed_holds_at_most_50_entries(loaded_client: TestClient) -> None:
    feed = ET.fromstring(loaded_client.get("/feed.atom?per_page=100").content)
    assert len(feed.findall(f"{A}entry")) == 12  # every fixture, well under the 50 cap
    assert feed.findtext(f"{A}id") == "http://testserver/feed.atom"


def test_the_feed_and_the_embed_name_the_search_and_the_feed_orders_by_publication(loaded_client: TestClient) -> None:
    feed = ET.fromstring(loaded_client.get("/feed.atom?q=heat&impact=energy-efficiency").content)
    assert feed.findtext(f"{A}title") == ("Green transition good practices: recently added, “heat”; "
                                          "Impact: Energy efficiency")
    plain = ET.fromstring(loaded_client.get("/feed.atom").content)
    assert plain.findtext(f"{A}title") == "Green transition good practices: recently added practices"
    published = [e.findtext(f"{A}published") or "" for e in plain.findall(f"{A}entry")]
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", p) for p in published)
    assert published == sorted(published, reverse=True)
    embed = loaded_client.get("/embed?q=heat&impact=energy-efficiency", headers={"Accept": "text/html"}).text
    assert "Search: “heat”; Impact: Energy efficiency" in embed
    assert re.search(r"<title>\d+ green transition good practices: “heat”; Impact: Energy efficiency</title>", embed)


def test_recently_added_sort_puts_the_latest_publication_first(settings: Settings) -> None:
    """Its own instance: it changes a practice's publication date, which the shared one must not see."""
    from datetime import UTC, datetime

    from service.app import create_app
    from service.practices.models import Practice
    from service.search import indexing

    load_records(settings, load_fixture_records())
    with TestClient(create_app(settings)) as client:
        state = cast(FastAPI, client.app).state
        with state.sessions() as session:
            session.get(Practice, "fx-led-warehouse").published_at = datetime(2030, 1, 1, tzinfo=UTC)
            session.commit()
        indexing.rebuild(state.sessions, state.search, state.taxonomy)
        hits = client.get("/api/search?sort=recent").json()["hits"]
        assert hits[0]["id"] == "fx-led-warehouse"
        page = client.get("/search?sort=recent", headers={"Accept": "text/html"}).text
        assert '<option value="recent" selected>Recently added</option>' in page


def test_csv_for_spreadsheets_neutralises_formulas_and_raw_keeps_them(settings: Settings) -> None:
    formula = "=HYPERLINK(\"http://evil.example\",\"click\")"
    record = {**FIXTURES["fx-hostile"], "id": "fx-formula", "title": formula, "organisation": "@SUM(A1)",
              "technologies": ["-2+3", "+cmd", "plain"]}
    load_records(settings, [record])
    with TestClient(create_app(settings)) as client:
        people = [raw for _, raw in read_rows(client.get("/search.csv").text, "csv") if isinstance(raw, dict)]
        assert [(raw["title"], raw["organisation"], raw["technologies"]) for raw in people] == [
            ("'" + formula, "'@SUM(A1)", ["'-2+3", "+cmd", "plain"])]  # the cell starts with ' once
        raw_rows = list(read_rows(client.get("/search.csv?raw=true").text, "csv"))
        assert PracticeCreate.model_validate(raw_rows[0][1]).record() == stored_record(client, "fx-formula")


@pytest.mark.parametrize("q", ["%01", "heat%00%1Frecovery", "%EF%BF%BE%EF%BF%BF", "%0B%0C"])
def test_feed_and_pages_stay_well_formed_whatever_the_query(loaded_client: TestClient, q: str) -> None:
    feed = loaded_client.get(f"/feed.atom?q={q}")
    assert feed.status_code == 200
    ET.fromstring(feed.content)  # well-formed XML, or this raises
    page = loaded_client.get(f"/search?q={q}", headers={"Accept": "text/html"})
    assert page.status_code == 200
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", page.text)


def test_xml_forbidden_characters_never_reach_the_store() -> None:
    title = "Heat\x01 reuse\ufffe at\uffff a bakery"
    record = PracticeCreate.model_validate({**FIXTURES["fx-hostile"], "title": title})
    assert record.title == "Heat reuse at a bakery"
