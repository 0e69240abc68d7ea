"""By-product matching: GET /api/symbiosis/matches and the /symbiosis finder page."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, Query, Request
from fastapi.responses import HTMLResponse

from service.deps import SessionDep, TaxonomyDep
from service.errors import BadRequest
from service.pages.render import page
from service.symbiosis.index import MatchIndexCache
from service.symbiosis.resources import load_vocabulary
from service.symbiosis.schemas import Matches, MatchParams
from service.symbiosis.service import find_matches, parse_request


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    # Read and check the synonym list at start-up: a broken list stops the service, not a request.
    vocabulary = load_vocabulary(app.state.settings.seed_dir / "resource_synonyms.json")
    app.state.symbiosis = MatchIndexCache(vocabulary)
    yield


router = APIRouter(lifespan=lifespan)


async def get_cache(request: Request) -> MatchIndexCache:
    return request.app.state.symbiosis


CacheDep = Annotated[MatchIndexCache, Depends(get_cache)]


@router.get("/api/symbiosis/matches", tags=["symbiosis"], summary="Find who takes in or gives off a stream",
            response_model=Matches)
def matches(request: Request, session: SessionDep, cache: CacheDep,
            params: Annotated[MatchParams, Query()]) -> dict[str, Any]:
    """`output=…`: practices that take that stream in; `input=…`: practices that give it off.

    Resource names match ignoring case and accents, through the resource synonym list, word by word
    ("waste heat at 60 °C" finds "waste heat") and with typo tolerance. Results come exact matches
    first, then synonyms, shared words and typo corrections. An unknown stream gives an empty list
    and a `hint`.
    """
    return find_matches(cache.get(session), request=parse_request(request.query_params.multi_items()))


@router.get("/symbiosis", response_class=HTMLResponse, include_in_schema=False)
def symbiosis_page(request: Request, session: SessionDep, cache: CacheDep,
                   taxonomy: TaxonomyDep) -> HTMLResponse:
    """The finder: the same parameters as the API, or the form's `direction` + `resource`."""
    params = _page_params(request.query_params.multi_items())
    index = cache.get(session)
    context: dict[str, Any] = {"direction": "output", "resource": "", "result": None, "error": None,
                               "taxonomy": taxonomy, "common_inputs": index.common("inputs"),
                               "common_outputs": index.common("outputs")}
    status = 200
    if params:
        direction = next((k for k, _ in params if k in ("output", "input")), "output")
        context.update(direction=direction, resource=next((v for k, v in params if k == direction), ""))
        try:
            context["result"] = find_matches(index, request=parse_request(params))
        except BadRequest as exc:
            context["error"], status = exc.message, 400
    return page(request, "symbiosis.html", context, status=status)


def _page_params(items: list[tuple[str, str]]) -> list[tuple[str, str]]:
    form = dict(items)
    if "resource" in form and "output" not in form and "input" not in form:
        direction = "input" if form.get("direction") == "input" else "output"
        if not form["resource"].strip():
            return []  # an empty form shows the form again, not an error
        return [(direction, form["resource"])]
    return [(k, v) for k, v in items if k in ("output", "input", "limit")]
