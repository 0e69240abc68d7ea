"""Meilisearch with the embedded index kept beside it, answering whenever Meilisearch cannot.

Writes go to both (the embedded one first: it is local and rarely fails); if Meilisearch fails, the
write raises, the outbox keeps the entries and the retry re-applies them to both, which is harmless
because every write is an idempotent replace or delete.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from service.search.backend import SearchBackend
from service.search.query import SearchQuery, SearchResult

log = logging.getLogger(__name__)


class FallbackBackend:
    name = "meilisearch"

    def __init__(self, *, primary: SearchBackend, fallback: SearchBackend) -> None:
        self.primary = primary
        self.fallback = fallback

    def search(self, query: SearchQuery) -> SearchResult:
        try:
            return self.primary.search(query)
        except Exception as exc:  # noqa: BLE001 - any failure of the primary is what the fallback is for
            log.warning("meilisearch failed, answering from the embedded index: %s", exc)
            result = self.fallback.search(query)
            result.backend = f"{self.fallback.name} (fallback)"
            return result

    def upsert(self, documents: list[dict[str, Any]]) -> None:
        self.fallback.upsert(documents)
        self.primary.upsert(documents)

    def delete(self, ids: list[str]) -> None:
        self.fallback.delete(ids)
        self.primary.delete(ids)

    def rebuild(self, documents: Iterable[dict[str, Any]]) -> int:
        docs = list(documents)  # read once from the store, written to both indexes
        self.fallback.rebuild(docs)
        return self.primary.rebuild(docs)

    def count(self) -> int:
        try:
            return self.primary.count()
        except Exception:  # noqa: BLE001
            return self.fallback.count()

    def health(self) -> dict[str, Any]:
        primary = self.primary.health()
        fallback = self.fallback.health()
        # Searches are answered while either index is; `degraded` says the fallback is doing the work.
        return {**primary, "ok": bool(primary.get("ok") or fallback.get("ok")),
                "degraded": not primary.get("ok"), "fallback": fallback}

    def close(self) -> None:
        self.primary.close()
        self.fallback.close()
