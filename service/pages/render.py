"""The one page renderer: Jinja2 templates from frontend/templates, for every HTML route.

Security headers are not set here: service.security.headers adds them to every HTML response."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from service.pages import format as fmt
from service.pages import i18n
from service.pages.i18n import N_, gettext
from service.security.headers import ALWAYS, DEFAULT_POLICY
from service.settings import REPO_ROOT
from service.taxonomy import load_taxonomy

TEMPLATES_DIR = REPO_ROOT / "frontend" / "templates"
STATIC_DIR = REPO_ROOT / "frontend" / "static"

# Autoescaping is on for .html: every value from a record renders as inert text.
templates = Jinja2Templates(directory=str(TEMPLATES_DIR))
templates.env.filters.update(eur=fmt.eur, years=fmt.years, number=fmt.number, payback=fmt.payback,
                             country=lambda code: load_taxonomy().label("country", code or ""))
# `_`, `gettext`, `ngettext` and `{% trans %}` in every template, in the request's language.
i18n.install(templates.env)
# Templates are read once, like the code: checking every file's modification time on every page cost an
# eighth of a search page's time. Restart the service to see an edited template.
templates.env.auto_reload = False


def page(request: Request, template: str, context: dict[str, Any], *, status: int = 200,
         headers: dict[str, str] | None = None) -> HTMLResponse:
    return templates.TemplateResponse(request, template, context, status_code=status, headers=headers)


ERROR_TITLES = {400: N_("This search cannot be run"), 404: N_("Page not found"), 405: N_("Method not allowed"),
                503: N_("Search is unavailable")}


def error_page(request: Request, status: int, message: str, details: list[Any]) -> HTMLResponse:
    """The HTML face of the one error shape, for pages (install_error_handlers' html_renderer)."""
    fallback = N_("Something went wrong") if status >= 500 else N_("This request cannot be served")
    title = ERROR_TITLES.get(status, fallback)
    # An unexpected error's message is not for the public; a caller's mistake is explained in full.
    shown = (message if status < 500 or status == 503
             else gettext("An unexpected error occurred. Please try again later."))
    problems = [d for d in details if isinstance(d, dict) and d.get("message")] if status < 500 else []
    # An unexpected error's page is sent by Starlette's outermost layer, outside the security-headers
    # middleware, so error pages carry the headers themselves.
    return page(request, "error.html", {"status": status, "title": title, "message": shown, "problems": problems},
                status=status, headers={**DEFAULT_POLICY, **ALWAYS})
