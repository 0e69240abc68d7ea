"""The HTTP face of service.errors: every error, on every path, answers in the one JSON shape (or, for
page routes asked for HTML, the error page the app factory passes in)."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import iter_route_contexts
from starlette.exceptions import HTTPException as StarletteHTTPException

from service.db import store_fault
from service.errors import CODES_BY_STATUS, AppError, error_body

log = logging.getLogger(__name__)


def _json_error(status: int, code: str, message: str, details: list[Any] | None = None,
                headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(error_body(status, code, message, details), status_code=status, headers=headers)


def _clean_validation_details(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    # Pydantic puts the offending input (possibly megabytes, possibly binary) into each error; echo a
    # short, printable excerpt only.
    details = []
    for err in errors:
        if err.get("type") == "json_invalid":
            # Pydantic's location of a JSON syntax error is ("body", character position), not a field.
            position = err.get("loc", ("body", None))[-1]
            reason = (err.get("ctx") or {}).get("error", "JSON decode error")
            details.append({"field": "body", "message": f"the body is not valid JSON ({reason} at character "
                                                        f"{position})"})
            continue
        item: dict[str, Any] = {"field": ".".join(str(p) for p in err.get("loc", ()) if p != "body") or None,
                                "message": err.get("msg", "invalid value")}
        details.append(item)
    return details


def install_error_handlers(app: FastAPI, *, html_renderer: Any = None) -> None:
    """Route every error to the one JSON shape (or to an HTML error page for page routes)."""

    def respond(request: Request, status: int, code: str, message: str, details: list[Any] | None = None,
                headers: dict[str, str] | None = None):
        if html_renderer is not None and not request.url.path.startswith("/api") and _wants_html(request):
            return html_renderer(request, status, message, details or [])
        return _json_error(status, code, message, details, headers)

    @app.exception_handler(AppError)
    async def _app_error(request: Request, exc: AppError):
        return respond(request, exc.status, exc.code, exc.message, exc.details, exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError):
        details = _clean_validation_details(list(exc.errors()))
        first = details[0] if details else {"field": None, "message": "invalid request"}
        message = f"{first['field']}: {first['message']}" if first.get("field") else str(first["message"])
        return respond(request, 400, "bad_request", message, details)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException):
        code = CODES_BY_STATUS.get(exc.status_code, "error")
        message = exc.detail if isinstance(exc.detail, str) else code.replace("_", " ")
        headers = getattr(exc, "headers", None)
        if exc.status_code == 405:
            headers = {**(headers or {}), "Allow": _allowed_methods(request)}
        return respond(request, exc.status_code, code, message, headers=headers)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception):
        if (fault := store_fault(exc)) is not None:  # full disk, read-only disk, database down
            log.error("%s on %s %s: %s", fault.code, request.method, request.url.path, exc)
            return respond(request, fault.status, fault.code, fault.message, headers=fault.headers)
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return respond(request, 500, "internal_error", "internal error")


def _allowed_methods(request: Request) -> str:
    """Every method some route answers on this path: Starlette names only the first route's (a path
    with GET and POST in two routes, such as /admin/login, would say `Allow: GET`)."""
    methods: set[str] = set()
    for context in iter_route_contexts(request.app.routes):
        regex = getattr(context, "path_regex", None)
        if regex is not None and regex.match(request.url.path):
            methods |= set(getattr(context, "methods", None) or ())
    if "GET" in methods:
        methods.add("HEAD")
    return ", ".join(sorted(methods))


def _wants_html(request: Request) -> bool:
    return "text/html" in request.headers.get("accept", "")
