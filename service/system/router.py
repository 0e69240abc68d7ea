"""Health and taxonomy: what a client needs to know about this instance."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from sqlalchemy import text

from service.deps import SearchDep, SessionDep, TaxonomyDep
from service.outbox.service import pending_count

router = APIRouter(prefix="/api", tags=["system"])


@router.get("/health", summary="Liveness and readiness")
def health(request: Request, session: SessionDep, search: SearchDep) -> dict[str, Any]:
    """Report the store, the search backend and the sync backlog; `ok` is false if a part is down."""
    session.execute(text("SELECT 1"))
    try:
        search_status = search.health()
    except Exception as exc:  # the service stays up when the search backend is down
        search_status = {"backend": getattr(search, "name", "?"), "ok": False, "error": str(exc)[:200]}
    return {"ok": bool(search_status.get("ok")), "store": {"ok": True}, "search": search_status,
            "outbox_pending": pending_count(session)}


@router.get("/taxonomy", summary="Every facet with its values and labels")
def taxonomy(taxonomy: TaxonomyDep) -> dict[str, Any]:
    """Sectors, impacts, key areas, countries, company sizes and the investment and payback bands."""
    return taxonomy.as_dict()
