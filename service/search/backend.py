"""The one interface every search backend implements."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol

from service.search.query import SearchQuery, SearchResult


class SearchBackend(Protocol):
    name: str

    def search(self, query: SearchQuery) -> SearchResult:
        """Answer a query: hits for one page, the exact total, and disjunctive facet counts."""
        ...

    def upsert(self, documents: list[dict[str, Any]]) -> None:
        """Add or replace documents (as made by documents.to_document)."""
        ...

    def delete(self, ids: list[str]) -> None:
        """Remove documents by practice id; unknown ids are ignored."""
        ...

    def rebuild(self, documents: Iterable[dict[str, Any]]) -> int:
        """Build a complete new index beside the live one and swap it in atomically; returns the count."""
        ...

    def count(self) -> int:
        ...

    def health(self) -> dict[str, Any]:
        ...

    def close(self) -> None:
        ...
