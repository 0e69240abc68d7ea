"""Downloads of a whole search in the SPEC record format: the backend gives the order, the store the records."""

from __future__ import annotations

import io
from dataclasses import replace
from typing import Any

from sqlalchemy.orm import Session

from service.pages.service import EXPORT_CAP
from service.practices import service as practices
from service.practices.record_format import write_records
from service.search.backend import SearchBackend
from service.search.query import MAX_PER_PAGE, SearchQuery
from service.search.service import run_search

MEDIA_TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json"}


def matching_ids(backend: SearchBackend, query: SearchQuery, *, cap: int = EXPORT_CAP) -> tuple[list[str], int]:
    """Ids of every practice the search matches, in its order, up to ``cap``; and the full total."""
    ids: list[str] = []
    total = 0
    page = 1
    while len(ids) < cap:
        result = run_search(backend, replace(query, page=page, per_page=MAX_PER_PAGE))
        total = result.total
        ids.extend(hit["id"] for hit in result.hits)
        if not result.hits or len(ids) >= total:
            break
        page += 1
    return list(dict.fromkeys(ids))[:cap], total


def records_in_order(session: Session, ids: list[str]) -> list[dict[str, Any]]:
    """The published records of ``ids`` from the store, in the order given; ids gone since are skipped."""
    return [practice.record() for practice in practices.published_in_order(session, ids)]


def export(*, session: Session, backend: SearchBackend, query: SearchQuery, fmt: str,
           for_spreadsheets: bool = False) -> tuple[str, int, int]:
    """The export file's text, the number of records written and how many the search matched."""
    ids, total = matching_ids(backend, query)
    records = records_in_order(session, ids)
    out = io.StringIO()
    write_records(records, fmt, out, for_spreadsheets=for_spreadsheets)
    return out.getvalue(), len(records), total
