"""Search latency in-process: the backend's own `search`, with no HTTP, JSON or framework around it."""

from __future__ import annotations

from pathlib import Path

from bench.queries import QueryType
from bench.timing import Latency, time_calls
from service.search.factory import make_embedded_backend
from service.search.query import SearchQuery, SearchResult, parse_query
from service.settings import Settings
from service.taxonomy import load_taxonomy


def time_searches(data_dir: Path, mix: tuple[QueryType, ...], *, repeat: int) -> dict[str, dict]:
    """Per query type: latency and the number of matches (so a query that matched nothing shows)."""
    settings = Settings(data_dir=data_dir)
    backend = make_embedded_backend(settings)
    taxonomy = load_taxonomy(settings.seed_dir)
    try:
        # Loads the facet snapshot, as the service's first search would, and the frequent terms it reads ahead.
        backend.wait_for_read_ahead(timeout=120)
        out = {}
        for query_type in mix:
            query = parse_query(query_type.params, taxonomy)
            # Cold: without the cached full-text passes a repeated query would otherwise reuse.
            def cold_search(q: SearchQuery = query) -> SearchResult:
                backend.forget_cached_passes()
                return backend.search(q)

            samples = time_calls(cold_search, repeat=repeat)
            out[query_type.name] = {"latency": Latency.of(samples), "total": backend.search(query).total}
        return out
    finally:
        backend.close()
