"""The embedded item index keeps parsed documents between searches, and never serves them stale."""

from __future__ import annotations

from pathlib import Path

from service.taxonomy import load_taxonomy
from service.updates.index import EmbeddedItemIndex
from service.updates.query import ItemQuery


def doc(item_id: str, title: str) -> dict[str, object]:
    return {"id": item_id, "kind": "news", "title": title, "summary": "A summary for the index test.",
            "published_ts": 1_800_000_000, "sectors": [], "impacts": [], "countries": [], "language": "en"}


def titles(index: EmbeddedItemIndex) -> list[str]:
    return [h["title"] for h in index.search(ItemQuery(kind="news", show="all", now=1_900_000_000)).hits]


def test_a_change_through_another_connection_or_process_is_seen_at_once(tmp_path: Path) -> None:
    reader = EmbeddedItemIndex(tmp_path / "items.sqlite3", taxonomy=load_taxonomy())
    writer = EmbeddedItemIndex(tmp_path / "items.sqlite3", taxonomy=load_taxonomy())  # as the indexer would
    writer.upsert([doc("a", "First title")])
    assert titles(reader) == ["First title"]
    writer.upsert([doc("a", "Second title")])
    assert titles(reader) == ["Second title"]
    reader.upsert([doc("b", "Own write")])
    assert sorted(titles(reader)) == ["Own write", "Second title"]
    writer.delete(["a", "b"])
    assert titles(reader) == []
    writer.rebuild([doc("c", "Rebuilt")])
    assert titles(reader) == ["Rebuilt"]
