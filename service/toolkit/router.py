"""The industrial symbiosis toolkit: GET /api/toolkit, /api/toolkit/{step} and the /toolkit pages."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from service.deps import SearchDep, SessionDep, TaxonomyDep
from service.errors import AppError
from service.monitoring import service as monitoring
from service.monitoring.router import router as monitoring_router
from service.pages.render import page
from service.search.backend import SearchBackend
from service.taxonomy import Taxonomy
from service.toolkit import service
from service.toolkit.answers import Overview, StepDetail
from service.toolkit.schemas import Toolkit


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    # Content is data, read and validated once at start-up (links checked against the taxonomy).
    app.state.toolkit = service.load_toolkit(app.state.settings.seed_dir, app.state.taxonomy)
    yield


router = APIRouter(lifespan=lifespan)
# Before /api/toolkit/{step}, so that "monitoring" is not read as a step.
router.include_router(monitoring_router)


async def get_toolkit(request: Request) -> Toolkit:
    return request.app.state.toolkit


ToolkitDep = Annotated[Toolkit, Depends(get_toolkit)]


@router.get("/api/toolkit", tags=["toolkit"], summary="The toolkit: introduction and the five steps",
            response_model=None, responses={200: {"model": Overview}})
def toolkit_overview(toolkit: ToolkitDep) -> dict[str, Any]:
    """What industrial symbiosis is, and each step with its summary and links."""
    return service.overview(toolkit)


@router.get("/api/toolkit/{step}", tags=["toolkit"], summary="One step of the toolkit",
            response_model=None, responses={200: {"model": StepDetail}})
def toolkit_step(step: str, toolkit: ToolkitDep, search: SearchDep, taxonomy: TaxonomyDep) -> dict[str, Any]:
    """Aim, sub-steps, roles, tools, checklist, pitfalls, indicators and links to practices (with counts)."""
    found = service.get_step_or_raise(toolkit, slug=step)
    return service.step_detail(toolkit, found, search, taxonomy)


@router.get("/toolkit", response_class=HTMLResponse, include_in_schema=False)
def toolkit_page(request: Request, toolkit: ToolkitDep) -> HTMLResponse:
    return page(request, "toolkit.html", {"toolkit": toolkit, "error": None,
                                          "checklist": service.checklist_items(toolkit)})


@router.get("/toolkit/{step}", response_class=HTMLResponse, include_in_schema=False)
def toolkit_step_page(step: str, request: Request, toolkit: ToolkitDep, search: SearchDep,
                      taxonomy: TaxonomyDep, session: SessionDep) -> HTMLResponse:
    found = toolkit.step(step)
    if found is None:
        missing = {"toolkit": toolkit, "error": f"There is no toolkit step called “{step[:60]}”.",
                   "checklist": service.checklist_items(toolkit)}
        return page(request, "toolkit.html", missing, status=404)
    context: dict[str, Any] = {"toolkit": toolkit, "step": found,
                               "detail": service.step_detail(toolkit, found, search, taxonomy),
                               "checklist": service.checklist_items(toolkit, found),
                               "calculator": None, "calculator_error": None}
    if found.slug == "consolidation":
        context.update(_calculator(request, session, search, taxonomy))
    return page(request, "toolkit_step.html", context)


def _calculator(request: Request, session: Session, search: SearchBackend, taxonomy: Taxonomy) -> dict[str, Any]:
    """The consolidation step's calculator; a malformed selection is reported on the page, not a 400."""
    params = request.query_params
    try:
        ids = monitoring.parse_ids(params.getlist("id"), required=False)
        return {"calculator": monitoring.calculator(session, search, taxonomy,
                                                    find=params.get("find", "")[:200], ids=ids)}
    except AppError as exc:
        return {"calculator_error": exc.message,
                "calculator": monitoring.calculator(session, search, taxonomy, find="", ids=[])}
