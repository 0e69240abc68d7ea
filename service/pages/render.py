"""Jinja2 templates from frontend/templates, shared by every HTML route, and the headers pages carry."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from service.pages import format as fmt
from service.settings import REPO_ROOT

TEMPLATES_DIR = REPO_ROOT / "frontend" / "templates"
STATIC_DIR = REPO_ROOT / "frontend" / "static"

# Autoescaping is on for .html: every value from a record renders as inert text.
templates = Jinja2Templates(directory=str(TEMPLATES_DIR))
templates.env.filters.update(eur=fmt.eur, years=fmt.years, number=fmt.number, payback=fmt.payback)
# Templates are read once, like the code: checking every file's modification time on every page cost an
# eighth of a search page's time. Restart the service to see an edited template.
templates.env.auto_reload = False

# Scripts and styles come from /static only, so injected markup could not run even if it got through.
_CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; "
        "base-uri 'self'; form-action 'self'; frame-ancestors {ancestors}")
_COMMON = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "strict-origin-when-cross-origin"}


def page_headers(*, embeddable: bool = False) -> dict[str, str]:
    """Pages may only be framed by this site; /embed is made to be framed by anyone."""
    if embeddable:
        return {**_COMMON, "Content-Security-Policy": _CSP.format(ancestors="*")}
    return {**_COMMON, "Content-Security-Policy": _CSP.format(ancestors="'self'"),
            "X-Frame-Options": "SAMEORIGIN"}


def page(request: Request, template: str, context: dict[str, Any], *, status: int = 200,
         embeddable: bool = False, headers: dict[str, str] | None = None) -> HTMLResponse:
    response = templates.TemplateResponse(request, template, context, status_code=status)
    response.headers.update({**page_headers(embeddable=embeddable), **(headers or {})})
    return response


ERROR_TITLES = {400: "This search cannot be run", 404: "Page not found", 405: "Method not allowed",
                503: "Search is unavailable"}


def error_page(request: Request, status: int, message: str, details: list[Any]) -> HTMLResponse:
    """The HTML face of the one error shape, for pages (install_error_handlers' html_renderer)."""
    title = ERROR_TITLES.get(status, "Something went wrong" if status >= 500 else "This request cannot be served")
    # An unexpected error's message is not for the public; a caller's mistake is explained in full.
    shown = message if status < 500 or status == 503 else "An unexpected error occurred. Please try again later."
    problems = [d for d in details if isinstance(d, dict) and d.get("message")] if status < 500 else []
    return page(request, "error.html", {"status": status, "title": title, "message": shown, "problems": problems},
                status=status)
