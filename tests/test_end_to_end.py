"""The real service process on a free port, queried over HTTP."""

from __future__ import annotations

import httpx

from tests.conftest import LiveServer


def test_the_service_process_serves_search_practices_and_health(live_server: LiveServer) -> None:
    with httpx.Client(base_url=live_server.base_url, timeout=10) as http:
        health = http.get("/api/health").json()
        assert health["ok"] and health["search"]["documents"] == 12
        body = http.get("/api/search", params={"q": "compresed air", "sector": "metals"}).json()
        assert [h["id"] for h in body["hits"]] == ["fx-compressed-air"]
        assert http.get("/api/practices/fx-compressed-air").json()["title"].startswith("Compressed air")
        error = http.get("/api/search", params={"sector": "nope"})
        assert error.status_code == 400 and error.json()["error"]["code"] == "bad_request"
