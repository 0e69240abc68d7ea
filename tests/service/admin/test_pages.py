"""The moderation pages: queue, submission (edit, approve, reject), practice (edit, unpublish), history."""

from __future__ import annotations

import re

from tests.service.submissions.fixtures import EMAIL, login, submission_id, submit


def test_queue_and_submission_pages_show_the_submitter_to_moderators_only(client):
    receipt = submit(client)
    sid = submission_id(client, receipt["tracking_token"])
    login(client)
    queue = client.get("/admin")
    assert queue.status_code == 200 and f"/admin/submissions/{sid}" in queue.text
    assert client.get("/admin", params={"status": "rejected"}).text.count("/admin/submissions/") == 0
    assert client.get("/admin", params={"sector": "space"}).status_code == 400
    page = client.get(f"/admin/submissions/{sid}")
    assert page.status_code == 200 and EMAIL in page.text
    assert "Similar published practices" in page.text and "As sent" in page.text


def test_edit_errors_are_shown_next_to_the_fields_and_valid_edits_saved(client):
    sid = submission_id(client, submit(client)["tracking_token"])
    token = login(client)
    form = {"csrf_token": token, "title": "ab", "summary": "A bakery recovers heat from its ovens for cleaning.",
            "country": "FR", "sectors": "food-beverages", "impacts": "energy-efficiency"}
    bad = client.post(f"/admin/submissions/{sid}/edit", data=form)
    assert bad.status_code == 400 and 'id="title-error"' in bad.text and 'value="ab"' in bad.text
    good = client.post(f"/admin/submissions/{sid}/edit", data={**form, "title": "Bakery oven heat"},
                       follow_redirects=True)
    assert good.status_code == 200 and "Changes saved." in good.text and "Bakery oven heat" in good.text


def test_approve_and_reject_from_the_page(client):
    first = submission_id(client, submit(client)["tracking_token"])
    second = submission_id(client, submit(client, title="Another bakery practice")["tracking_token"])
    token = login(client)
    approved = client.post(f"/admin/submissions/{first}/approve", data={"csrf_token": token}, follow_redirects=False)
    assert approved.status_code == 303
    page = client.get(approved.headers["location"])
    practice_id = re.search(r'href="/admin/practices/([a-z0-9-]+)"', page.text).group(1)
    assert client.get(f"/api/practices/{practice_id}").status_code == 200
    no_reason = client.post(f"/admin/submissions/{second}/reject", data={"csrf_token": token})
    assert no_reason.status_code == 400 and "reason" in no_reason.text
    rejected = client.post(f"/admin/submissions/{second}/reject", data={"csrf_token": token, "reason": "Off topic"},
                           follow_redirects=True)
    assert rejected.status_code == 200 and "Off topic" in rejected.text
    conflict = client.post(f"/admin/submissions/{first}/approve", data={"csrf_token": token})
    assert conflict.status_code == 409 and "already published" in conflict.text


def test_practice_page_edit_unpublish_and_history(client):
    token = login(client)
    page = client.get("/admin/practices/fx-led-warehouse")
    assert page.status_code == 200 and "Unpublish" in page.text
    form = {"csrf_token": token, "title": "LED high-bay lighting in a warehouse, edited",
            "summary": "A logistics company replaced metal-halide lamps with LED high-bay fittings.",
            "country": "DE", "sectors": "logistics", "impacts": "energy-efficiency"}
    edited = client.post("/admin/practices/fx-led-warehouse/edit", data=form, follow_redirects=True)
    assert edited.status_code == 200 and "Changes saved." in edited.text
    assert client.get("/api/practices/fx-led-warehouse").json()["title"].endswith("edited")
    down = client.post("/admin/practices/fx-led-warehouse/unpublish", data={"csrf_token": token, "reason": "old"},
                       follow_redirects=True)
    assert down.status_code == 200 and "Publish again" in down.text
    assert client.get("/api/practices/fx-led-warehouse").status_code == 404
    history = client.get("/admin/history")
    assert history.status_code == 200 and "unpublished" in history.text and "Mia" in history.text
    assert client.get("/admin/practices/not-there").status_code == 404
    assert client.get("/admin/submissions/12345").status_code == 404


def test_history_reads_as_words_and_actions_are_confirmed_in_words(client):
    sid = submission_id(client, submit(client)["tracking_token"])
    token = login(client)
    form = {"csrf_token": token, "title": "Bakery oven heat recovery",
            "summary": "A bakery recovers heat from its ovens for cleaning.", "country": "FR",
            "sectors": ["food-beverages", "energy"], "impacts": "energy-efficiency", "investment_eur": "18000"}
    client.post(f"/admin/submissions/{sid}/edit", data=form)
    approved = client.post(f"/admin/submissions/{sid}/approve", data={"csrf_token": token}, follow_redirects=True)
    assert "Approved: the practice is published" in approved.text and "Done:" not in approved.text
    history = client.get("/admin/history").text
    assert "<strong>sectors</strong>: Food &amp; beverages → Food &amp; beverages, Energy &amp; utilities" in history
    assert "[" not in re.sub(r"<[^>]+>", "", history.split("<tbody>")[1])  # no Python list text
    assert "18000.0" not in history
    queue = client.get("/admin", params={"status": ""}).text
    assert 'data-label="Country">France<' in queue and 'data-label="Sectors">Food &amp; beverages, Energy' in queue


def test_a_derived_id_is_cut_between_words():
    from service.practices.schemas import derive_id

    long_title = "Heat recovery from the compressed air system at an artisanal bakery in the old town"
    derived = derive_id(long_title, "Org", "FR")
    slug = derived.rsplit("-", 1)[0]
    assert len(slug) <= 48 and long_title.lower().replace(" ", "-").startswith(slug + "-")
