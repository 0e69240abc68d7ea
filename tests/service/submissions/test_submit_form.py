"""The HTML submission form: CSRF, errors next to their fields, typed values kept, tracking page."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from service.submissions.models import Submission
from tests.service.submissions.fixtures import EMAIL, csrf_of

FORM = {"title": "Oven heat recovery in an artisan bakery",
        "summary": "A bakery recovers heat from its ovens to warm the water used for cleaning the trays.",
        "country": "FR", "sectors": ["food-beverages", "energy"], "impacts": ["energy-efficiency"],
        "technologies": "heat exchanger; buffer tank", "investment_eur": "18000",
        "submitter_name": "Ann Submitter", "submitter_email": EMAIL, "consent": "true"}


def count(client) -> int:  # type: ignore[no-untyped-def]
    with client.app.state.sessions() as session:
        return session.scalar(select(func.count()).select_from(Submission)) or 0


def field_block(html: str, name: str) -> str:
    """The markup of one field's wrapper, where its error message must sit."""
    match = re.search(rf'<div class="form-field[^"]*" id="field-{name}">(.*?)</div>', html, re.S)
    assert match, f"no field {name}"
    return match.group(1)


def test_the_form_offers_every_record_field_the_taxonomy_and_a_hidden_honeypot(client):
    page = client.get("/submit")
    assert page.status_code == 200
    for name in ("title", "summary", "country", "sectors", "impacts", "submitter_email", "consent"):
        assert f'name="{name}"' in page.text
    assert 'value="food-beverages"' in page.text and "Food &amp; beverages" in page.text
    assert 'class="hp-field" aria-hidden="true"' in page.text and 'tabindex="-1"' in page.text
    assert csrf_of(page.text) == client.cookies.get("gts_csrf")


def test_a_valid_form_goes_to_the_private_tracking_page(client):
    token = csrf_of(client.get("/submit").text)
    response = client.post("/submit", data={**FORM, "csrf_token": token}, follow_redirects=False)
    assert response.status_code == 303
    tracking = response.headers["location"]
    page = client.get(tracking)
    assert page.status_code == 200 and 'data-status="pending"' in page.text
    assert EMAIL not in page.text and "Ann Submitter" not in page.text
    assert page.headers["x-robots-tag"] == "noindex" and page.headers["referrer-policy"] == "no-referrer"
    assert count(client) == 1
    with client.app.state.sessions() as session:
        row = session.scalars(select(Submission)).one()
        assert row.record["sectors"] == ["food-beverages", "energy"]
        assert row.record["technologies"] == ["heat exchanger", "buffer tank"]


@pytest.mark.parametrize("token", [None, "", "forged-token-0123456789abcdef"])
def test_a_missing_or_wrong_csrf_token_is_a_403_page_and_stores_nothing(client, token):
    client.get("/submit")
    data = dict(FORM) if token is None else {**FORM, "csrf_token": token}
    response = client.post("/submit", data=data)
    assert response.status_code == 403
    assert "security token" in response.text and "<html" in response.text
    assert count(client) == 0


def test_without_the_csrf_cookie_the_form_is_refused(client):
    token = csrf_of(client.get("/submit").text)
    client.cookies.clear()
    assert client.post("/submit", data={**FORM, "csrf_token": token}).status_code == 403


def test_errors_sit_next_to_their_fields_and_what_was_typed_is_kept(client):
    token = csrf_of(client.get("/submit").text)
    typed = {**FORM, "csrf_token": token, "title": "<b>", "sectors": ["food-beverages", "spaceflight"],
             "submitter_email": "ann at example", "description": "Line one\n\nLine <two> & three"}
    response = client.post("/submit", data=typed)
    assert response.status_code == 400
    html = response.text
    assert "expected 5–200 characters" in field_block(html, "title")
    assert "is not a known sector" in field_block(html, "sectors")
    assert "e-mail address" in field_block(html, "submitter_email")
    assert 'value="&lt;b&gt;"' in field_block(html, "title")  # kept, and inert
    assert 'aria-invalid="true"' in field_block(html, "title")
    assert "Line one\n\nLine &lt;two&gt; &amp; three</textarea>" in html
    assert 'value="food-beverages"\n          checked' in html or 'value="food-beverages" checked' in html
    assert 'value="ann at example"' in html and 'value="heat exchanger; buffer tank"' in html
    assert "summary" not in re.findall(r'id="([a-z_]+)-error"', html)
    assert count(client) == 0


def test_a_filled_honeypot_is_a_400_page_and_nothing_is_stored(client):
    token = csrf_of(client.get("/submit").text)
    response = client.post("/submit", data={**FORM, "csrf_token": token, "website": "http://spam.example"})
    assert response.status_code == 400 and "must be left empty" in response.text
    assert count(client) == 0


def test_the_form_is_rate_limited_with_a_429_page(make_client):
    client = make_client(loaded=False, submission_rate="2/minute")
    token = csrf_of(client.get("/submit").text)
    codes = [client.post("/submit", data={**FORM, "csrf_token": token}, follow_redirects=False).status_code
             for _ in range(3)]
    assert codes == [303, 303, 429]
    last = client.post("/submit", data={**FORM, "csrf_token": token})
    assert last.status_code == 429 and int(last.headers["retry-after"]) >= 1
    assert "Too many requests" in last.text
    assert count(client) == 2


def test_an_unknown_tracking_page_is_a_404_page(client):
    response = client.get("/submissions/not-a-real-token")
    assert response.status_code == 404 and "<html" in response.text


def test_countries_and_languages_are_lists_sorted_by_name(client):
    html = client.get("/submit").text
    countries = re.findall(r'<option value="([A-Z]{2})"\s*>([^<]+)</option>', field_block(html, "country"))
    names = [name for _, name in countries]
    assert names.index("Slovenia") < names.index("Spain") < names.index("Sweden")
    assert names.index("Austria") < names.index("Belgium")
    language = field_block(html, "language")
    assert '<select id="language" name="language"' in language
    assert re.search(r'<option value="fr"\s*>French</option>', language)
    assert re.search(r'<option value="en" selected>English</option>', language)


def test_choice_errors_speak_of_the_list_not_of_slugs(client):
    token = csrf_of(client.get("/submit").text)
    response = client.post("/submit", data={**FORM, "csrf_token": token, "sectors": [], "impacts": []})
    assert response.status_code == 400
    assert "choose 1 to 3 sectors" in field_block(response.text, "sectors")
    assert "choose at least one impact" in field_block(response.text, "impacts")
    assert "allowed:" not in response.text and " values" not in response.text


def test_the_status_page_confirms_offers_its_link_to_copy_and_links_the_published_page(client):
    from tests.service.submissions.fixtures import ADMIN, submission_id, submit

    receipt = submit(client)
    page = client.get(receipt["tracking_url"])
    assert "Thank you: your practice was received" in page.text
    assert f'value="{receipt["tracking_url"]}"' in page.text and 'data-copy="tracking-link"' in page.text
    approved = client.post(f"/api/admin/submissions/{submission_id(client, receipt['tracking_token'])}/approve",
                           headers=ADMIN)
    practice_id = approved.json()["practice_id"]
    page = client.get(receipt["tracking_url"]).text
    assert "Your practice is published" in page
    assert f'<a href="/practices/{practice_id}">See the published practice</a>' in page
    assert client.get(f"/practices/{practice_id}").status_code == 200


def test_malformed_json_is_named_as_such_not_as_a_field(client):
    response = client.post("/api/submissions", content=b'{"title": "x",', headers={"content-type": "application/json"})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["details"][0]["field"] == "body"
    assert error["message"].startswith("body: the body is not valid JSON") and "at character" in error["message"]
