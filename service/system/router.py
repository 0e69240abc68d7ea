"""Health and taxonomy: what a client needs to know about this instance."""

from __future__ import annotations

import base64
import hashlib
import importlib.resources
import re
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from sqlalchemy import text

from service.deps import SearchDep, SessionDep, TaxonomyDep
from service.outbox.queue import pending_count
from service.security.headers import content_security_policy
from service.system.schemas import Health, TaxonomyAnswer

router = APIRouter(tags=["system"])
SWAGGER_UI_URL = "/static/swagger-ui"


def swagger_ui_dir() -> Path:
    """Swagger UI 5's files, as the fastapi-offline package ships them (FastAPI's own /docs uses a CDN)."""
    return Path(str(importlib.resources.files("fastapi_offline") / "static"))


@router.get("/api/health", summary="Liveness and readiness", response_model=None,
            responses={200: {"model": Health}})
def health(request: Request, session: SessionDep, search: SearchDep) -> dict[str, Any]:
    """Report the store, the search backend and the sync backlog; `ok` is false if a part is down."""
    session.execute(text("SELECT 1"))
    try:
        search_status = search.health()
    except Exception as exc:  # the service stays up when the search backend is down
        search_status = {"backend": getattr(search, "name", "?"), "ok": False, "error": str(exc)[:200]}
    return {"ok": bool(search_status.get("ok")), "store": {"ok": True}, "search": search_status,
            "outbox_pending": pending_count(session)}


@router.get("/api/taxonomy", summary="Every facet with its values and labels",
            response_model=None, responses={200: {"model": TaxonomyAnswer}})
def taxonomy(taxonomy: TaxonomyDep) -> dict[str, Any]:
    """Sectors, impacts, key areas, countries, company sizes and the investment and payback bands."""
    return taxonomy.as_dict()


@router.get("/docs", include_in_schema=False)
def api_docs() -> HTMLResponse:
    """Interactive API docs, with Swagger UI served by this service (no CDN: it works offline too)."""
    response = get_swagger_ui_html(openapi_url="/openapi.json", title="Green transition good practices – API",
                                   swagger_js_url=f"{SWAGGER_UI_URL}/swagger-ui-bundle.js",
                                   swagger_css_url=f"{SWAGGER_UI_URL}/swagger-ui.css",
                                   swagger_favicon_url="/static/favicon.svg")
    # The page starts Swagger UI from one inline script: allow that script by its hash, and nothing else.
    response.headers["Content-Security-Policy"] = _docs_policy(bytes(response.body).decode())
    response.headers["X-Frame-Options"] = "SAMEORIGIN"
    return response


def _docs_policy(html: str) -> str:
    hashes = " ".join(f"'sha256-{base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()}'"
                      for script in re.findall(r"<script>(.*?)</script>", html, flags=re.S))
    return content_security_policy(scripts=f"'self' {hashes}").replace("style-src 'self'",
                                                                      "style-src 'self' 'unsafe-inline'")
