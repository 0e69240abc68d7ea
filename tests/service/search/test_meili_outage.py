"""Meilisearch down: the service stays up, search answers 503 fast, or from the embedded index if kept."""

from __future__ import annotations

import time
from pathlib import Path

import httpx
import pytest

from service.errors import SearchUnavailable
from service.search.factory import make_backend
from service.search.meili_fallback import FallbackBackend
from service.search.query import SearchQuery
from service.settings import Settings
from tests.conftest import free_port, load_fixture_records, load_records, start_live_server, stop_live_server


def closed_port_url() -> str:
    return f"http://127.0.0.1:{free_port()}"


def test_a_real_service_answers_503_fast_and_keeps_serving_the_rest(settings: Settings) -> None:
    load_records(settings, load_fixture_records())
    server = start_live_server(settings.data_dir, {"GTS_SEARCH_BACKEND": "meilisearch",
                                                   "GTS_MEILI_URL": closed_port_url()})
    try:
        for _ in range(3):  # the first call meets the refused connection, the next ones the open breaker
            started = time.monotonic()
            response = httpx.get(server.url("/api/search"), params={"q": "heat pump", "sector": "metals"}, timeout=5)
            assert time.monotonic() - started < 2
            assert response.status_code == 503
            body = response.json()
            assert set(body) == {"error"} and set(body["error"]) == {"status", "code", "message", "details"}
            assert body["error"]["status"] == 503 and body["error"]["code"] == "search_unavailable"

        practice = httpx.get(server.url("/api/practices/fx-spent-grain"), timeout=5)
        assert practice.status_code == 200 and practice.json()["id"] == "fx-spent-grain"

        health = httpx.get(server.url("/api/health"), timeout=5)
        assert health.status_code == 503  # a load balancer can act on it
        report = health.json()
        assert report["ok"] is False and report["search"]["ok"] is False
        assert report["search"]["backend"] == "meilisearch" and report["store"]["ok"] is True
    finally:
        stop_live_server(server)


def test_with_the_fallback_setting_search_answers_from_the_embedded_index(tmp_path: Path) -> None:
    settings = Settings(env="test", data_dir=tmp_path / "data", search_backend="meilisearch",
                        meili_url=closed_port_url(), meili_fallback_to_sqlite=True)
    load_records(settings, load_fixture_records())
    backend = make_backend(settings)
    assert isinstance(backend, FallbackBackend)
    started = time.monotonic()
    result = backend.search(SearchQuery(q="brewery"))
    assert time.monotonic() - started < 2
    assert result.backend == "sqlite (fallback)" and [h["id"] for h in result.hits] == ["fx-spent-grain"]
    health = backend.health()
    assert health["ok"] is True and health["degraded"] is True and health["fallback"]["ok"] is True
    assert backend.count() == 12


def test_the_fallback_index_is_kept_in_sync_even_while_meilisearch_is_down(tmp_path: Path) -> None:
    settings = Settings(env="test", data_dir=tmp_path / "data", search_backend="meilisearch",
                        meili_url=closed_port_url(), meili_fallback_to_sqlite=True)
    load_records(settings, load_fixture_records())
    backend = make_backend(settings)
    record = {**load_fixture_records()[0], "id": "fx-new", "title": "Zeppelin hangar insulation retrofit",
              "investment_band": "10k-100k", "payback_band": "1-3y"}
    with pytest.raises(SearchUnavailable):
        backend.upsert([record])  # Meilisearch failed: the outbox keeps the entry and retries both later
    assert [h["id"] for h in backend.search(SearchQuery(q="zeppelin")).hits] == ["fx-new"]
    with pytest.raises(SearchUnavailable):
        backend.delete(["fx-new"])
    assert backend.search(SearchQuery(q="zeppelin ")).total == 0
