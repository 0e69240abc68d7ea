"""CSRF protection for HTML forms: a double-submit token (a cookie and a hidden field that must match).

A cross-site page can make the browser send our cookie but cannot read it, so it cannot put the same
value into the form. The JSON API needs none of this: it is not authenticated by cookies (submissions
are anonymous, the admin API takes a Bearer token a browser never adds on its own), so a forged
cross-site request gains nothing it could not do directly.
"""

from __future__ import annotations

import hmac
import secrets

from fastapi import Request
from fastapi.responses import Response

from service.errors import Forbidden

COOKIE = "gts_csrf"
FIELD = "csrf_token"


def token_for(request: Request) -> str:
    """The token to put in a form: the one the browser already holds, or a fresh one."""
    current = request.cookies.get(COOKIE, "")
    return current if _well_formed(current) else secrets.token_urlsafe(32)


def set_cookie(response: Response, token: str, *, secure: bool) -> None:
    response.set_cookie(COOKIE, token, httponly=True, samesite="strict", secure=secure, path="/")


def check(request: Request, submitted: object) -> None:
    """Raise 403 unless the form's token matches the cookie's."""
    cookie = request.cookies.get(COOKIE, "")
    if not (isinstance(submitted, str) and _well_formed(cookie)
            and hmac.compare_digest(cookie.encode(), submitted.encode())):
        raise Forbidden("the form's security token is missing or expired; reload the page and try again")


def _well_formed(token: str) -> bool:
    return 20 <= len(token) <= 100 and token.isascii()
