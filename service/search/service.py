"""Running a search: the backend call, with backend failures turned into one clear error."""

from __future__ import annotations

import logging

from service.errors import AppError, SearchUnavailable
from service.search.backend import SearchBackend
from service.search.query import SearchQuery, SearchResult

log = logging.getLogger(__name__)


def run_search(backend: SearchBackend, query: SearchQuery) -> SearchResult:
    try:
        return backend.search(query)
    except AppError:
        raise
    except Exception as exc:  # a backend that is down or broken must not become a 500
        log.warning("search backend %s failed: %s", getattr(backend, "name", "?"), exc)
        raise SearchUnavailable("search is temporarily unavailable; please try again shortly") from exc
