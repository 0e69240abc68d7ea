"""The monitoring calculator's API: totals of selected practices as JSON or CSV (under /api/toolkit)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from service.deps import SessionDep
from service.monitoring.service import parse_ids, summarise, to_csv

router = APIRouter(prefix="/api/toolkit", tags=["toolkit"])


@router.get("/monitoring", summary="Sum the yearly figures of selected practices")
def monitoring(request: Request, session: SessionDep) -> dict[str, Any]:
    """Totals of energy (MWh), CO2e (t), waste (t), water (m³) and savings (€) per year; `id` repeatable."""
    return summarise(session, ids=parse_ids(request.query_params.getlist("id")))


@router.get("/monitoring.csv", summary="The same totals as CSV", response_class=Response)
def monitoring_csv(request: Request, session: SessionDep) -> Response:
    """One row per practice and a TOTAL row; for a spreadsheet or a monitoring report."""
    summary = summarise(session, ids=parse_ids(request.query_params.getlist("id")))
    return Response(to_csv(summary), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="symbiosis-monitoring.csv"'})
