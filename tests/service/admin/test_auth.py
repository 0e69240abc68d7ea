"""Nobody reaches moderation without the admin token: every /api/admin route and /admin page, every method."""

from __future__ import annotations

import re

import pytest
from fastapi.routing import APIRoute, iter_route_contexts
from pydantic import ValidationError

from service.admin.auth import AdminAuth
from service.settings import Settings
from tests.service.submissions.fixtures import ADMIN, ADMIN_TOKEN, csrf_of, login

DUMMY = {"submission_id": "1", "practice_id": "fx-led-warehouse", "action": "edit"}


def admin_routes(app) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """(method, path) of every moderation route, as the app serves it (included routers flattened)."""
    pairs: list[tuple[str, str]] = []
    for context in iter_route_contexts(app.routes):
        route, path = context.original_route, context.path or ""
        if isinstance(route, APIRoute) and (path.startswith("/admin") or path.startswith("/api/admin")):
            path = re.sub(r"\{(\w+)\}", lambda m: DUMMY.get(m.group(1), "x"), path)
            pairs.extend((method, path) for method in sorted(route.methods or ()))
    return pairs


def test_the_enumeration_finds_the_moderation_routes(client):
    pairs = admin_routes(client.app)
    paths = {path for _, path in pairs}
    assert {"/admin", "/admin/login", "/api/admin/submissions", "/api/admin/submissions/1/approve",
            "/admin/submissions/1/edit"} <= paths
    assert len(pairs) >= 19


@pytest.mark.parametrize("credentials", [
    {},
    {"headers": {"Authorization": "Bearer wrong-token-0123456789"}},
    {"headers": {"Authorization": f"Basic {ADMIN_TOKEN}"}},
    {"headers": {"Authorization": f"Bearer {ADMIN_TOKEN}x"}},
    {"headers": {"Authorization": "Bearer"}},
    {"cookies": {"gts_admin": "1.YWRtaW4.deadbeef"}},
    {"cookies": {"gts_admin": ADMIN_TOKEN}},
])
def test_every_admin_route_answers_401_or_403_without_a_valid_token(client, credentials):
    for method, path in admin_routes(client.app):
        client.cookies.clear()
        for name, value in credentials.get("cookies", {}).items():
            client.cookies.set(name, value)
        response = client.request(method, path, headers=credentials.get("headers", {}), json={})
        # After a few refused tokens the client is throttled (429 + Retry-After): refused all the same.
        assert response.status_code in (401, 403, 429), (method, path, response.status_code)
        if path.startswith("/api/"):
            assert set(response.json()["error"]) == {"status", "code", "message", "details"}


def test_with_moderation_disabled_every_admin_route_is_403(make_client):
    client = make_client(loaded=False, admin_token="")
    for method, path in admin_routes(client.app):
        response = client.request(method, path, headers={"Authorization": "Bearer "}, json={})
        assert response.status_code == 403, (method, path, response.status_code)


def test_production_refuses_to_start_without_a_real_admin_token(tmp_path):
    for token in ("", "short"):
        with pytest.raises(ValidationError, match="GTS_ADMIN_TOKEN"):
            Settings(env="production", data_dir=tmp_path, admin_token=token)
    assert Settings(env="production", data_dir=tmp_path, admin_token=ADMIN_TOKEN).admin_token


def test_the_token_is_kept_only_as_a_digest():
    auth = AdminAuth(ADMIN_TOKEN)
    assert ADMIN_TOKEN not in repr(vars(auth)) and ADMIN_TOKEN.encode() not in repr(vars(auth)).encode()
    assert auth.token_ok(ADMIN_TOKEN) and not auth.token_ok(ADMIN_TOKEN[:-1]) and not auth.token_ok("")
    assert not AdminAuth("").token_ok("")


def test_the_bearer_token_opens_the_api(client):
    response = client.get("/api/admin/submissions", headers={"Authorization": f"Bearer {ADMIN_TOKEN}"})
    assert response.status_code == 200 and response.json()["total"] == 0


def test_login_sets_a_strict_httponly_session_cookie_that_is_not_the_token(client):
    token = csrf_of(client.get("/admin/login").text)
    wrong = client.post("/admin/login", data={"csrf_token": token, "token": "nope", "label": "x"})
    assert wrong.status_code == 401 and "not the admin token" in wrong.text
    no_csrf = client.post("/admin/login", data={"token": ADMIN_TOKEN, "label": "x"})
    assert no_csrf.status_code == 403
    response = client.post("/admin/login", data={"csrf_token": token, "token": ADMIN_TOKEN, "label": "Mia"},
                           follow_redirects=False)
    assert response.status_code == 303
    cookie = response.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and ADMIN_TOKEN not in cookie
    assert client.get("/admin").status_code == 200


def test_a_session_cookie_expires_and_cannot_be_forged():
    auth, other = AdminAuth(ADMIN_TOKEN), AdminAuth("another-token-0123456789")
    cookie = auth.session_cookie("Mia", now=1_000_000)
    assert auth.session_label(cookie, now=1_000_100) == "Mia"
    assert auth.session_label(cookie, now=1_000_000 + 13 * 3600) is None  # older than 12 h
    assert other.session_label(cookie, now=1_000_100) is None  # a new token ends every session
    issued, label, mac = cookie.split(".")
    assert auth.session_label(f"{issued}.{label}.{'0' * len(mac)}", now=1_000_100) is None
    assert auth.session_label(f"{int(issued) + 3600}.{label}.{mac}", now=1_003_700) is None
    for junk in ("", "...", "a.b.c", "1.%%%.x", "x" * 1000):
        assert auth.session_label(junk, now=1_000_100) is None


def test_admin_forms_need_the_csrf_token_even_with_a_session(client):
    login(client)
    response = client.post("/admin/practices/fx-led-warehouse/unpublish", data={"reason": "x"})
    assert response.status_code == 403
    assert client.get("/api/practices/fx-led-warehouse").status_code == 200


def test_logout_ends_the_session(client):
    token = login(client)
    assert client.post("/admin/logout", data={"csrf_token": token}, follow_redirects=False).status_code == 303
    assert client.get("/admin").status_code == 401


def test_a_copied_cookie_no_longer_works_after_logout(client):
    token = login(client)
    copied = client.cookies.get("gts_admin")
    assert copied and client.get("/admin").status_code == 200
    client.post("/admin/logout", data={"csrf_token": token}, follow_redirects=False)
    client.cookies.clear()
    client.cookies.set("gts_admin", copied, path="/admin")  # an attacker who kept a copy
    assert client.get("/admin").status_code == 401


def test_refused_tokens_are_throttled_with_a_growing_delay_and_logged(client, caplog):
    wrong = {"Authorization": "Bearer wrong-token-0123456789"}
    statuses = [client.get("/api/admin/submissions", headers=wrong).status_code for _ in range(7)]
    assert statuses[:5] == [401] * 5 and statuses[5:] == [429, 429], statuses
    throttled = client.get("/api/admin/submissions", headers=wrong)
    assert throttled.json()["error"]["code"] == "too_many_requests"
    first_wait = int(throttled.headers["Retry-After"])
    assert 1 <= first_wait <= 2
    # Even the right token waits while this client is throttled: guessing must not be free.
    assert client.get("/api/admin/submissions", headers=ADMIN).status_code == 429
    assert "admin token refused for" in caplog.text


def test_the_throttle_grows_and_is_shared_through_the_store(client):
    from service.db import session_scope
    from service.security import shared_limits

    # Ten refusals recorded by any process (they are rows in the store): the delay is now 2^6 s.
    with session_scope(client.app.state.sessions) as session:
        for _ in range(10):
            shared_limits.record(session, "admin_failure", "testclient")
    response = client.get("/api/admin/submissions", headers=ADMIN)
    assert response.status_code == 429 and 30 < int(response.headers["Retry-After"]) <= 64


def test_admin_pages_are_not_cached_or_framed(client):
    login(client)
    response = client.get("/admin")
    assert response.headers["cache-control"] == "no-store" and response.headers["x-frame-options"] == "DENY"
