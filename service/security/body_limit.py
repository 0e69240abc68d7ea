"""A pure-ASGI middleware that refuses request bodies over a size limit with a 413.

Content-Length is checked first (a cheap early answer), but it is never trusted alone: the bytes are
counted as they stream in, so a chunked body or a lying header cannot get past the limit either.
"""

from __future__ import annotations

import json
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.errors import PayloadTooLarge, error_body


class BodyTooLarge(Exception):
    """Raised into the app from receive() once the body passes the limit."""


class BodySizeLimit:
    def __init__(self, app: ASGIApp, *, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _content_length(scope)
        if declared is not None and declared > self.max_bytes:
            await self._reject(send)
            return

        received = 0
        too_large = False
        started = False

        async def limited_receive() -> Message:
            nonlocal received, too_large
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    too_large = True
                    raise BodyTooLarge
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal started
            # The app may turn BodyTooLarge into its own error answer (e.g. FastAPI's "error parsing the
            # body" 400); whatever it says, the caller must see the 413.
            if too_large and not started:
                return
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited_receive, guarded_send)
        except BodyTooLarge:
            pass
        if too_large and not started:
            await self._reject(send)

    async def _reject(self, send: Send) -> None:
        message = f"request body is larger than {self.max_bytes} bytes"
        body = json.dumps(error_body(PayloadTooLarge.status, PayloadTooLarge.code, message)).encode()
        headers: list[Any] = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                              (b"connection", b"close")]
        await send({"type": "http.response.start", "status": PayloadTooLarge.status, "headers": headers})
        await send({"type": "http.response.body", "body": body})


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None
