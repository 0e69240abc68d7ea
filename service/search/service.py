"""Running a search: the backend call, with backend failures turned into one clear error."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

import anyio.to_thread

from service.errors import AppError, SearchUnavailable
from service.search.analysis import Analyzer, load_analyzer
from service.search.backend import SearchBackend
from service.search.query import SearchQuery, SearchResult
from service.settings import SEED_DIR

log = logging.getLogger(__name__)
T = TypeVar("T")
# Long enough for the index to be checked and a small one rebuilt (service.search.healing).
SEARCH_RETRY_AFTER_S = 5


def analyzer_of(backend: SearchBackend) -> Analyzer:
    """The query analysis the backend searches with (every backend has one; a wrapper's is its primary's)."""
    found = getattr(backend, "analyzer", None) or getattr(getattr(backend, "primary", None), "analyzer", None)
    return found if found is not None else load_analyzer(SEED_DIR)


def run_search(backend: SearchBackend, query: SearchQuery) -> SearchResult:
    try:
        return backend.search(query)
    except AppError:
        raise
    except Exception as exc:  # a backend that is down or broken must not become a 500
        log.warning("search backend %s failed: %s", getattr(backend, "name", "?"), exc)
        raise SearchUnavailable("search is temporarily unavailable; please try again shortly",
                                headers={"Retry-After": str(SEARCH_RETRY_AFTER_S)}) from exc


async def call_with_backend(backend: SearchBackend, work: Callable[[], T]) -> T:
    """Run ``work`` (which searches ``backend``) where it costs least for an async route.

    The embedded index answers in a millisecond or two of CPU: less than the hand-over to a worker thread
    costs, and the GIL would serialise it anyway, so it runs on the event loop. A backend that waits on
    the network (Meilisearch) must not block the event loop, so its work goes to the thread pool.
    """
    if getattr(backend, "in_process", False):
        return work()
    # anyio's worker threads are the ones Starlette's run_in_threadpool uses, without importing the framework.
    return await anyio.to_thread.run_sync(work)
