"""Health and taxonomy: what a client needs to know about this instance."""

from __future__ import annotations

import base64
import hashlib
import importlib.resources
import os
import re
import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse
from sqlalchemy import text

from service.db import session_scope
from service.deps import SearchDep, StoreTurn, TaxonomyDep
from service.outbox import queue as outbox
from service.security.headers import content_security_policy
from service.system.schemas import Health, TaxonomyAnswer

router = APIRouter(tags=["system"])
# /api/health: `ok` is false, and the answer 503 so that a load balancer takes the instance out, when the
# store cannot be reached, the search backend is down or its index is missing, damaged or empty while the
# store has practices (service.search.healing mends it), a change has waited in the outbox longer than
# `outbox_alarm_s`, or the data directory is read-only or nearly full.

SWAGGER_UI_URL = "/static/swagger-ui"


def swagger_ui_dir() -> Path:
    """Swagger UI 5's files, as the fastapi-offline package ships them (FastAPI's own /docs uses a CDN)."""
    return Path(str(importlib.resources.files("fastapi_offline") / "static"))


@router.get("/api/health", summary="Liveness and readiness", dependencies=[StoreTurn], response_class=JSONResponse,
            responses={200: {"model": Health, "description": "every part is ok"},
                       503: {"model": Health, "description": "a part is down or in trouble (the body says "
                                                             "which); or, in the error shape, the service is busy"}})
def health(request: Request, search: SearchDep) -> JSONResponse:
    """Report the store, the search index, the sync backlog and the data disk; 503 if a part is not ok."""
    body = health_report(request.app.state, search)
    return JSONResponse(body, status_code=200 if body["ok"] else 503)


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


# Below this much free space in the data directory, writes are about to fail.
MIN_FREE_BYTES = 16 * 1024 * 1024


def _store(state: Any) -> dict[str, Any]:
    try:
        with session_scope(state.sessions) as session:
            session.execute(text("SELECT 1"))
            pending, oldest = outbox.backlog(session)
    except Exception as exc:  # noqa: BLE001 - unreachable, read-only, full: reported, never a 500
        return {"ok": False, "error": str(exc).splitlines()[0][:200]}
    waited = 0.0
    if oldest is not None:
        oldest = oldest if oldest.tzinfo else oldest.replace(tzinfo=UTC)  # SQLite gives naive UTC
        waited = (datetime.now(UTC) - oldest).total_seconds()
    return {"ok": True, "outbox_pending": pending, "outbox_oldest_s": round(waited, 1),
            "outbox_ok": waited <= state.settings.outbox_alarm_s}


def _search(state: Any, search: Any) -> dict[str, Any]:
    try:
        report = search.health()
    except Exception as exc:  # noqa: BLE001 - the service stays up when the search backend is down
        report = {"backend": getattr(search, "name", "?"), "ok": False, "error": str(exc)[:200]}
    condition = state.index_condition
    if condition.problem or condition.rebuilding:
        report = {**report, "ok": False, "problem": condition.problem, "rebuilding": condition.rebuilding}
    return {**report, **{k: v for k, v in condition.last_rebuild.items()}}


def _disk(path: os.PathLike[str] | str) -> dict[str, Any]:
    try:
        free = shutil.disk_usage(path).free
    except OSError as exc:
        return {"ok": False, "error": str(exc)[:200]}
    writable = os.access(path, os.W_OK)
    return {"ok": writable and free >= MIN_FREE_BYTES, "writable": writable, "free_mb": free // (1024 * 1024)}


def health_report(state: Any, search: Any) -> dict[str, Any]:
    store = _store(state)
    search_report = _search(state, search)
    disk = _disk(state.settings.data_dir)
    ok = bool(store["ok"] and store.get("outbox_ok") and search_report.get("ok") and disk["ok"])
    return {"ok": ok, "store": store, "search": search_report, "disk": disk,
            "outbox_pending": store.get("outbox_pending")}
