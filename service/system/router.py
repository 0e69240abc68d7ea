"""Health and taxonomy: what a client needs to know about this instance."""

from __future__ import annotations

import importlib.resources
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse

from service.deps import SearchDep, StoreTurn, TaxonomyDep
from service.system.health import report as health_report

router = APIRouter(tags=["system"])
SWAGGER_UI_URL = "/static/swagger-ui"


def swagger_ui_dir() -> Path:
    """Swagger UI 5's files, as the fastapi-offline package ships them (FastAPI's own /docs uses a CDN)."""
    return Path(str(importlib.resources.files("fastapi_offline") / "static"))


@router.get("/api/health", summary="Liveness and readiness", dependencies=[StoreTurn], response_class=JSONResponse,
            responses={200: {"description": "every part is ok"},
                       503: {"description": "a part is down or in trouble (the body says which), or the "
                                            "service is busy"}})
def health(request: Request, search: SearchDep) -> JSONResponse:
    """Report the store, the search index, the sync backlog and the data disk; 503 if a part is not ok."""
    body = health_report(request.app.state, search)
    return JSONResponse(body, status_code=200 if body["ok"] else 503)


@router.get("/api/taxonomy", summary="Every facet with its values and labels")
def taxonomy(taxonomy: TaxonomyDep) -> dict[str, Any]:
    """Sectors, impacts, key areas, countries, company sizes and the investment and payback bands."""
    return taxonomy.as_dict()


@router.get("/docs", include_in_schema=False)
def api_docs() -> HTMLResponse:
    """Interactive API docs, with Swagger UI served by this service (no CDN: it works offline too)."""
    return get_swagger_ui_html(openapi_url="/openapi.json", title="Green transition good practices – API",
                               swagger_js_url=f"{SWAGGER_UI_URL}/swagger-ui-bundle.js",
                               swagger_css_url=f"{SWAGGER_UI_URL}/swagger-ui.css",
                               swagger_favicon_url="/static/favicon.svg")
