"""The moderation queue, edit, approve, reject, unpublish and history; API and pages; SQLite and PostgreSQL."""

from __future__ import annotations

from tests.service.submissions.fixtures import ADMIN, submission_id, submit, wait_until


def searchable(client, q: str, practice_id: str) -> bool:  # type: ignore[no-untyped-def]
    hits = client.get("/api/search", params={"q": q, "per_page": 50}).json()["hits"]
    return practice_id in [h["id"] for h in hits]


def test_the_queue_filters_by_status_sector_country_and_text(client):
    submit(client, title="Solar roof on a bakery in Lyon", country="FR", sectors=["food-beverages"])
    submit(client, title="Heat pump for a German brewery", country="DE", sectors=["food-beverages", "energy"])
    third = submit(client, title="Recycled pallets in a warehouse", country="DE", sectors=["logistics"])
    client.post(f"/api/admin/submissions/{submission_id(client, third['tracking_token'])}/reject",
                json={"reason": "duplicate"}, headers=ADMIN)

    def titles(**params) -> list[str]:  # type: ignore[no-untyped-def]
        response = client.get("/api/admin/submissions", params=params, headers=ADMIN)
        assert response.status_code == 200, response.text
        return sorted(item["title"] for item in response.json()["items"])

    assert len(titles()) == 3
    assert titles(status="pending") == ["Heat pump for a German brewery", "Solar roof on a bakery in Lyon"]
    assert titles(status="rejected") == ["Recycled pallets in a warehouse"]
    assert titles(sector="energy") == ["Heat pump for a German brewery"]
    assert titles(sector="Food & beverages", country="Germany") == ["Heat pump for a German brewery"]
    assert titles(country="DE", status="pending") == ["Heat pump for a German brewery"]
    assert titles(q="BAKERY") == ["Solar roof on a bakery in Lyon"]
    assert titles(q="100%_\\") == []
    for bad in ({"status": "maybe"}, {"sector": "space"}, {"country": "Atlantis"}, {"per_page": 0}):
        assert client.get("/api/admin/submissions", params=bad, headers=ADMIN).status_code == 400
    page = client.get("/api/admin/submissions", params={"per_page": 2, "page": 2}, headers=ADMIN).json()
    assert page["total"] == 3 and len(page["items"]) == 1


def test_edit_is_validated_like_an_import_and_recorded_in_the_history(client):
    sid = submission_id(client, submit(client)["tracking_token"])
    bad = client.patch(f"/api/admin/submissions/{sid}", json={"sectors": ["space"], "year": 1800}, headers=ADMIN)
    assert bad.status_code == 400
    assert {d["field"] for d in bad.json()["error"]["details"]} == {"sectors", "year"}
    ok = client.patch(f"/api/admin/submissions/{sid}", json={"region": "Lyon", "year": 2022, "technologies": None},
                      headers=ADMIN)
    assert ok.status_code == 200
    detail = client.get(f"/api/admin/submissions/{sid}", headers=ADMIN).json()
    assert detail["record"]["region"] == "Lyon" and "technologies" not in detail["record"]
    [event] = detail["history"]
    assert event["actor"] == "Mia Moderator" and event["action"] == "edited"
    assert event["changes"] == {"region": {"from": None, "to": "Lyon"}, "year": {"from": None, "to": 2022},
                                "technologies": {"from": ["heat exchanger"], "to": None}}


def test_approve_publishes_through_the_outbox_into_search(client):
    receipt = submit(client, title="Oven heat recovery in a Lyon bakery")
    sid = submission_id(client, receipt["tracking_token"])
    approved = client.post(f"/api/admin/submissions/{sid}/approve", headers=ADMIN)
    assert approved.status_code == 200
    practice_id = approved.json()["practice_id"]
    public = client.get(f"/api/practices/{practice_id}").json()
    assert public["title"] == "Oven heat recovery in a Lyon bakery" and public["payback_years"] == 3
    assert wait_until(lambda: searchable(client, "oven heat recovery", practice_id))
    again = client.post(f"/api/admin/submissions/{sid}/approve", headers=ADMIN)
    assert again.status_code == 409
    history = client.get("/api/admin/history", params={"submission_id": sid}, headers=ADMIN).json()
    assert [e["action"] for e in history] == ["approved"] and history[0]["changes"]["title"]["to"]


def test_editing_a_published_submission_updates_the_practice_and_search(client):
    sid = submission_id(client, submit(client)["tracking_token"])
    practice_id = client.post(f"/api/admin/submissions/{sid}/approve", headers=ADMIN).json()["practice_id"]
    edited = client.patch(f"/api/admin/submissions/{sid}", json={"summary": "A bakery reuses oven heat for "
                          "washing trays, which saves a lot of gas."}, headers=ADMIN)
    assert edited.status_code == 200
    assert client.get(f"/api/practices/{practice_id}").json()["summary"].startswith("A bakery reuses oven heat")
    moved = client.patch(f"/api/admin/submissions/{sid}", json={"id": "another-id"}, headers=ADMIN)
    assert moved.status_code == 400


def test_a_submission_whose_id_belongs_to_another_practice_is_a_409_until_the_id_changes(client):
    sid = submission_id(client, submit(client, id="fx-led-warehouse")["tracking_token"])
    clash = client.post(f"/api/admin/submissions/{sid}/approve", headers=ADMIN)
    assert clash.status_code == 409 and clash.json()["error"]["details"][0]["field"] == "id"
    assert client.get("/api/practices/fx-led-warehouse").json()["title"].startswith("LED high-bay")
    client.patch(f"/api/admin/submissions/{sid}", json={"id": "bakery-oven-heat"}, headers=ADMIN)
    assert client.post(f"/api/admin/submissions/{sid}/approve", headers=ADMIN).json()["practice_id"] == \
        "bakery-oven-heat"


def test_similar_practices_are_shown_to_catch_duplicates(client):
    sid = submission_id(client, submit(client, title="LED high-bay lighting in our logistics warehouse")
                        ["tracking_token"])
    detail = client.get(f"/api/admin/submissions/{sid}", headers=ADMIN).json()
    assert detail["similar"][0]["id"] == "fx-led-warehouse" and len(detail["similar"]) <= 5


def test_reject_needs_a_reason_and_a_published_submission_is_taken_down(client):
    receipt = submit(client)
    sid = submission_id(client, receipt["tracking_token"])
    for body in ({}, {"reason": ""}, {"reason": "   "}, {"reason": "x" * 2001}, {"reason": 5}):
        assert client.post(f"/api/admin/submissions/{sid}/reject", json=body, headers=ADMIN).status_code == 400
    practice_id = client.post(f"/api/admin/submissions/{sid}/approve", headers=ADMIN).json()["practice_id"]
    assert wait_until(lambda: searchable(client, "oven heat recovery", practice_id))
    rejected = client.post(f"/api/admin/submissions/{sid}/reject", json={"reason": "Figures unverifiable"},
                           headers=ADMIN)
    assert rejected.status_code == 200
    assert client.get(f"/api/practices/{practice_id}").status_code == 404
    assert wait_until(lambda: not searchable(client, "oven heat recovery", practice_id))
    status = client.get(f"/api/submissions/{receipt['tracking_token']}").json()
    assert status["status"] == "rejected" and status["reason"] == "Figures unverifiable"


def test_unpublish_and_edit_an_imported_practice(client):
    assert searchable(client, "high-bay", "fx-led-warehouse")
    edit = client.patch("/api/admin/practices/fx-led-warehouse", json={"title": "LED high-bay lighting, revised"},
                        headers=ADMIN)
    assert edit.status_code == 200 and edit.json()["history"][0]["changes"]["title"]["to"].endswith("revised")
    assert client.patch("/api/admin/practices/fx-led-warehouse", json={"id": "other"}, headers=ADMIN).status_code == 400
    assert client.patch("/api/admin/practices/fx-led-warehouse", json={"impacts": []}, headers=ADMIN).status_code == 400
    assert wait_until(lambda: searchable(client, "revised", "fx-led-warehouse"))
    down = client.post("/api/admin/practices/fx-led-warehouse/unpublish", json={"reason": "outdated"}, headers=ADMIN)
    assert down.status_code == 200 and down.json()["status"] == "unpublished"
    assert client.get("/api/practices/fx-led-warehouse").status_code == 404
    assert wait_until(lambda: not searchable(client, "high-bay", "fx-led-warehouse"))
    assert client.get("/api/admin/practices/fx-led-warehouse", headers=ADMIN).json()["status"] == "unpublished"
    up = client.post("/api/admin/practices/fx-led-warehouse/publish", headers=ADMIN)
    assert up.status_code == 200 and client.get("/api/practices/fx-led-warehouse").status_code == 200
    actions = [e["action"] for e in client.get("/api/admin/history", params={"practice_id": "fx-led-warehouse"},
                                               headers=ADMIN).json()]
    assert actions == ["published", "unpublished", "edited"]
    assert client.get("/api/admin/practices/nope", headers=ADMIN).status_code == 404
    assert client.post("/api/admin/submissions/999/approve", headers=ADMIN).status_code == 404
