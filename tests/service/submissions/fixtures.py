"""Fixtures and helpers shared by the submission and moderation tests (imported by both conftests)."""

from __future__ import annotations

import asyncio
import concurrent.futures
import re
import time
from collections.abc import Callable, Coroutine, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any, TypeVar

import pytest
from fastapi.testclient import TestClient

from service.app import create_app
from service.settings import Settings
from tests.conftest import load_fixture_records, load_records

T = TypeVar("T")
ADMIN_TOKEN = "test-admin-token-0123456789"
ADMIN = {"Authorization": f"Bearer {ADMIN_TOKEN}", "X-Moderator": "Mia Moderator"}
EMAIL = "ann.submitter@example.org"


def good_payload(**changes: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "title": "Oven heat recovery in an artisan bakery",
        "summary": "A bakery recovers heat from its ovens to warm the water used for cleaning the trays.",
        "country": "FR", "sectors": ["food-beverages"], "impacts": ["energy-efficiency"],
        "investment_eur": 18000, "annual_savings_eur": 6000, "technologies": ["heat exchanger"],
        "submitter_name": "Ann Submitter", "submitter_email": EMAIL, "consent": True,
    }
    payload.update(changes)
    return {k: v for k, v in payload.items() if v is not None}


def error_shape_ok(body: dict[str, Any], status: int) -> bool:
    err = body.get("error", {})
    return set(err) == {"status", "code", "message", "details"} and err["status"] == status


def run_async(make: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """Run a coroutine on its own loop in its own thread: other tests (the browser's) may leave a loop
    running in the main thread, where asyncio.run() refuses to start."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(lambda: asyncio.run(make())).result()


def csrf_of(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "no CSRF token in the page"
    return match.group(1)


def wait_until(check: Callable[[], bool], timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.05)
    return check()


@pytest.fixture
def make_client(tmp_path: Path, store_url: str) -> Iterator[Callable[..., TestClient]]:
    """Build clients of fresh instances on the parametrized store (SQLite and PostgreSQL)."""
    with ExitStack() as stack:
        def build(*, loaded: bool = True, **overrides: Any) -> TestClient:
            values: dict[str, Any] = {"env": "test", "data_dir": tmp_path / "data", "database_url": store_url,
                                      "sync_interval_s": 0.2, "admin_token": ADMIN_TOKEN,
                                      "submission_rate": "1000/minute", **overrides}
            settings = Settings(**values)
            if loaded:
                load_records(settings, load_fixture_records())
            return stack.enter_context(TestClient(create_app(settings)))
        yield build


@pytest.fixture
def client(make_client: Callable[..., TestClient]) -> TestClient:
    """An instance with the fixture practices, an admin token and a generous rate limit."""
    return make_client()


def submit(client: TestClient, **changes: Any) -> dict[str, Any]:
    response = client.post("/api/submissions", json=good_payload(**changes))
    assert response.status_code == 201, response.text
    return response.json()


def submission_id(client: TestClient, token: str) -> int:
    """The admin id of the submission behind a tracking token (the newest whose title matches)."""
    title = client.get(f"/api/submissions/{token}").json()["title"]
    items = client.get("/api/admin/submissions", params={"status": ""}, headers=ADMIN).json()["items"]
    return next(item["id"] for item in items if item["title"] == title)


def login(client: TestClient) -> str:
    """Log in to the admin pages; returns the CSRF token for forms."""
    token = csrf_of(client.get("/admin/login").text)
    response = client.post("/admin/login", data={"csrf_token": token, "token": ADMIN_TOKEN, "label": "Mia"},
                           follow_redirects=False)
    assert response.status_code == 303, response.text
    return token
