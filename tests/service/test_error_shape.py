"""Every error path answers in the one JSON shape, with a 4xx for anything the caller did wrong."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.service.search.test_sqlite_backend import HOSTILE_QUERIES


@pytest.fixture(scope="module")
def loaded_client(shared_loaded_client: TestClient) -> TestClient:
    """One instance for the whole module: these requests only read."""
    return shared_loaded_client

ERROR_REQUESTS = [
    ("GET", "/api/search?sector=space-mining", 400),
    ("GET", "/api/search?country=Atlantis", 400),
    ("GET", "/api/search?sort=random", 400),
    ("GET", "/api/search?page=0", 400),
    ("GET", "/api/search?per_page=1000", 400),
    ("GET", "/api/search?investment_min=lots", 400),
    ("GET", "/api/search?investment_min=9&investment_max=1", 400),
    ("GET", "/api/search?q=" + "x" * 1200, 400),
    ("GET", "/api/practices/does-not-exist", 404),
    ("GET", "/api/practices/" + "x" * 100, 400),
    ("GET", "/api/no-such-endpoint", 404),
    ("POST", "/api/search", 405),
    ("DELETE", "/api/practices/fx-pv-roof", 405),
]


def assert_error_shape(body: dict[str, Any], status: int) -> None:
    assert set(body) == {"error"}
    error = body["error"]
    assert set(error) == {"status", "code", "message", "details"}
    assert error["status"] == status
    assert isinstance(error["code"], str) and error["code"]
    assert isinstance(error["message"], str) and error["message"]
    assert isinstance(error["details"], list)


@pytest.mark.parametrize(("method", "path", "status"), ERROR_REQUESTS)
def test_every_error_has_the_one_shape(loaded_client: TestClient, method: str, path: str, status: int) -> None:
    response = loaded_client.request(method, path)
    assert response.status_code == status
    assert response.headers["content-type"].startswith("application/json")
    assert_error_shape(response.json(), status)


def test_unknown_filter_value_names_the_allowed_values(loaded_client: TestClient) -> None:
    error = loaded_client.get("/api/search?impact=happiness").json()["error"]
    assert "allowed: energy-efficiency, renewable-energy" in error["message"]
    assert error["details"][0]["allowed"][0] == "energy-efficiency"


HOSTILE_FILTER_VALUES = ["'", '"', "\\", "' OR 1=1 --", "\"; DROP TABLE practices; --", "<script>", "%00",
                         "%F0%9F%98%80", "a,b,c", "x" * 5000, "NULL", "__proto__", "../../etc/passwd"]


@pytest.mark.parametrize("value", HOSTILE_FILTER_VALUES)
@pytest.mark.parametrize("param", ["sector", "impact", "key_area", "country", "company_size", "investment_band",
                                   "payback_band", "sort", "page", "per_page", "investment_min", "payback_max"])
def test_hostile_filter_values_are_400s(loaded_client: TestClient, param: str, value: str) -> None:
    response = loaded_client.get(f"/api/search?{param}={value}")
    assert response.status_code == 400
    assert_error_shape(response.json(), 400)


@pytest.mark.parametrize("q", HOSTILE_QUERIES)
def test_hostile_queries_over_http_never_fail(loaded_client: TestClient, q: str) -> None:
    response = loaded_client.get("/api/search", params={"q": q})
    assert response.status_code in (200, 400)
    if response.status_code == 400:
        assert_error_shape(response.json(), 400)


@pytest.mark.parametrize(("method", "path", "allow"), [
    ("DELETE", "/admin/login", "GET, HEAD, POST"),  # GET and POST are two routes: both are named
    ("DELETE", "/submit", "GET, HEAD, POST"),
    ("PUT", "/api/submissions", "POST"),
    ("POST", "/api/search", "GET, HEAD"),
])
def test_405_names_every_method_of_the_path_in_allow(client, method: str, path: str, allow: str):
    response = client.request(method, path, headers={"Accept": "application/json"})
    assert response.status_code == 405 and response.headers["allow"] == allow
    assert response.json()["error"]["code"] == "method_not_allowed"
