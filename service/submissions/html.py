"""Page routes answer errors with an HTML page (same status, same message) instead of the JSON shape."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request, Response
from fastapi.routing import APIRoute

from service.errors import AppError
from service.pages.render import page


def render_error(request: Request, exc: AppError, template: str = "submission_error.html",
                 headers: dict[str, str] | None = None) -> Response:
    return page(request, template, {"status": exc.status, "message": exc.message}, status=exc.status,
                headers={**(headers or {}), **(exc.headers or {})})


class HtmlErrorRoute(APIRoute):
    """Used as route_class by page routers: an AppError from a dependency or handler becomes a page."""

    def render(self, request: Request, exc: AppError) -> Response:
        return render_error(request, exc)

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def page_handler(request: Request) -> Response:
            try:
                return await handler(request)
            except AppError as exc:
                return self.render(request, exc)

        return page_handler
