"""Proposing events, news and calls: the practices' submission flow and moderation queue, on SQLite and
PostgreSQL; an approved event is searchable within seconds (through the items' outbox and the sync loop)."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.service.submissions.fixtures import (  # noqa: F401 - fixtures
    ADMIN,
    EMAIL,
    csrf_of,
    error_shape_ok,
    login,
    make_client,
    submission_id,
    wait_until,
)
from tests.service.updates.conftest import at

SUBMITTER = {"submitter_name": "Sam Cluster", "submitter_email": EMAIL, "consent": True}


def event_payload(**changes: Any) -> dict[str, Any]:
    payload = {"title": "Open day at a biogas plant near Aarhus",
               "summary": "Visit a digester that takes whey and manure, with a talk on permits and costs.",
               "start": at(12)[:16], "end": at(12, 15)[:16], "timezone": "Europe/Copenhagen", "place": "Aarhus",
               "organiser": "Agri-Food Innovation Hub", "sectors": ["agriculture"], "impacts": ["renewable-energy"],
               "countries": ["DK"], **SUBMITTER}
    payload.update(changes)
    return {k: v for k, v in payload.items() if v is not None}


def listed(client: TestClient, path: str, item_id: str, **params: str) -> bool:
    return item_id in [h["id"] for h in client.get(f"/api/{path}", params={"per_page": 100, **params}).json()["hits"]]


@pytest.fixture
def client(make_client) -> TestClient:  # noqa: F811
    return make_client(loaded=False)


def test_a_proposed_event_is_pending_then_approved_into_search_within_seconds(client: TestClient) -> None:
    response = client.post("/api/events/submissions", json=event_payload())
    assert response.status_code == 201, response.text
    token = response.json()["tracking_token"]
    assert client.get(f"/api/submissions/{token}").json()["status"] == "pending"
    assert client.get("/api/events").json()["total"] == 0  # nothing is public before moderation

    sid = submission_id(client, token)
    queue = client.get("/api/admin/submissions", params={"status": "pending"}, headers=ADMIN).json()
    assert [item["id"] for item in queue["items"]] == [sid]
    approved = client.post(f"/api/admin/submissions/{sid}/approve", headers=ADMIN)
    assert approved.status_code == 200, approved.text
    item_id = approved.json()["practice_id"]
    assert wait_until(lambda: listed(client, "events", item_id, q="biogas aarhus"), timeout=10)
    status = client.get(f"/api/submissions/{token}").json()
    assert status["status"] == "published" and status["practice_url"] == f"/events/{item_id}"  # its public page
    assert client.get(f"/events/{item_id}.ics").status_code == 200

    rejected = client.post(f"/api/admin/submissions/{sid}/reject", headers=ADMIN, json={"reason": "a duplicate"})
    assert rejected.status_code == 200, rejected.text
    assert wait_until(lambda: not listed(client, "events", item_id))
    assert client.get(f"/api/events/{item_id}").status_code == 404


def test_news_and_calls_are_proposed_and_edited_by_moderators(client: TestClient) -> None:
    news = client.post("/api/news/submissions", json={
        "title": "Cluster opens a reuse yard", "summary": "Builders bring doors and windows to a shared reuse yard.",
        "published": at(-1)[:10], "sectors": "construction", **SUBMITTER})
    assert news.status_code == 201, news.text
    call = client.post("/api/calls/submissions", json={
        "title": "Vouchers for energy audits", "summary": "Vouchers cover most of an energy audit for small firms.",
        "closes": at(30)[:10], "funder": "A regional fund", "budget_eur": "250000", **SUBMITTER})
    assert call.status_code == 201, call.text
    sid = submission_id(client, call.json()["tracking_token"])
    edited = client.patch(f"/api/admin/submissions/{sid}", headers=ADMIN, json={"budget_eur": 300000})
    assert edited.status_code == 200, edited.text
    bad = client.patch(f"/api/admin/submissions/{sid}", headers=ADMIN, json={"closes": "soon"})
    assert bad.status_code == 400 and bad.json()["error"]["details"][0]["field"] == "closes"
    item_id = client.post(f"/api/admin/submissions/{sid}/approve", headers=ADMIN).json()["practice_id"]
    assert client.get(f"/api/calls/{item_id}").json()["budget_eur"] == 300000
    assert wait_until(lambda: listed(client, "calls", item_id))


@pytest.mark.parametrize(("changes", "field"), [
    ({"start": "next tuesday"}, "start"), ({"timezone": "Mars/Olympus"}, "timezone"), ({"place": None}, "place"),
    ({"end": at(1)[:16], "start": at(2)[:16]}, "end"), ({"sectors": ["space mining"]}, "sectors"),
    ({"consent": False}, "consent"), ({"closes": at(3)[:10]}, "closes"), ({"url": "javascript:alert(1)"}, "url"),
])
def test_invalid_proposals_are_a_400_naming_the_field(client: TestClient, changes: dict[str, Any], field: str) -> None:
    response = client.post("/api/events/submissions", json=event_payload(**changes))
    assert response.status_code == 400 and error_shape_ok(response.json(), 400)
    assert field in [d["field"] for d in response.json()["error"]["details"]], response.text


def test_the_same_abuse_limits_apply(make_client) -> None:  # noqa: F811
    client = make_client(loaded=False, submission_rate="2/minute")
    trap = client.post("/api/events/submissions", json=event_payload(website="http://spam.example"))
    assert trap.status_code == 400
    statuses = [client.post("/api/calls/submissions", json={"title": "x"}).status_code for _ in range(3)]
    assert statuses[-1] == 429 and error_shape_ok(client.post("/api/news/submissions", json={}).json(), 429)


def test_the_form_keeps_what_was_typed_and_goes_to_the_tracking_page(client: TestClient) -> None:
    page = client.get("/submit/event")
    assert page.status_code == 200 and 'name="start"' in page.text and 'name="timezone"' in page.text
    form = {k: v for k, v in event_payload().items() if k not in ("sectors", "impacts", "countries", "consent")}
    form |= {"csrf_token": csrf_of(page.text), "sectors": "agriculture", "consent": "true"}
    wrong = client.post("/submit/event", data={**form, "start": "someday"})
    assert wrong.status_code == 400 and "Aarhus" in wrong.text and 'aria-invalid="true"' in wrong.text
    done = client.post("/submit/event", data=form, follow_redirects=False)
    assert done.status_code == 303 and "/submissions/" in done.headers["location"]
    assert client.get("/submit/webinar").status_code == 404


def test_the_moderation_page_shows_an_events_own_fields(client: TestClient) -> None:
    token = client.post("/api/events/submissions", json=event_payload()).json()["tracking_token"]
    sid = submission_id(client, token)
    csrf = login(client)
    page = client.get(f"/admin/submissions/{sid}")
    assert page.status_code == 200 and 'name="start"' in page.text and 'name="investment_eur"' not in page.text
    edited = client.post(f"/admin/submissions/{sid}/edit", follow_redirects=False,
                         data={**{k: v for k, v in event_payload().items() if isinstance(v, str)},
                               "place": "Aarhus harbour", "csrf_token": csrf})
    assert edited.status_code == 303, edited.text
    assert client.get(f"/api/admin/submissions/{sid}", headers=ADMIN).json()["record"]["place"] == "Aarhus harbour"
