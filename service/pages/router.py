"""The pages: search, practice, embed, downloads and feed. They take the parameters of GET /api/search."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi import APIRouter, Path, Request
from fastapi.responses import FileResponse, RedirectResponse, Response

from service.deps import SearchDep, SessionDep, TaxonomyDep
from service.errors import AppError
from service.pages import exports, feeds
from service.pages.i18n import page_labels
from service.pages.practice_page import build_practice_page
from service.pages.render import STATIC_DIR, page
from service.pages.service import SORT_LABELS, build_search_page, describe, param_text, url
from service.search.query import SearchQuery, parse_query
from service.search.service import analyzer_of, call_with_backend
from service.security.headers import EMBEDDABLE
from service.taxonomy import Taxonomy
from service.updates import format as item_format
from service.updates import related

router = APIRouter(include_in_schema=False)


def _base_url(request: Request) -> str:
    return str(request.base_url).rstrip("/")


def _query(request: Request, taxonomy: Taxonomy) -> SearchQuery:
    return parse_query(request.query_params.multi_items(), taxonomy)


# The two pages that search are async and render where their search runs (call_with_backend): on the
# event loop for the embedded index, in the thread pool for a network backend.
@router.get("/")
@router.get("/search")
async def search_page(request: Request, search: SearchDep, taxonomy: TaxonomyDep):
    """The search page: every piece of state is in the URL, and it works without JavaScript."""
    query = _query(request, taxonomy)
    # Budgets, payback, countries and sizes typed in words become the page's filters: the page moves to
    # the URL that says them, so that the link a user shares is the search they see.
    read = analyzer_of(search).read_into_url(query)
    if read is not None:
        return RedirectResponse(url("/search", read), status_code=303)

    def render() -> Response:
        view = build_search_page(backend=search, taxonomy=taxonomy, query=query, base_url=_base_url(request))
        # The landing state (nothing searched yet) also shows the latest news, events and calls.
        updates = related.home(request.app.state.item_index) if query == SearchQuery() else None
        return page(request, "search.html", {"view": view, "sorts": SORT_LABELS, "param": param_text,
                                             "taxonomy_label": page_labels(taxonomy), "updates": updates,
                                             "fmt": item_format},
                    headers={"Server-Timing": f"search;dur={view.result.took_ms:.1f}"})

    return await call_with_backend(search, render)


@router.get("/favicon.ico")
def favicon() -> FileResponse:
    """Browsers ask for /favicon.ico on pages that name no icon; answer rather than log a 404."""
    return FileResponse(STATIC_DIR / "favicon.svg", media_type="image/svg+xml")


@router.get("/embed")
async def embed_page(request: Request, search: SearchDep, taxonomy: TaxonomyDep):
    """A bare results list for other sites' iframes: no header or footer, links open in a new tab."""
    def render() -> Response:
        view = build_search_page(backend=search, taxonomy=taxonomy, query=_query(request, taxonomy),
                                 base_url=_base_url(request))
        return page(request, "embed.html", {"view": view, "base_url": _base_url(request),
                                                 "searched": describe(view.query, taxonomy),
                                                 "taxonomy_label": page_labels(taxonomy)},
                    headers=EMBEDDABLE)

    return await call_with_backend(search, render)


@router.get("/practices/{practice_id}")
def practice_page(request: Request, session: SessionDep, search: SearchDep, taxonomy: TaxonomyDep,
                  practice_id: str = Path(max_length=64)):
    """One practice with every field, formatted for people, and the most similar practices.

    The search parameters a hit link carries say where the reader came from, for the way back; a link
    with parameters that no longer parse still shows the practice."""
    try:
        came_from = _query(request, taxonomy) if request.query_params else None
    except AppError:
        came_from = None
    context = build_practice_page(session=session, backend=search, taxonomy=taxonomy, practice_id=practice_id,
                                  came_from=came_from)
    return page(request, "practice.html", {**context, "taxonomy_label": page_labels(taxonomy), "fmt": item_format,
                                           **related.for_practice(session, context["record"])})


def _download(request: Request, session: SessionDep, search: SearchDep, taxonomy: TaxonomyDep, fmt: str):
    # CSV is for spreadsheets: formula-like cells are neutralised unless ?raw=true asks for the exact text.
    for_spreadsheets = fmt == "csv" and request.query_params.get("raw") not in ("true", "1")
    text, written, total = exports.export(session=session, backend=search, query=_query(request, taxonomy),
                                          fmt=fmt, for_spreadsheets=for_spreadsheets)
    stamp = datetime.now(UTC).strftime("%Y%m%d")
    return Response(text, media_type=exports.MEDIA_TYPES[fmt], headers={
        "Content-Disposition": f'attachment; filename="practices-{stamp}.{fmt}"',
        "X-Total-Count": str(total), "X-Export-Count": str(written),
        "X-Export-Truncated": "true" if written < total else "false"})


@router.get("/search.csv")
def download_csv(request: Request, session: SessionDep, search: SearchDep, taxonomy: TaxonomyDep):
    """Every practice the search matches (up to 10 000), as SPEC record CSV for spreadsheets: text cells
    starting with = + - @, tab or CR get a leading ' (OWASP); `raw=true` writes them as stored."""
    return _download(request, session, search, taxonomy, "csv")


@router.get("/search.json")
def download_json(request: Request, session: SessionDep, search: SearchDep, taxonomy: TaxonomyDep):
    """Every practice the search matches (up to 10 000), as a SPEC record JSON array."""
    return _download(request, session, search, taxonomy, "json")


@router.get("/feed.atom")
def atom_feed(request: Request, session: SessionDep, search: SearchDep, taxonomy: TaxonomyDep):
    """The 50 practices matching the search most recently added to the catalogue, as Atom."""
    body = feeds.build_feed(session=session, backend=search, taxonomy=taxonomy, query=_query(request, taxonomy),
                            base_url=_base_url(request))
    return Response(body, media_type="application/atom+xml; charset=utf-8")
