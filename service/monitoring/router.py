"""The monitoring calculator's API: totals of selected practices as JSON or CSV (under /api/toolkit)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from service.deps import SessionDep
from service.monitoring.schemas import MonitoringParams, Summary
from service.monitoring.service import parse_ids, summarise, to_csv

router = APIRouter(prefix="/api/toolkit", tags=["toolkit"])
CSV_RESPONSE: dict[int | str, dict[str, Any]] = {200: {"content": {"text/csv": {"schema": {"type": "string"}}},
                      "description": "one row per practice, then a TOTAL row"}}


@router.get("/monitoring", summary="Sum the yearly figures of selected practices", response_model=Summary)
def monitoring(request: Request, session: SessionDep, params: Annotated[MonitoringParams, Query()]) -> dict[str, Any]:
    """Totals of energy (MWh), CO2e (t), waste (t), water (m³) and savings (€) per year."""
    return summarise(session, ids=parse_ids(request.query_params.getlist("id")))


@router.get("/monitoring.csv", summary="The same totals as CSV", response_class=Response, responses=CSV_RESPONSE)
def monitoring_csv(request: Request, session: SessionDep, params: Annotated[MonitoringParams, Query()]) -> Response:
    """One row per practice and a TOTAL row; for a spreadsheet or a monitoring report."""
    summary = summarise(session, ids=parse_ids(request.query_params.getlist("id")))
    return Response(to_csv(summary), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="symbiosis-monitoring.csv"'})
