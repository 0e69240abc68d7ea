"""The Meilisearch backend: the same SearchQuery in and SearchResult out as the embedded index.

Reads are one multi-search request (the page, plus a `limit: 0` query per active facet for the
disjunctive counts). Writes are Meilisearch tasks, each waited for with a limit; a task that ends in
any state but `succeeded` is an error, never a silent success. A Meilisearch that cannot be reached
becomes SearchUnavailable (503) at once, and for a few seconds afterwards requests fail fast without
trying, so that a dead server costs the service no threads. An answer later than the read timeout fails
its own request only; a run of them (SLOW_ANSWERS_TO_TRIP) is treated like an unreachable server.
"""

from __future__ import annotations

import html
import logging
import threading
import time
from collections.abc import Iterable
from datetime import UTC, datetime
from itertools import islice
from pathlib import Path
from typing import Any

import meilisearch
import requests
from meilisearch.errors import MeilisearchApiError, MeilisearchCommunicationError, MeilisearchTimeoutError

from service.errors import SearchUnavailable
from service.search import meili_synonyms
from service.search.analysis import Analysis, Analyzer, load_analyzer
from service.search.analysis.report import drop_order, understood_report
from service.search.backend import SearchBackend
from service.search.documents import to_hit
from service.search.meili_filters import any_of, build_filter
from service.search.meili_query import MATCHING_STRATEGY, meili_q
from service.search.meili_settings import (
    COUNT_FIELD,
    COUNT_VALUE,
    MAX_TOTAL_HITS,
    RETRIEVED_ATTRIBUTES,
    index_settings,
    sort_for,
    to_meili_document,
)
from service.search.query import FacetCount, SearchQuery, SearchResult
from service.settings import Settings
from service.taxonomy import FACET_FIELDS, Taxonomy, load_taxonomy

log = logging.getLogger(__name__)

MARK_OPEN, MARK_CLOSE = "\x01", "\x02"  # control characters are stripped from records, so never in text
CROP_WORDS = 24
BATCH = 1000
CONNECT_TIMEOUT_S = 1.0
WRITE_READ_TIMEOUT_S = 30.0  # uploading a batch of documents takes longer than answering a search
BACKOFF_START_S, BACKOFF_MAX_S = 1.0, 15.0
SWAP_POLL_S = 0.05
SLOW_ANSWERS_TO_TRIP = 3


class MeiliTaskError(RuntimeError):
    """A Meilisearch task failed, was canceled or did not finish in time."""


# Where a practice says what it is about, and its concept tokens: sqlite_backend.STRONG_COLUMNS.
NAMED_ATTRIBUTES = ["title", "technologies", "inputs", "outputs", "summary", "concepts"]


class MeilisearchBackend:
    name = "meilisearch"

    def __init__(self, *, url: str, key: str, index_uid: str, taxonomy: Taxonomy, synonyms_path: Path,
                 timeout_s: float = 2.0, task_timeout_s: float = 60.0, analyzer: Analyzer | None = None) -> None:
        self.url = url.rstrip("/")
        self.analyzer = analyzer or load_analyzer(synonyms_path.parent)
        self.index_uid = index_uid
        self.taxonomy = taxonomy
        self.settings_body = index_settings(synonyms_path)
        self.synonyms = meili_synonyms.load(synonyms_path)
        self.task_timeout_s = task_timeout_s
        connect = min(CONNECT_TIMEOUT_S, timeout_s)
        # requests takes (connect, read); the client passes `timeout` through as is. Nothing connects here.
        self._reads = meilisearch.Client(self.url, key or None, timeout=(connect, timeout_s))  # type: ignore[arg-type]
        self._writes = meilisearch.Client(self.url, key or None,
                                          timeout=(connect, max(timeout_s, WRITE_READ_TIMEOUT_S)))  # type: ignore[arg-type]
        self._lock = threading.Lock()
        self._ready_lock = threading.Lock()
        self._ready = False  # the live index exists with our settings (checked once per process)
        self._down_until = 0.0
        self._backoff = BACKOFF_START_S
        self._slow_answers = 0  # answers in a row that came later than the read timeout

    # --- transport -------------------------------------------------------------------------------

    def _call(self, what: str, fn: Any, *args: Any, **kwargs: Any) -> Any:
        """Run one client call; an unreachable server becomes SearchUnavailable and opens the breaker."""
        if time.monotonic() < self._down_until:
            raise SearchUnavailable("search is temporarily unavailable; please try again shortly",
                                    details=[{"backend": self.name, "reason": "recently unreachable"}])
        try:
            result = fn(*args, **kwargs)
        except MeilisearchTimeoutError as exc:
            if isinstance(exc.__cause__, requests.exceptions.ConnectTimeout):
                self._trip(f"{what}: {exc}")
                reason = "unreachable"
            else:
                # The server took the connection but answered late: one slow query (a broad query ranked
                # deep) says little about the next one, so only a run of them opens the breaker.
                reason = "slow answer"
                with self._lock:
                    self._slow_answers += 1
                    slow = self._slow_answers
                if slow >= SLOW_ANSWERS_TO_TRIP:
                    self._trip(f"{what}: {slow} slow answers in a row: {exc}")
                else:
                    log.warning("meilisearch answered %s later than the timeout (%d in a row)", what, slow)
            raise SearchUnavailable("search is temporarily unavailable; please try again shortly",
                                    details=[{"backend": self.name, "reason": reason}]) from exc
        except MeilisearchCommunicationError as exc:
            self._trip(f"{what}: {exc}")
            raise SearchUnavailable("search is temporarily unavailable; please try again shortly",
                                    details=[{"backend": self.name, "reason": "unreachable"}]) from exc
        except MeilisearchApiError as exc:
            if exc.status_code in (401, 403):
                log.error("meilisearch refused the API key (%s %s); check GTS_MEILI_KEY",
                          exc.status_code, exc.code)
                raise SearchUnavailable("search is temporarily unavailable; please try again shortly",
                                        details=[{"backend": self.name, "reason": "not authorised"}]) from exc
            raise
        self._backoff = BACKOFF_START_S
        self._slow_answers = 0
        return result

    def _trip(self, message: str) -> None:
        with self._lock:
            self._down_until = time.monotonic() + self._backoff
            log.warning("meilisearch unreachable, failing fast for %.0f s: %s", self._backoff, message)
            self._backoff = min(self._backoff * 2, BACKOFF_MAX_S)

    def _wait(self, task: Any, what: str) -> Any:
        """Wait for a task with a realistic limit; anything but `succeeded` raises."""
        try:
            done = self._writes.wait_for_task(task.task_uid, timeout_in_ms=int(self.task_timeout_s * 1000),
                                              interval_in_ms=50)
        except MeilisearchCommunicationError as exc:
            self._trip(f"{what}: {exc}")
            raise SearchUnavailable("search is temporarily unavailable; please try again shortly") from exc
        except MeilisearchTimeoutError as exc:  # the task did not finish in time, or a poll got no answer
            raise MeiliTaskError(f"{what}: task {task.task_uid} did not finish in {self.task_timeout_s:g} s "
                                 "(it may still complete)") from exc
        if done.status != "succeeded":
            error = done.error or {}
            raise MeiliTaskError(f"{what}: task {task.task_uid} {done.status}: "
                                 f"{error.get('code', '?')}: {error.get('message', 'no message')}")
        return done

    # --- reading ---------------------------------------------------------------------------------

    def search(self, query: SearchQuery) -> SearchResult:
        started = time.perf_counter()
        query, analysis = self.analyzer.apply(query)
        words = [analysis.q] if analysis.has_text or analysis.exclusions else []
        dropped: list[int] = []
        active = [name for name in FACET_FIELDS if query.filters.get(name)]
        results = self._multi_search(self._queries(query, analysis, dropped, active, named=analysis.named_only))
        if not int(results[0].get("totalHits", 0)) and any(c.narrow for c in analysis.concepts):
            # A term typed as no practice says it is searched as what it means, as the embedded index does.
            widened = self._nowhere(analysis, query)
            if widened is not analysis:
                analysis = widened
                results = self._multi_search(self._queries(query, analysis, dropped, active,
                                                           named=analysis.named_only))
        if not int(results[0].get("totalHits", 0)) and analysis.named_only:
            # No practice names the terms where it says what it is about: anywhere (Analysis.named_only).
            results = self._multi_search(self._queries(query, analysis, dropped, active))
        narrow = [i for i in analysis.required if analysis.concepts[i].narrow]
        if (narrow and len(analysis.required) > 1 and not query.match_any
                and not int(results[0].get("totalHits", 0))):
            # Nothing matches every concept: the precise terms read as their whole concepts first, as the
            # embedded index does, if some practice then matches every concept.
            wide = analysis.widened(narrow)
            wide_results = self._multi_search(self._queries(query, wide, dropped, active))
            if int(wide_results[0].get("totalHits", 0)):
                analysis, results = wide, wide_results
        # Nothing matches every concept: give up words as the embedded index does, then search again.
        if len(analysis.required) > 1 and not query.match_any and not int(results[0].get("totalHits", 0)):
            dropped = self._dropped(analysis, query)
            if dropped:
                results = self._multi_search(self._queries(query, analysis, dropped, active))
        suggestions = self.analyzer.suggest([analysis.concepts[i].words[0] for i in dropped
                                             if len(analysis.concepts[i].words) == 1])
        distributions = dict(results[0].get("facetDistribution") or {})
        for name, result in zip(active, results[1:], strict=True):
            field = FACET_FIELDS[name]
            distributions[field] = (result.get("facetDistribution") or {}).get(field, {})
        total, exact = _total(results[0])
        hits = [self._hit(hit, has_words=bool(words)) for hit in results[0].get("hits", [])]
        return SearchResult(total=total, page=query.page, per_page=query.per_page, hits=hits,
                            facets=self._facets(distributions, query),
                            took_ms=(time.perf_counter() - started) * 1000,
                            total_is_exact=exact, backend=self.name,
                            understood=understood_report(analysis, dropped, suggestions))

    def _queries(self, query: SearchQuery, analysis: Analysis, dropped: list[int],
                 active: list[str], *, named: bool = False) -> list[dict[str, Any]]:
        """The page's query, then one `limit: 0` query per active facet, without that facet's own filter: its
        counts show what ticking another value would add (OR within a facet, AND across facets). With `named`,
        the words are searched only where a practice says what it is about (Analysis.named_only)."""
        words = analysis.has_text or bool(analysis.exclusions)
        strategy = "frequency" if query.match_any else MATCHING_STRATEGY
        # Optional concepts filter nothing; with matchingStrategy "all" Meilisearch would require them, so
        # they are left out of its q (they rank only in the embedded index).
        kept = [i for i in analysis.required if i not in dropped]
        q = meili_q(analysis, kept, rewrite=self.synonyms.rewrite) if words else ""
        if analysis.concepts and not kept:
            # Nothing matches any concept: the full query, which finds nothing.
            q = meili_q(analysis, rewrite=self.synonyms.rewrite)
        main: dict[str, Any] = {
            "indexUid": self.index_uid, "q": q, "matchingStrategy": strategy,
            "page": query.page, "hitsPerPage": query.per_page,
            "facets": [*FACET_FIELDS.values(), COUNT_FIELD], "attributesToRetrieve": RETRIEVED_ATTRIBUTES,
            # An attribute that is only cropped comes back without highlight tags (the server's
            # add_crop_to_formatted_options sets `highlight: false`), so the description is in both lists.
            "attributesToHighlight": ["title", "summary", "description"],
            "attributesToCrop": [f"description:{CROP_WORDS}"],
            "cropMarker": "…", "highlightPreTag": MARK_OPEN, "highlightPostTag": MARK_CLOSE,
        }
        main_filter = build_filter(query)
        if main_filter:
            main["filter"] = main_filter
        on = {"attributesToSearchOn": NAMED_ATTRIBUTES} if named else {}
        main.update(on)
        sort = sort_for(query.sort, has_words=words)
        if sort:
            main["sort"] = sort
        queries = [main]
        for name in active:
            facet_query: dict[str, Any] = {"indexUid": self.index_uid, "q": q, "matchingStrategy": strategy,
                                           "limit": 0, "facets": [FACET_FIELDS[name]], **on}
            facet_filter = build_filter(query, without=name)
            if facet_filter:
                facet_query["filter"] = facet_filter
            queries.append(facet_query)
        return queries

    def _multi_search(self, queries: list[dict[str, Any]]) -> list[dict[str, Any]]:
        try:
            response = self._call("search", self._reads.multi_search, queries)
        except MeilisearchApiError as exc:
            if exc.code == "index_not_found":
                raise SearchUnavailable(
                    "the search index does not exist yet; run `python -m indexer rebuild`",
                    details=[{"backend": self.name, "reason": "index_not_found"}]) from exc
            raise
        return list(response["results"])

    def _nowhere(self, analysis: Analysis, query: SearchQuery) -> Analysis:
        """The analysis with every narrow concept that no practice within the filters matches searched as its
        whole concept."""
        narrow = [i for i, c in enumerate(analysis.concepts) if c.narrow]
        query_filter = build_filter(query)
        within = {"filter": query_filter} if query_filter else {}
        counts = self._multi_search([{"indexUid": self.index_uid, "limit": 0, "facets": [],
                                      "q": meili_q(analysis, [i], syntax=False, rewrite=self.synonyms.rewrite),
                                      "matchingStrategy": MATCHING_STRATEGY, **within} for i in narrow])
        nowhere = [i for i, r in zip(narrow, counts, strict=True) if not int(r.get("totalHits", 0))]
        return analysis.widened(nowhere) if nowhere else analysis

    def _dropped(self, analysis: Analysis, query: SearchQuery) -> list[int]:
        """The concepts given up because no practice matches them all, as the embedded index gives them up:
        each concept counted by itself, then fewer and fewer of them within the filters, never the last
        concept found somewhere."""
        query_filter = build_filter(query)

        def counting(q: str, *, filtered: bool = True) -> dict[str, Any]:
            body: dict[str, Any] = {"indexUid": self.index_uid, "q": q, "matchingStrategy": MATCHING_STRATEGY,
                                    "limit": 0, "facets": []}
            if filtered and query_filter:
                body["filter"] = query_filter
            return body

        rewrite = self.synonyms.rewrite
        singles = [counting(meili_q(analysis, [i], syntax=False, rewrite=rewrite), filtered=False)
                   for i in range(len(analysis.concepts))]
        found = [int(r.get("totalHits", 0)) for r in self._multi_search(singles)]
        order = drop_order(analysis, found, self.count())
        subsets, kept = [], analysis.required
        for index in order:
            if found[index] and len(kept) == 1:
                break
            kept = [i for i in kept if i != index]
            subsets.append(list(kept))
        if not subsets or not subsets[-1]:
            return [i for i in order if not found[i]] if not subsets else order[:len(subsets)]
        answer = self._multi_search([counting(meili_q(analysis, s, rewrite=rewrite)) for s in subsets])
        for size, result in enumerate(answer, start=1):
            if int(result.get("totalHits", 0)):
                return order[:size]
        return order[:len(subsets)]

    @staticmethod
    def _hit(raw: dict[str, Any], *, has_words: bool) -> dict[str, Any]:
        hit = to_hit(raw)
        formatted = raw.get("_formatted") or {}
        description = _marked(formatted.get("description")) if has_words else ""
        hit["highlight"] = {
            "title": _marked(formatted.get("title")) or html.escape(hit["title"] or ""),
            "summary": _marked(formatted.get("summary")) or html.escape(hit["summary"] or ""),
            # A description excerpt only helps when it shows where the query matched.
            "description": description if "<mark>" in description else "",
        }
        return hit

    def _facets(self, distributions: dict[str, dict[str, int]],
                query: SearchQuery) -> dict[str, list[FacetCount]]:
        facets: dict[str, list[FacetCount]] = {}
        for name, field in FACET_FIELDS.items():
            facet = self.taxonomy.facet(name)
            # Meilisearch compares facet values case-insensitively; map them back to our slugs.
            by_key = {slug.lower(): slug for slug in facet.values}
            counts: dict[str, int] = {}
            for value, count in (distributions.get(field) or {}).items():
                slug = by_key.get(str(value).lower(), str(value))
                counts[slug] = counts.get(slug, 0) + int(count)
            selected = set(query.filters.get(name, ()))
            if name == "country":
                present = {c for c, n in counts.items() if n > 0} | selected
                values = sorted(present, key=lambda c: (-counts.get(c, 0), c))
            else:
                values = list(facet.values)
            facets[name] = [FacetCount(value=v, label=facet.values.get(v, v), count=counts.get(v, 0),
                                       selected=v in selected) for v in values]
        return facets

    def count(self) -> int:
        try:
            stats = self._call("count", self._reads.index(self.index_uid).get_stats)
        except MeilisearchApiError as exc:
            if exc.code == "index_not_found":
                return 0
            raise
        return int(stats.number_of_documents)

    def health(self) -> dict[str, Any]:
        status: dict[str, Any] = {"backend": self.name, "ok": False, "url": self.url, "index": self.index_uid}
        try:
            # Health bypasses the breaker (it is how recovery is noticed) but keeps the short timeouts.
            self._reads.health()
            stats = self._reads.index(self.index_uid).get_stats()
        except MeilisearchApiError as exc:
            status["error"] = f"{exc.code or exc.status_code}: {exc.message}"[:200]
            return status
        except (MeilisearchCommunicationError, MeilisearchTimeoutError) as exc:
            status["error"] = f"unreachable: {type(exc).__name__}"
            return status
        self._down_until, self._backoff = 0.0, BACKOFF_START_S
        status.update(ok=True, documents=int(stats.number_of_documents))
        return status

    def close(self) -> None:
        """Nothing to release: the client opens a connection per request."""

    # --- writing ---------------------------------------------------------------------------------

    def _ensure_ready(self) -> None:
        """Create the live index with our settings before the first document goes in."""
        with self._ready_lock:
            if not self._ready:
                self._prepare(self.index_uid)
                self._ready = True

    def _prepare(self, uid: str) -> None:
        try:
            self._call("get index", self._writes.get_raw_index, uid)
        except MeilisearchApiError as exc:
            if exc.code != "index_not_found":
                raise
            self._create(uid)
        # Settings before documents: set afterwards, they would make Meilisearch re-index everything.
        self._wait(self._call("settings", self._writes.index(uid).update_settings, self.settings_body),
                   f"settings of {uid}")

    def _add(self, uid: str, documents: Iterable[dict[str, Any]]) -> int:
        """Send documents in batches, then wait for every batch's task; returns how many were sent."""
        index = self._writes.index(uid)
        tasks, sent = [], 0
        iterator = iter(documents)
        while batch := [to_meili_document(d, self.taxonomy) for d in islice(iterator, BATCH)]:
            tasks.append(self._call("add documents", index.add_documents, batch, primary_key="id"))
            sent += len(batch)
        for task in tasks:
            self._wait(task, f"add documents to {uid}")
        return sent

    def upsert(self, documents: list[dict[str, Any]]) -> None:
        if not documents:
            return
        self._ensure_ready()
        self._add(self.index_uid, documents)

    def delete(self, ids: list[str]) -> None:
        if not ids:
            return
        self._ensure_ready()
        index = self._writes.index(self.index_uid)
        for start in range(0, len(ids), BATCH):
            chunk = ids[start:start + BATCH]
            task = self._call("delete documents", index.delete_documents, filter=any_of("id", chunk))
            self._wait(task, f"delete documents from {self.index_uid}")

    def rebuild(self, documents: Iterable[dict[str, Any]]) -> int:
        """Build `<index>_<timestamp>` beside the live index, check its count, swap, drop the old one."""
        new_uid = f"{self.index_uid}_{datetime.now(UTC):%Y%m%d%H%M%S%f}"
        try:
            self._prepare(new_uid)
            sent = self._add(new_uid, documents)
            stats = self._call("count", self._writes.index(new_uid).get_stats)
            if int(stats.number_of_documents) != sent:
                raise MeiliTaskError(f"rebuild: the new index {new_uid} holds {stats.number_of_documents} "
                                     f"documents, {sent} were sent; the live index is unchanged")
            self._ensure_live_exists()
            self._swap(new_uid)
            self._ready = True
        finally:
            # Before the swap new_uid is the half-built index; after it, new_uid holds the old documents.
            self._drop(new_uid)
        return sent

    def _swap(self, new_uid: str) -> None:
        """Swap the live index with ``new_uid`` and make sure it happened.

        A key limited to some indexes (`"indexes": ["practices*"]`, as docs/production.md recommends)
        cannot see tasks tied to no single index, and `indexSwap` is one: `GET /tasks/{uid}` answers 404
        `task_not_found` although the swap is queued and runs (meilisearch issue 4103, still so in
        v1.54). The swap is then confirmed by its effect: an index's creation date lives in the index
        itself and moves with it, so the live name shows the new index's date and the new name the old.
        """
        live_created = self._created_at(self.index_uid)
        new_created = self._created_at(new_uid)
        task = self._call("swap", self._writes.swap_indexes, [{"indexes": [self.index_uid, new_uid]}])
        try:
            self._wait(task, f"swap in {new_uid}")
        except MeilisearchApiError as exc:
            if exc.code != "task_not_found":
                raise
            log.info("swap task %s is hidden from this API key; checking the indexes instead", task.task_uid)
            self._await_swapped(new_uid, live_now=new_created, new_now=live_created, task_uid=task.task_uid)

    def _await_swapped(self, new_uid: str, *, live_now: str, new_now: str, task_uid: int) -> None:
        deadline = time.monotonic() + self.task_timeout_s
        while True:
            if (self._created_at(self.index_uid) == live_now and self._created_at(new_uid) == new_now):
                return
            if time.monotonic() >= deadline:
                raise MeiliTaskError(
                    f"swap in {new_uid}: task {task_uid} is not visible to this API key and the indexes did not "
                    f"show the swap within {self.task_timeout_s:g} s (it may still complete)")
            time.sleep(SWAP_POLL_S)

    def _created_at(self, uid: str) -> str:
        return str(self._call("get index", self._writes.get_raw_index, uid)["createdAt"])

    def _ensure_live_exists(self) -> None:
        try:
            self._call("get index", self._writes.get_raw_index, self.index_uid)
        except MeilisearchApiError as exc:
            if exc.code != "index_not_found":
                raise
            # swap-indexes needs both indexes; the first rebuild swaps with an empty one.
            self._create(self.index_uid)

    def _create(self, uid: str) -> None:
        self._wait(self._call("create index", self._writes.create_index, uid, {"primaryKey": "id"}),
                   f"create index {uid}")

    def _drop(self, uid: str) -> None:
        try:
            self._wait(self._call("delete index", self._writes.delete_index, uid), f"delete index {uid}")
        except Exception as exc:  # noqa: BLE001 - a leftover index wastes disk; it must not fail the rebuild
            log.warning("could not delete index %s (delete it by hand): %s", uid, exc)


def _total(result: dict[str, Any]) -> tuple[int, bool]:
    """The number of matches and whether it is exact.

    `totalHits` stops at maxTotalHits; the facet count of COUNT_FIELD, which every document has, counts
    every match. An index built before that field existed has no such count (until `indexer rebuild`):
    then a `totalHits` that reached the cap is only a lower bound.
    """
    counted = (result.get("facetDistribution") or {}).get(COUNT_FIELD, {}).get(COUNT_VALUE)
    if counted is not None:
        return int(counted), True
    total = int(result.get("totalHits", 0))
    return total, total < MAX_TOTAL_HITS


def _marked(text: Any) -> str:
    """Escape text from the index, then turn our own markers (and only them) into <mark> tags."""
    if not isinstance(text, str) or not text:
        return ""
    return html.escape(text).replace(MARK_OPEN, "<mark>").replace(MARK_CLOSE, "</mark>")


def make_meili_backend(settings: Settings) -> SearchBackend:
    """The configured Meilisearch backend, wrapped with the embedded index as fallback when asked for."""
    if not settings.meili_url:
        raise ValueError("GTS_MEILI_URL is required when GTS_SEARCH_BACKEND=meilisearch")
    backend = MeilisearchBackend(
        url=settings.meili_url, key=settings.meili_key, index_uid=settings.meili_index,
        taxonomy=load_taxonomy(settings.seed_dir), synonyms_path=settings.seed_dir / "synonyms.json",
        timeout_s=settings.meili_timeout_s, task_timeout_s=settings.meili_task_timeout_s)
    if not settings.meili_fallback_to_sqlite:
        return backend
    from service.search.factory import make_embedded_backend
    from service.search.meili_fallback import FallbackBackend

    return FallbackBackend(primary=backend, fallback=make_embedded_backend(settings))
