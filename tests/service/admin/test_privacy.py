"""After approval, the submitter's e-mail and name appear on no public page, API answer, export or feed."""

from __future__ import annotations

import re

from fastapi.routing import APIRoute, iter_route_contexts

from tests.service.submissions.fixtures import ADMIN, EMAIL, submission_id, submit, wait_until

NAME = "Zebulon Quetzalcoatl-Submitter"
PRIVATE_PREFIXES = ("/admin", "/api/admin")


def public_get_paths(app, values: dict[str, str]) -> list[str]:  # type: ignore[no-untyped-def]
    """Every GET route outside moderation, path parameters filled with real values where we have them."""
    paths = []
    for context in iter_route_contexts(app.routes):
        route, path = context.original_route, context.path or ""
        if isinstance(route, APIRoute) and "GET" in (route.methods or ()) and not path.startswith(PRIVATE_PREFIXES):
            paths.append(re.sub(r"\{(\w+)(:\w+)?\}", lambda m: values.get(m.group(1), "x"), path))
    return paths


def test_no_submitter_detail_is_public_after_approval(client):
    receipt = submit(client, title="Oven heat recovery in a bakery in Lyon", submitter_name=NAME)
    sid = submission_id(client, receipt["tracking_token"])
    practice_id = client.post(f"/api/admin/submissions/{sid}/approve", headers=ADMIN).json()["practice_id"]
    assert wait_until(lambda: practice_id in client.get("/api/search", params={"q": "oven"}).text)
    values = {"practice_id": practice_id, "id": practice_id, "token": receipt["tracking_token"]}
    paths = public_get_paths(client.app, values)
    assert {f"/api/practices/{practice_id}", f"/submissions/{receipt['tracking_token']}", "/api/search"} <= set(paths)
    checked = 0
    for path in paths:
        for params in ({}, {"q": "oven heat recovery"}, {"q": "oven", "country": "FR", "per_page": 100}):
            for accept in ("application/json", "text/html"):
                response = client.get(path, params=params, headers={"accept": accept})
                assert response.status_code < 500, (path, response.status_code)
                body = response.text
                assert EMAIL not in body and EMAIL.split("@")[0] not in body and NAME not in body, path
                checked += 1
    # The practice really is out there in the exports and the feed, without its submitter.
    for path in ("/api/practices/" + practice_id, "/search.csv", "/search.json", "/feed.atom"):
        if path in paths or path.startswith("/api/practices/"):
            body = client.get(path, params={"q": "oven"} if "practices" not in path else {}).text
            assert "Oven heat recovery in a bakery in Lyon" in body, path
    assert checked >= 30
