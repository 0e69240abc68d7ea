"""The items' Meilisearch index: one index for the three kinds (`kind` is a filter), the same ItemQuery in
and ItemResult out as the embedded index.

A list page is one multi-search request: per segment, the exact count and (when the page reaches it) the
segment's slice; per facet, a `limit: 0` query without that facet's own filter for the disjunctive counts.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from typing import Any

import meilisearch
from meilisearch.errors import MeilisearchCommunicationError, MeilisearchTimeoutError

from service.errors import SearchUnavailable
from service.taxonomy import Taxonomy
from service.updates.documents import TEXT_FIELDS, TIME_FIELDS
from service.updates.index import ItemResult, facet_counts, to_hit
from service.updates.query import FACETS, ItemQuery, Segment, page_over_segments

BATCH = 1000
MAX_TOTAL_HITS = 100_000
SETTINGS = {
    "searchableAttributes": list(TEXT_FIELDS),
    "filterableAttributes": ["kind", *FACETS.values(), *TIME_FIELDS.values()],
    "sortableAttributes": list(TIME_FIELDS.values()),
    "pagination": {"maxTotalHits": MAX_TOTAL_HITS},
    "faceting": {"maxValuesPerFacet": 300},
}


def quoted(value: str) -> str:
    """A filter value as a Meilisearch string literal (JSON's escaping is Meilisearch's)."""
    return json.dumps(value)


def filter_for(query: ItemQuery, segment: Segment | None, *, skip: str | None = None) -> list[Any]:
    """AND-ed clauses (a nested list is OR-ed): the kind, the facets but `skip`, the segment's times."""
    clauses: list[Any] = [f"kind = {quoted(query.kind)}"]
    for name, values in query.filters.items():
        if name != skip:
            clauses.append([f"{FACETS[name]} = {quoted(v)}" for v in values])
    segments = query.segments() if segment is None else [segment]
    times = [" AND ".join(f"{f} {op} {value}" for f, op, value in s.conditions) for s in segments]
    if all(times):
        clauses.append([f"({t})" for t in times])
    return clauses


class MeiliItemIndex:
    name = "meilisearch"
    in_process = False

    def __init__(self, *, url: str, key: str, index_uid: str, taxonomy: Taxonomy, timeout_s: float = 2.0,
                 task_timeout_s: float = 60.0) -> None:
        self.index_uid = index_uid
        self.taxonomy = taxonomy
        self.task_timeout_s = task_timeout_s
        self.client = meilisearch.Client(url.rstrip("/"), key or None, timeout=timeout_s)  # type: ignore[arg-type]
        self._ready = False

    def _call(self, fn: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except (MeilisearchCommunicationError, MeilisearchTimeoutError) as exc:
            raise SearchUnavailable("search is temporarily unavailable; please try again shortly",
                                    details=[{"backend": self.name, "reason": "unreachable"}]) from exc

    def _wait(self, task: Any) -> None:
        done = self.client.wait_for_task(task.task_uid, timeout_in_ms=int(self.task_timeout_s * 1000),
                                         interval_in_ms=50)
        if done.status != "succeeded":
            raise RuntimeError(f"meilisearch task {task.task_uid} {done.status}: {done.error}")

    def _ensure(self, uid: str) -> None:
        if not self._exists(uid):
            self._wait(self._call(self.client.create_index, uid, {"primaryKey": "id"}))
        self._wait(self._call(self.client.index(uid).update_settings, SETTINGS))

    def _exists(self, uid: str) -> bool:
        try:
            self._call(self.client.get_index, uid)
            return True
        except meilisearch.errors.MeilisearchApiError as exc:
            if exc.code == "index_not_found":
                return False
            raise

    def _index(self) -> Any:
        if not self._ready:
            self._ensure(self.index_uid)
            self._ready = True
        return self.client.index(self.index_uid)

    def upsert(self, documents: list[dict[str, Any]]) -> None:
        index = self._index()
        for start in range(0, len(documents), BATCH):
            self._wait(self._call(index.add_documents, documents[start:start + BATCH]))

    def delete(self, ids: list[str]) -> None:
        if ids:
            self._wait(self._call(self._index().delete_documents, ids))

    def rebuild(self, documents: Iterable[dict[str, Any]]) -> int:
        """Filled beside the live index, then swapped in (Meilisearch swaps atomically)."""
        docs = list(documents)
        if not docs and not self._exists(self.index_uid):
            return 0  # nothing to index: no index is created for it (a practices-only deployment stays so)
        fresh = f"{self.index_uid}-new"
        if self._exists(fresh):
            self._wait(self._call(self.client.delete_index, fresh))
        self._ensure(fresh)
        for start in range(0, len(docs), BATCH):
            self._wait(self._call(self.client.index(fresh).add_documents, docs[start:start + BATCH]))
        if not self._exists(self.index_uid):
            self._ensure(self.index_uid)
        self._wait(self._call(self.client.swap_indexes, [{"indexes": [self.index_uid, fresh]}]))
        self._wait(self._call(self.client.delete_index, fresh))
        self._ready = True
        return len(docs)

    def count(self) -> int:
        """Without creating the index: start-up asks, and an empty store must leave Meilisearch as it is."""
        try:
            return int(self._call(self.client.index(self.index_uid).get_stats).number_of_documents)
        except meilisearch.errors.MeilisearchApiError as exc:
            if exc.code == "index_not_found":
                return 0
            raise

    def health(self) -> dict[str, Any]:
        return {"backend": self.name, "documents": self.count()}

    def close(self) -> None:
        pass

    def search(self, query: ItemQuery) -> ItemResult:
        started = time.perf_counter()
        self._index()
        segments = query.segments()

        def one(filter_: list[Any], **extra: Any) -> dict[str, Any]:
            return {"indexUid": self.index_uid, "q": query.q, "filter": filter_, **extra}

        # Exact counts per segment, and the facet distribution of everything the list shows.
        counting = [one(filter_for(query, s), hitsPerPage=0, page=1) for s in segments]
        facet_queries = [one(filter_for(query, None, skip=name), limit=0, facets=[field])
                         for name, field in FACETS.items()]
        answers = self._call(self.client.multi_search, counting + facet_queries)["results"]
        totals = [int(a.get("totalHits", 0)) for a in answers[:len(segments)]]
        distributions = {name: a.get("facetDistribution", {}).get(FACETS[name], {})
                         for name, a in zip(FACETS, answers[len(segments):], strict=True)}

        def fetch(i: int, offset: int, limit: int) -> list[dict[str, Any]]:
            segment = segments[i]
            sort = [] if query.sort == "relevance" and query.q else \
                [f"{segment.sort_field}:{'desc' if segment.descending else 'asc'}"]
            answer = self._call(self.client.index(self.index_uid).search, query.q,
                                {"filter": filter_for(query, segment), "sort": sort, "offset": offset,
                                 "limit": limit})
            return list(answer["hits"])

        hits = page_over_segments(query, totals, fetch)
        return ItemResult(total=sum(totals), page=query.page, per_page=query.per_page,
                          hits=[to_hit(h) for h in hits],
                          facets=facet_counts(query, self.taxonomy, lambda name: distributions[name]),
                          took_ms=(time.perf_counter() - started) * 1000, backend=self.name)
