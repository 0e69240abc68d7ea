"""Every HTML response carries the page security headers, whichever route or error sent it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from service.app import create_app
from service.settings import Settings
from tests.conftest import load_fixture_records, load_records
from tests.service.submissions.fixtures import good_payload

ADMIN_TOKEN = "a-moderator-token-for-tests"
# Values for the path parameters of page routes.
PATH_VALUES = {"practice_id": "fx-led-warehouse", "step": "pre-planning", "submission_id": "1"}
# GET routes outside /api that answer with something other than a page.
NOT_PAGES = {"/favicon.ico", "/search.csv", "/search.json", "/feed.atom", "/openapi.json"}


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    settings = Settings(env="test", data_dir=tmp_path_factory.mktemp("headers") / "data", admin_token=ADMIN_TOKEN)
    load_records(settings, load_fixture_records())
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def get_routes(app: Any) -> Iterator[tuple[str, set[str]]]:
    """(path, methods) of every route; FastAPI keeps included routers as nodes that list their routes."""
    for route in app.routes:
        nested = getattr(route, "effective_route_contexts", None)
        for leaf in nested() if nested else [route]:
            if getattr(leaf, "methods", None):
                yield leaf.path, set(leaf.methods)


def page_urls(client: TestClient) -> list[str]:
    """A concrete URL for every GET route that serves a page."""
    receipt = client.post("/api/submissions", json=good_payload())
    assert receipt.status_code == 201, receipt.text
    values = {**PATH_VALUES, "token": receipt.json()["tracking_token"]}
    urls = []
    for path, methods in get_routes(client.app):
        if "GET" in methods and not path.startswith("/api") and path not in NOT_PAGES:
            urls.append(path.format(**values))
    return urls


def assert_page_headers(response, *, framing: str = "'self'") -> None:  # type: ignore[no-untyped-def]
    assert response.headers["content-type"].startswith("text/html"), response.url
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "object-src 'none'" in policy
    assert f"frame-ancestors {framing}" in policy, (response.url, policy)
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] in ("strict-origin-when-cross-origin", "no-referrer")


def test_every_page_route_is_walked(client: TestClient) -> None:
    paths = {url.split("?")[0] for url in page_urls(client)}
    for expected in ("/", "/search", "/embed", "/practices/fx-led-warehouse", "/submit", "/admin/login",
                     "/admin", "/toolkit", "/toolkit/pre-planning", "/symbiosis", "/docs"):
        assert expected in paths


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "moderator"])
def test_every_page_carries_the_security_headers(client: TestClient, signed_in: bool) -> None:
    client.cookies.clear()
    if signed_in:
        form = client.get("/admin/login")
        csrf = form.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
        assert client.post("/admin/login", data={"token": ADMIN_TOKEN, "csrf_token": csrf},
                           follow_redirects=False).status_code == 303
    for url in page_urls(client):
        response = client.get(url, headers={"Accept": "text/html"})
        framing = "*" if url.startswith("/embed") else "'none'" if url.startswith("/admin") else "'self'"
        assert_page_headers(response, framing=framing)
        if framing == "'self'":
            assert response.headers["x-frame-options"] == "SAMEORIGIN"
        if framing == "*":
            assert "x-frame-options" not in response.headers
    client.cookies.clear()


@pytest.mark.parametrize("url", ["/no-such-page", "/search?sector=space-mining", "/practices/nope",
                                 "/toolkit/no-such-step", "/submissions/" + "x" * 40, "/symbiosis?output=" + "x" * 500])
def test_error_pages_carry_the_security_headers(client: TestClient, url: str) -> None:
    response = client.get(url, headers={"Accept": "text/html"})
    assert response.status_code >= 400
    assert_page_headers(response)


def test_swagger_ui_may_run_only_its_own_inline_script(client: TestClient) -> None:
    response = client.get("/docs")
    policy = response.headers["content-security-policy"]
    assert "'sha256-" in policy and "'unsafe-inline'" not in policy.split("script-src", 1)[1].split(";")[0]
