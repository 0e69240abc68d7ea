"""GET /api/toolkit and /api/toolkit/{step}: the five steps, complete, each linked to practices that exist."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
from fastapi.testclient import TestClient

SLUGS = ["pre-planning", "planning", "implementation", "expansion", "consolidation"]


def step(client: TestClient, slug: str) -> dict[str, Any]:
    response = client.get(f"/api/toolkit/{slug}")
    assert response.status_code == 200, response.text
    return response.json()


def test_overview_lists_the_five_steps_in_order(fixture_client: TestClient) -> None:
    body = fixture_client.get("/api/toolkit").json()
    assert [s["slug"] for s in body["steps"]] == SLUGS
    assert [s["number"] for s in body["steps"]] == [1, 2, 3, 4, 5]
    assert body["intro"]["title"] and len(body["intro"]["what_is"]) == 2 and body["intro"]["example"]
    assert all(s["url"] == f"/toolkit/{s['slug']}" and s["checklist_items"] > 0 for s in body["steps"])
    assert body["finder"]["api_url"] == "/api/symbiosis/matches"


@pytest.mark.parametrize("slug", SLUGS)
def test_every_step_is_complete(fixture_client: TestClient, slug: str) -> None:
    body = step(fixture_client, slug)
    assert body["aim"] and body["summary"]
    assert body["substeps"] and all(s["title"] and s["text"] for s in body["substeps"])
    assert body["clusters"] and body["public_authorities"]
    assert body["tools"] and all(t["name"] and t["purpose"] and t["made_by"] for t in body["tools"])
    assert all(urlsplit(t["url"]).scheme == "https" for t in body["tools"])
    assert body["checklist"] and all(c["id"] and c["text"] for c in body["checklist"])
    assert body["pitfalls"] and all(p["title"] and p["text"] for p in body["pitfalls"])
    assert body["indicators"] and all(i["name"] and i["unit"] and i["why"] for i in body["indicators"])
    assert body["practice_links"]


def test_checklist_ids_are_unique_across_steps(fixture_client: TestClient) -> None:
    ids = [c["id"] for slug in SLUGS for c in step(fixture_client, slug)["checklist"]]
    assert len(ids) == len(set(ids))


def test_steps_link_to_their_neighbours(fixture_client: TestClient) -> None:
    assert step(fixture_client, "pre-planning")["previous"] is None
    assert step(fixture_client, "planning")["previous"] == "pre-planning"
    assert step(fixture_client, "planning")["next"] == "implementation"
    assert step(fixture_client, "consolidation")["next"] is None


@pytest.mark.parametrize("slug", SLUGS)
def test_every_practice_link_returns_results_on_the_seed_data(seed_client: TestClient, slug: str) -> None:
    for link in step(seed_client, slug)["practice_links"]:
        assert link["href"].startswith("/search?")
        params = parse_qsl(urlsplit(link["href"]).query)
        assert dict(params) == link["params"]
        search = seed_client.get("/api/search", params=params)
        assert search.status_code == 200, search.text
        total = search.json()["total"]
        assert total > 0, f"{slug}: {link['label']!r} ({link['href']}) finds nothing"
        assert link["count"] == total, "the count shown beside the link is the search's total"


@pytest.mark.parametrize("slug", ["unknown", "PLANNING", "planning ", "<script>", "a" * 300])
def test_an_unknown_step_is_404_in_the_error_shape(fixture_client: TestClient, slug: str) -> None:
    response = fixture_client.get(f"/api/toolkit/{slug}")
    assert response.status_code == 404
    error = response.json()["error"]
    assert error["code"] == "not_found" and error["details"][0]["allowed"] == SLUGS
    assert len(error["message"]) < 200
