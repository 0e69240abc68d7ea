"""/news, /events, /calls: the JSON API, the pages, the Atom feeds and the iCalendar files.

The three kinds share every route shape; _routes(kind) registers one kind's set. Lists take the same
parameters on the page, the API, the feed and the calendar: change /events to /api/events, /events.atom
or /events.ics in any list URL.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import urlencode

from fastapi import APIRouter, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from sqlalchemy import select

from service.deps import SessionDep, TaxonomyDep
from service.errors import AppError, SearchUnavailable
from service.pages.i18n import page_labels
from service.pages.render import page
from service.updates import format as fmt
from service.updates import ical, store
from service.updates.feeds import build_feed
from service.updates.index import ItemIndex, ItemResult
from service.updates.kinds import INFO, N_, Kind
from service.updates.models import Item
from service.updates.query import FACETS, ItemQuery, parse_item_query
from service.updates.schemas_api import ItemList, ItemRead

router = APIRouter()
T = TypeVar("T")
FEED_SIZE = 50
CALENDAR_SIZE = 500
ITEM_ID = Path(min_length=1, max_length=64)
TEXT: dict[str, Any] = {"schema": {"type": "string"}}
ATOM_ANSWER: dict[int | str, dict[str, Any]] = {200: {"content": {"application/atom+xml": TEXT}}}
ICS_ANSWER: dict[int | str, dict[str, Any]] = {200: {"content": {"text/calendar": TEXT}}}
SECTOR_PARAM = Query([], description="sector slug or label; repeatable or comma-separated, OR-ed")
IMPACT_PARAM = Query([], description="impact slug or label; repeatable or comma-separated, OR-ed")
COUNTRY_PARAM = Query([], description="ISO 3166-1 alpha-2 code or English name; repeatable, OR-ed")
LANGUAGE_PARAM = Query([], description="ISO 639-1 code; repeatable, OR-ed")
FACET_LABELS = {"sector": N_("Sector"), "impact": N_("Impact"), "country": N_("Country"), "language": N_("Language")}
SHOW_LABELS = {"upcoming": N_("Upcoming"), "past": N_("Past"), "open": N_("Open and forthcoming"),
               "closed": N_("Closed"), "all": N_("All")}


def _index(request: Request) -> ItemIndex:
    return request.app.state.item_index


def _base(request: Request) -> str:
    return str(request.base_url).rstrip("/")


def _query(kind: Kind, request: Request, taxonomy: Any, **changes: Any) -> ItemQuery:
    query = parse_item_query(kind, request.query_params.multi_items(), taxonomy)
    return ItemQuery(**{**query.__dict__, **changes}) if changes else query


async def _where_it_costs_least(index: ItemIndex, work: Callable[[], T]) -> T:
    """As service.search.service.call_with_backend for practices: the embedded index answers on the event
    loop (cheaper than a thread hand-over), a network backend in the thread pool."""
    return work() if getattr(index, "in_process", False) else await run_in_threadpool(work)


def _search(index: ItemIndex, query: ItemQuery) -> ItemResult:
    try:
        return index.search(query)
    except AppError:
        raise
    except Exception as exc:  # a broken or unreachable index must not become a 500
        raise SearchUnavailable("search is temporarily unavailable; please try again shortly") from exc


def _stored(session: Any, result: ItemResult) -> list[Item]:
    """The hits as stored items, in the hits' order (feeds and calendars need every field)."""
    ids = [hit["id"] for hit in result.hits]
    found = {i.id: i for i in session.scalars(select(Item).where(Item.id.in_(ids)))} if ids else {}
    return [found[i] for i in ids if i in found and found[i].status == "published"]


def _url(path: str, params: list[tuple[str, str]]) -> str:
    return path + ("?" + urlencode(params) if params else "")


def list_view(kind: Kind, query: ItemQuery, result: ItemResult) -> dict[str, Any]:
    """What the list page shows: facets with checkbox ids, the time toggle, pages and subscribe links."""
    info = INFO[kind]
    base = f"/{info.path}"
    facets = [{"name": name, "legend": FACET_LABELS[name],
               "values": [{**v.as_dict(), "id": f"f-{name}-{v.value}"} for v in result.facets.get(name, [])]}
              for name in FACETS]
    chips = [{"facet": FACET_LABELS[name], "name": name, "value": value,
              "url": _url(base, [(k, v) for k, v in query.to_params(page=1) if (k, v) != (name, value)])}
             for name, values in query.filters.items() for value in values]
    pages = -(-result.total // query.per_page)
    shows = [{"value": s, "label": SHOW_LABELS[s], "current": s == query.show,
              "url": _url(base, query.to_params(show=s, page=1))} for s in info.shows] if len(info.shows) > 1 else []
    filters_only = [(k, v) for k, v in query.to_params() if k not in ("page", "per_page")]
    return {
        "info": info, "query": query, "result": result, "facets": facets, "chips": chips, "shows": shows,
        "prev_url": _url(base, query.to_params(page=query.page - 1)) if query.page > 1 else None,
        "next_url": _url(base, query.to_params(page=query.page + 1)) if query.page < pages else None,
        "pages": pages,
        "urls": {"atom": _url(f"{base}.atom", filters_only), "api": _url(f"/api/{info.path}", query.to_params()),
                 "ics": _url(f"{base}.ics", filters_only) if kind != "news" else None,
                 "clear": _url(base, [("show", query.show)] if query.show != info.shows[0] else [])},
    }


def _routes(kind: Kind) -> None:
    info = INFO[kind]
    path, plural = info.path, info.title.lower()

    async def api_list(request: Request, taxonomy: TaxonomyDep,
                       q: str | None = Query(None, max_length=1000, description="free text"),
                       sector: list[str] = SECTOR_PARAM,
                       impact: list[str] = IMPACT_PARAM,
                       country: list[str] = COUNTRY_PARAM,
                       language: list[str] = LANGUAGE_PARAM,
                       show: str | None = Query(None, description=f"one of {', '.join(info.shows)} "
                                                f"(default {info.shows[0]})"),
                       sort: str | None = Query(None, description="date (default: the list's time order) or "
                                                "relevance (within each time group)"),
                       page: int = Query(1, ge=1, le=10_000), per_page: int = Query(20, ge=1, le=100)) -> Any:
        index = _index(request)
        query = _query(kind, request, taxonomy)
        return (await _where_it_costs_least(index, lambda: _search(index, query))).as_dict()

    api_list.__doc__ = f"Search and browse {plural}: {_order_note(kind)}; facets count disjunctively."
    router.add_api_route(f"/api/{path}", api_list, methods=["GET"], response_model=ItemList,
                         summary=f"Search {plural}", tags=["news, events and calls"], name=f"api_{path}")

    def api_one(session: SessionDep, item_id: str = ITEM_ID) -> dict[str, Any]:
        return store.get_published(session, kind=kind, item_id=item_id).record()

    api_one.__doc__ = f"One published {info.singular}, every field."
    router.add_api_route(f"/api/{path}/{{item_id}}", api_one, methods=["GET"], response_model=ItemRead,
                         summary=f"One {info.singular}", tags=["news, events and calls"], name=f"api_{kind}")

    async def list_page(request: Request, taxonomy: TaxonomyDep) -> Response:
        index = _index(request)
        query = _query(kind, request, taxonomy)

        def render() -> Response:
            view = list_view(kind, query, _search(index, query))
            return page(request, "items.html", {"view": view, "fmt": fmt, "label": page_labels(taxonomy)})

        return await _where_it_costs_least(index, render)

    router.add_api_route(f"/{path}", list_page, methods=["GET"], include_in_schema=False, name=f"{path}_page")

    def item_page(request: Request, session: SessionDep, taxonomy: TaxonomyDep, item_id: str = ITEM_ID) -> Response:
        item = store.get_published(session, kind=kind, item_id=item_id)
        return page(request, "item.html", {"item": item, "r": item.record(), "info": info, "fmt": fmt,
                                           "label": page_labels(taxonomy)})


    def feed(request: Request, session: SessionDep, taxonomy: TaxonomyDep) -> Response:
        query = _query(kind, request, taxonomy, page=1, per_page=FEED_SIZE)
        items = _stored(session, _search(_index(request), query))
        params = [(k, v) for k, v in query.to_params() if k not in ("page", "per_page")]
        base = _base(request)
        body = build_feed(items, title=info.title + (f": {query.q}" if query.q else ""),
                          self_url=base + _url(f"/{path}.atom", params), page_url=base + _url(f"/{path}", params),
                          base_url=base, path=path)
        return Response(body, media_type="application/atom+xml; charset=utf-8")

    router.add_api_route(f"/{path}.atom", feed, methods=["GET"], summary=f"Atom feed of {plural}",
                         tags=["news, events and calls"], name=f"{path}_feed",
                         response_class=Response, responses=ATOM_ANSWER,
                         description=f"The first {FEED_SIZE} {plural} of the list with the same parameters.")
    if kind != "news":
        _calendar_routes(kind)
    # After /{path}/{id}.ics, which it would otherwise swallow.
    router.add_api_route(f"/{path}/{{item_id}}", item_page, methods=["GET"], include_in_schema=False,
                         name=f"{kind}_page")


def _calendar_routes(kind: Kind) -> None:
    info = INFO[kind]
    path, plural = info.path, info.title.lower()

    def calendar_list(request: Request, session: SessionDep, taxonomy: TaxonomyDep) -> Response:
        query = _query(kind, request, taxonomy, page=1, per_page=100)
        index, items = _index(request), list[Item]()
        while len(items) < CALENDAR_SIZE:
            batch = _stored(session, _search(index, query))
            items.extend(batch)
            if len(batch) < query.per_page:
                break
            query = ItemQuery(**{**query.__dict__, "page": query.page + 1})
        name = info.title + (f": {query.q}" if query.q else "")
        return _ics(ical.calendar(items, name=name, base_url=_base(request)), path)

    router.add_api_route(f"/{path}.ics", calendar_list, methods=["GET"], summary=f"iCalendar of {plural}",
                         tags=["news, events and calls"], name=f"{path}_calendar", response_class=Response,
                         responses=ICS_ANSWER,
                         description=_calendar_note(kind))

    def calendar_one(request: Request, session: SessionDep, item_id: str = ITEM_ID) -> Response:
        item = store.get_published(session, kind=kind, item_id=item_id.removesuffix(".ics"))
        return _ics(ical.calendar([item], name=item.title, base_url=_base(request)), item.id)

    router.add_api_route(f"/{path}/{{item_id}}.ics", calendar_one, methods=["GET"],
                         summary=f"iCalendar of one {info.singular}", tags=["news, events and calls"],
                         name=f"{kind}_calendar", response_class=Response,
                         responses=ICS_ANSWER, description=_calendar_note(kind))


def _ics(body: bytes, name: str) -> Response:
    return Response(body, media_type="text/calendar; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{name}.ics"'})


def _order_note(kind: Kind) -> str:
    return {"news": "newest first",
            "event": "upcoming first, soonest first (show=past: past ones, latest first; show=all: both)",
            "call": "open now first, closing soonest first, then forthcoming ones (show=closed, show=all)"}[kind]


def _calendar_note(kind: Kind) -> str:
    if kind == "event":
        return "RFC 5545: one VEVENT per event, times in UTC."
    return "RFC 5545: one VEVENT at each call's closing time, with reminders a week and a day before (VALARM)."


for _kind in ("news", "event", "call"):
    _routes(_kind)  # type: ignore[arg-type]
