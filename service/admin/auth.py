"""The admin token: kept only as a SHA-256 digest, compared in constant time.

The API takes `Authorization: Bearer <token>`. The pages take a session cookie made at login: an
HMAC (keyed by the token's digest) of the moderator's label and the login time, so the cookie never
holds the token, expires on its own, and stops working for everyone when the token changes.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import math
import re
import time
from typing import Annotated

from fastapi import Depends, Request
from fastapi.responses import Response

from service.db import session_scope
from service.errors import Forbidden, TooManyRequests, Unauthorized
from service.security import shared_limits
from service.security.rate_limit import client_key

log = logging.getLogger(__name__)

COOKIE = "gts_admin"
# Refused admin tokens (bearer or login form): free tries, then a delay that doubles, at most MAX_DELAY_S.
FAILURE_BUCKET = "admin_failure"
FAILURE_WINDOW_S = 900
FREE_FAILURES = 5
MAX_DELAY_S = 900.0
GLOBAL_FAILURES = 100  # a minute, from everyone together
SESSION_SECONDS = 12 * 3600
LABEL_RE = re.compile(r"[^\w .@-]", re.UNICODE)
DEFAULT_LABEL = "admin"


class ModerationDisabled(Forbidden):
    """No admin token is configured: the moderation API and pages are off."""

    def __init__(self) -> None:
        super().__init__("moderation is disabled: GTS_ADMIN_TOKEN is not set")


class LoginRequired(Unauthorized):
    """No valid admin session on a page: the page answers with the login form (401)."""


class AdminAuth:
    def __init__(self, token: str) -> None:
        self._digest = hashlib.sha256(token.encode()).digest() if token else None

    @property
    def enabled(self) -> bool:
        return self._digest is not None

    def token_ok(self, presented: str) -> bool:
        if self._digest is None:
            return False
        return hmac.compare_digest(hashlib.sha256(presented.encode("utf-8", "surrogatepass")).digest(), self._digest)

    def _mac(self, issued: str, label: str) -> str:
        assert self._digest is not None
        message = f"gts-admin-session\n{issued}\n{label}".encode()
        return hmac.new(self._digest, message, hashlib.sha256).hexdigest()

    def session_cookie(self, label: str, *, now: float | None = None) -> str:
        issued = str(int(now if now is not None else time.time()))
        encoded = base64.urlsafe_b64encode(label.encode()).decode()
        return f"{issued}.{encoded}.{self._mac(issued, label)}"

    def session_label(self, cookie: str, *, now: float | None = None) -> str | None:
        """The moderator's label if the cookie is genuine and fresh, else None."""
        if self._digest is None or cookie.count(".") != 2 or len(cookie) > 400:
            return None
        issued, encoded, mac = cookie.split(".")
        try:
            label = base64.urlsafe_b64decode(encoded.encode()).decode()
            age = (now if now is not None else time.time()) - int(issued)
        except ValueError:
            return None
        if not hmac.compare_digest(mac.encode(), self._mac(issued, label).encode()) or not 0 <= age <= SESSION_SECONDS:
            return None
        return label


def clean_label(raw: str | None) -> str:
    label = LABEL_RE.sub("", raw or "").strip()[:100]
    return label or DEFAULT_LABEL


def admin_auth(request: Request) -> AdminAuth:
    """The app's verifier, made once from the settings."""
    state = request.app.state
    auth = getattr(state, "admin_auth", None)
    if auth is None:
        auth = state.admin_auth = AdminAuth(state.settings.admin_token)
    return auth


def check_not_throttled(request: Request) -> None:
    """429 with Retry-After while this client (or everyone, in a flood) must wait after refused tokens.

    Per client: after FREE_FAILURES refused tokens in FAILURE_WINDOW_S, each further try waits
    2, 4, 8 … seconds (at most MAX_DELAY_S) after the last failure. Globally: past GLOBAL_FAILURES
    refusals a minute from everyone, every login waits out the minute. Counted in the store, so every
    worker process sees the same failures.
    """
    now = time.time()
    with session_scope(request.app.state.sessions) as session:
        count, _, last = shared_limits.recent(session, FAILURE_BUCKET, client_key(request),
                                              window_s=FAILURE_WINDOW_S, now=now)
        everyone, first_global, _ = shared_limits.recent(session, FAILURE_BUCKET, None, window_s=60, now=now)
    if count >= FREE_FAILURES and last is not None:
        delay = min(MAX_DELAY_S, 2.0 ** (count - FREE_FAILURES + 1))
        if now < last + delay:
            raise _throttled(last + delay - now)
    if everyone >= GLOBAL_FAILURES and first_global is not None:
        raise _throttled(first_global + 60 - now)


def _throttled(wait: float) -> TooManyRequests:
    seconds = max(1, math.ceil(wait))
    return TooManyRequests(f"too many refused admin tokens; try again in {seconds} s",
                           headers={"Retry-After": str(seconds)})


def record_failure(request: Request) -> None:
    client = client_key(request)
    with session_scope(request.app.state.sessions) as session:
        shared_limits.record(session, FAILURE_BUCKET, client)
        count, _, _ = shared_limits.recent(session, FAILURE_BUCKET, client, window_s=FAILURE_WINDOW_S)
    log.warning("admin token refused for %s on %s (%d in %d min)", client, request.url.path, count,
                FAILURE_WINDOW_S // 60)


def require_api_admin(request: Request) -> str:
    """Bearer token for /api/admin; returns the moderator's label (X-Moderator header, default 'admin')."""
    auth = admin_auth(request)
    if not auth.enabled:
        raise ModerationDisabled()
    check_not_throttled(request)
    scheme, _, presented = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not auth.token_ok(presented.strip()):
        record_failure(request)
        raise Unauthorized("a valid admin token is required (Authorization: Bearer <token>)",
                           headers={"WWW-Authenticate": "Bearer"})
    return clean_label(request.headers.get("x-moderator"))


def require_page_admin(request: Request) -> str:
    """Session cookie for /admin pages; returns the moderator's label."""
    auth = admin_auth(request)
    if not auth.enabled:
        raise ModerationDisabled()
    cookie = request.cookies.get(COOKIE, "")
    label = auth.session_label(cookie)
    if label is None or _ended(request, cookie):
        raise LoginRequired("please log in with the admin token")
    return label


def _mac_of(cookie: str) -> str:
    return cookie.rsplit(".", 1)[-1][:64]


def _ended(request: Request, cookie: str) -> bool:
    with session_scope(request.app.state.sessions) as session:
        return shared_limits.session_ended(session, _mac_of(cookie))


def end_session(request: Request) -> None:
    """Logging out ends the session on the server: the cookie, even copied elsewhere, is refused from now."""
    cookie = request.cookies.get(COOKIE, "")
    if cookie:
        with session_scope(request.app.state.sessions) as session:
            shared_limits.end_session(session, _mac_of(cookie))


def set_session(response: Response, auth: AdminAuth, label: str, *, secure: bool) -> None:
    response.set_cookie(COOKIE, auth.session_cookie(label), max_age=SESSION_SECONDS, httponly=True,
                        samesite="strict", secure=secure, path="/admin")


def clear_session(response: Response) -> None:
    response.delete_cookie(COOKIE, path="/admin", httponly=True, samesite="strict")


ApiAdmin = Annotated[str, Depends(require_api_admin)]
PageAdmin = Annotated[str, Depends(require_page_admin)]
