"""Hostile values in every field: a 4xx, or stored and rendered as inert text. Never a 5xx."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

from service.app import create_app
from service.practices.schemas import RECORD_FIELDS
from service.settings import Settings
from tests.conftest import load_fixture_records, load_records, postgres_admin_url
from tests.service.submissions.fixtures import ADMIN, ADMIN_TOKEN, csrf_of, good_payload

SCRIPT = '<script>alert("x")</script>'
IMG = '"><img src=x onerror=alert(1)>'
HOSTILE: dict[str, Any] = {
    "script": SCRIPT + " in a longer text for the summary rule",
    "img": IMG + " in a longer text for the summary rule",
    "one-megabyte": "A" * 1_000_000,
    "control": "Heat \x01\x02\x1b[31m pump \x7f text that is long enough",
    "nul": "Heat\x00pump text that is long enough to pass",
    "lone-surrogate": "Heat \udc80 pump text that is long enough",
    "bidi-zero-width": "Heat \u202e\u200b pump text that is long enough",
    "integer": 12345,
    "float": 1e308,
    "boolean": True,
    "null": None,
    "empty-list": [],
    "object": {"$gt": ""},
    "nested": [[["<script>"]]],
    "list-of-scripts": [SCRIPT, IMG],
    "many-items": ["x"] * 5000,
}
FIELDS = (*RECORD_FIELDS, "submitter_name", "submitter_email", "consent")
INERT_MARKERS = ("<script>alert", "<img src=x")


def _settings(data_dir: Path, database_url: str | None) -> Settings:
    return Settings(env="test", data_dir=data_dir, database_url=database_url, sync_interval_s=0.2,
                    admin_token=ADMIN_TOKEN, submission_rate="100000/minute")


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def hostile_client(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """One instance per database for the whole table (building one per case would take minutes)."""
    data_dir = tmp_path_factory.mktemp("hostile")
    database_url, admin, name = None, None, None
    if request.param == "postgres":
        admin_url = postgres_admin_url()
        name = f"gts_test_{uuid.uuid4().hex[:12]}"
        admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        database_url = admin_url.rsplit("/", 1)[0] + "/" + name
    settings = _settings(data_dir, database_url)
    load_records(settings, load_fixture_records())
    try:
        with TestClient(create_app(settings)) as client:
            token = csrf_of(client.get("/admin/login").text)
            client.post("/admin/login", data={"csrf_token": token, "token": ADMIN_TOKEN, "label": "Mia"})
            yield client
    finally:
        if admin is not None:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()


def assert_inert(response: Any) -> None:
    assert response.status_code < 500, response.text[:300]
    for marker in INERT_MARKERS:
        assert marker not in response.text, f"unescaped {marker!r} in {response.url}"


@pytest.mark.parametrize("kind", list(HOSTILE))
@pytest.mark.parametrize("field", FIELDS)
def test_hostile_values_are_refused_or_stored_inert(hostile_client: TestClient, field: str, kind: str):
    client = hostile_client
    unique = uuid.uuid4().hex[:8]
    payload = good_payload(title=f"Oven heat recovery in bakery {unique}")
    payload[field] = HOSTILE[kind]
    # json.dumps escapes as \uXXXX, so even a lone surrogate travels (httpx's json= would refuse it).
    response = client.post("/api/submissions", content=json.dumps(payload),
                           headers={"content-type": "application/json"})
    assert response.status_code < 500, response.text[:300]
    if response.status_code != 201:
        assert 400 <= response.status_code < 500
        assert set(response.json()["error"]) == {"status", "code", "message", "details"}
        return
    token = response.json()["tracking_token"]
    assert_inert(client.get(f"/submissions/{token}"))
    items = client.get("/api/admin/submissions", params={"q": unique, "status": ""}, headers=ADMIN).json()["items"]
    if field == "title":  # the hostile title replaced the unique one; find the newest
        items = client.get("/api/admin/submissions", params={"status": "pending"}, headers=ADMIN).json()["items"]
    sid = items[0]["id"]
    assert_inert(client.get(f"/admin/submissions/{sid}"))
    assert_inert(client.get("/admin"))
    approved = client.post(f"/api/admin/submissions/{sid}/approve", headers=ADMIN)
    assert approved.status_code in (200, 409), approved.text[:300]
    if approved.status_code == 200:
        practice_id = approved.json()["practice_id"]
        assert_inert(client.get(f"/practices/{practice_id}", headers={"accept": "text/html"}))
        assert_inert(client.get(f"/admin/practices/{practice_id}"))
        assert client.get(f"/api/practices/{practice_id}").status_code == 200


@pytest.mark.parametrize("kind", ["script", "img", "control", "nul", "bidi-zero-width", "one-megabyte"])
@pytest.mark.parametrize("field", ["title", "summary", "description", "organisation", "sectors", "investment_eur",
                                   "submitter_name", "submitter_email", "website"])
def test_hostile_form_values_are_refused_or_kept_inert(hostile_client: TestClient, field: str, kind: str):
    client = hostile_client
    token = csrf_of(client.get("/submit").text)
    form = {k: v for k, v in good_payload(title=f"Form bakery {uuid.uuid4().hex[:8]}").items()
            if isinstance(v, str)}
    form.update({"sectors": "food-beverages", "impacts": "energy-efficiency", "consent": "true",
                 "csrf_token": token, field: HOSTILE[kind]})
    response = client.post("/submit", data=form, follow_redirects=True)
    assert response.status_code in (200, 400, 413), response.status_code
    assert_inert(response)


@pytest.mark.parametrize("path, content_type, body", [
    ("/api/submissions", "application/json", b'{"title": "\xff\xfe broken utf-8"}'),
    ("/api/submissions", "application/json", b"\x00" * 100),
    ("/api/submissions", "application/json", b"[" * 100_000),
    ("/api/submissions", "text/plain", b"title=x"),
    ("/submit", "application/x-www-form-urlencoded", b"title=%FF%FE&csrf_token=x"),
    ("/submit", "multipart/form-data; boundary=zz", b"--zz\r\nContent-Disposition: form-data; name=title\r\n\r\nx"),
])
def test_malformed_bodies_are_4xx(hostile_client: TestClient, path: str, content_type: str, body: bytes):
    response = hostile_client.post(path, content=body, headers={"content-type": content_type})
    assert 400 <= response.status_code < 500, (response.status_code, response.text[:200])
