"""A pure-ASGI middleware that gives every HTML response the security headers of a page.

Content-Security-Policy (scripts and styles from this site only, framing by this site only),
X-Frame-Options for older browsers, nosniff and a referrer policy. A route that needs other values sets
them itself (the embeddable results list, the moderation pages, Swagger UI) and its own values win:
the middleware only adds the headers a response lacks. X-Frame-Options goes with the default policy
only: a route that sets its own policy has said who may frame it.
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# Scripts and styles come from /static only, so injected markup could not run even if it got through.
_CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src {scripts}; object-src 'none'; "
        "base-uri 'self'; form-action 'self'; frame-ancestors {ancestors}")


def content_security_policy(*, frame_ancestors: str = "'self'", scripts: str = "'self'") -> str:
    return _CSP.format(ancestors=frame_ancestors, scripts=scripts)


DEFAULT_POLICY = {"Content-Security-Policy": content_security_policy(), "X-Frame-Options": "SAMEORIGIN"}
ALWAYS = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "strict-origin-when-cross-origin"}
EMBEDDABLE = {"Content-Security-Policy": content_security_policy(frame_ancestors="*")}


class SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                if headers.get("content-type", "").startswith("text/html"):
                    added = ALWAYS if "content-security-policy" in headers else {**DEFAULT_POLICY, **ALWAYS}
                    for name, value in added.items():
                        headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, send_with_headers)
