"""The JSON API of SPEC §3: search, one practice, taxonomy, health."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient


@pytest.fixture(scope="module")
def loaded_client(shared_loaded_client: TestClient) -> TestClient:
    """These tests only read: one instance serves the whole module."""
    return shared_loaded_client


def test_search_answers_the_contract_fields(loaded_client: TestClient) -> None:
    body = loaded_client.get("/api/search?q=lighting&per_page=1").json()
    assert body["total"] == 2 and body["page"] == 1 and body["per_page"] == 1 and body["total_is_exact"]
    hit = body["hits"][0]
    for field in ("id", "title", "summary", "country", "sectors", "impacts", "investment_eur", "payback_years"):
        assert field in hit
    assert "<mark>" in hit["highlight"]["title"]
    assert set(body["facets"]) == {"sector", "impact", "key_area", "country", "company_size", "investment_band",
                                   "payback_band"}
    sector = {v["value"]: v for v in body["facets"]["sector"]}
    assert sector["logistics"]["count"] == 1 and sector["retail"]["count"] == 1
    assert sector["logistics"]["label"] == "Transport & logistics" and not sector["logistics"]["selected"]


def test_a_facet_is_counted_without_its_own_filter(loaded_client: TestClient) -> None:
    body = loaded_client.get("/api/search?sector=logistics&impact=energy-efficiency").json()
    assert body["total"] == 1
    sectors = {v["value"]: v for v in body["facets"]["sector"]}
    # Ticking a second sector would add the matching energy-efficiency practices of that sector.
    assert sectors["logistics"]["selected"] and sectors["logistics"]["count"] == 1
    assert sectors["metals"]["count"] == 1 and sectors["wood-paper"]["count"] == 1
    impacts = {v["value"]: v["count"] for v in body["facets"]["impact"]}
    assert impacts == {**impacts, "energy-efficiency": 1, "water-efficiency": 1}


def test_or_within_and_across(loaded_client: TestClient) -> None:
    def total(query: str) -> int:
        return loaded_client.get("/api/search?" + query).json()["total"]

    assert total("sector=logistics") == 2
    assert total("sector=logistics&sector=retail") == 3
    assert total("sector=logistics&sector=retail&impact=water-efficiency") == 1
    assert total("country=DE&country=france") == 4
    assert total("investment_band=none") == 1 and total("payback_band=under-1y") == 2


def test_ranges_are_inclusive_and_skip_unknown_numbers(loaded_client: TestClient) -> None:
    def found(query: str) -> set[str]:
        return {h["id"] for h in loaded_client.get("/api/search?per_page=100&" + query).json()["hits"]}

    assert found("investment_min=9800&investment_max=9800") == {"fx-compressed-air"}
    assert "fx-no-figures" not in found("investment_min=0")
    assert found("payback_max=0") == {"fx-spent-grain"}
    assert found("savings_min=150000") == {"fx-chp-hospital", "fx-vsd-pumps"}


def test_one_practice_with_every_field(loaded_client: TestClient) -> None:
    body = loaded_client.get("/api/practices/fx-heat-pump-dairy").json()
    assert body["region"] == "Kärnten" and body["inputs"] == ["waste heat"]
    assert body["payback_years"] == 5.0 and body["payback_band"] == "3-5y"  # the upper edge is in
    assert body["investment_band"] == "100k-500k"


def test_taxonomy_lists_every_facet_with_labels(client: TestClient) -> None:
    body = client.get("/api/taxonomy").json()
    assert {"value": "food-beverages", "label": "Food & beverages"} in body["sector"]
    assert len(body["impact"]) == 6 and len(body["key_area"]) == 10 and len(body["country"]) > 200
    assert [b["value"] for b in body["payback_band"]] == ["under-1y", "1-3y", "3-5y", "5-10y", "over-10y"]


def test_health_reports_store_search_and_backlog(loaded_client: TestClient) -> None:
    body = loaded_client.get("/api/health").json()
    assert body["ok"] and body["search"]["documents"] == 12 and body["outbox_pending"] == 0


def test_openapi_docs_are_served_with_no_outside_assets(client: TestClient) -> None:
    page = client.get("/docs").text
    assets = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert assets and all(url.startswith("/static/") for url in assets), assets
    for url in assets:
        assert client.get(url).status_code == 200, url
    assert "/api/search" in client.get("/openapi.json").json()["paths"]
