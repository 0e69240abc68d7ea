"""In-process latency of the items' embedded index over the illustrative seed and over 5,000 events
(docs/benchmarks.md, "News, events and calls"). Run: PYTHONPATH=. python bench/items_latency.py"""

from __future__ import annotations

import json
import statistics
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from indexer.items import days_since, import_item_rows
from service.db import make_engine, make_sessionmaker, migrate
from service.settings import REPO_ROOT, Settings
from service.taxonomy import load_taxonomy
from service.updates import sync
from service.updates.index import ItemIndex
from service.updates.query import parse_item_query

SEED = REPO_ROOT / "seed" / "updates"
ANCHOR = date.fromisoformat(json.loads((SEED / "catalogue.json").read_text(encoding="utf-8"))["anchor"])
CASES: dict[str, tuple[str, list[tuple[str, str]]]] = {
    "events (upcoming)": ("event", []), "events all, q=heat": ("event", [("show", "all"), ("q", "heat")]),
    "calls, sector filter": ("call", [("sector", "food-beverages")]),
    "news, q + impact": ("news", [("q", "water"), ("impact", "water-efficiency")]),
}


def loaded_index(records: list[dict[str, Any]]) -> ItemIndex:
    settings = Settings(env="test", data_dir=Path(tempfile.mkdtemp()) / "data")
    engine = make_engine(settings.store_url)
    migrate(engine)
    factory = make_sessionmaker(engine)
    import_item_rows(factory, [(f"item {i}", r) for i, r in enumerate(records)], shift_days=days_since(ANCHOR))
    index = sync.make_item_index(settings)
    sync.rebuild(factory, index)
    return index


def measure(index: ItemIndex, kinds: set[str], runs: int) -> dict[str, tuple[float, float]]:
    taxonomy, out = load_taxonomy(), {}
    for name, (kind, params) in CASES.items():
        if kind not in kinds:
            continue
        times = []
        for _ in range(runs):
            query = parse_item_query(kind, params, taxonomy, now=datetime.now(UTC))  # type: ignore[arg-type]
            started = time.perf_counter()
            index.search(query)
            times.append((time.perf_counter() - started) * 1000)
        times.sort()
        out[name] = (round(statistics.median(times), 2), round(times[int(len(times) * 0.95)], 2))
    return out


def main() -> None:
    seed = [r for name in ("news", "events", "calls")
            for r in json.loads((SEED / f"{name}.json").read_text(encoding="utf-8"))]
    print(f"seed ({len(seed)} items), median / p95 ms:", measure(loaded_index(seed), {"news", "event", "call"}, 200))
    events = [r for r in seed if r["kind"] == "event"]
    many = [{**events[i % len(events)], "title": f"{events[i % len(events)]['title']} #{i}"} for i in range(5000)]
    print("5,000 events, median / p95 ms:", measure(loaded_index(many), {"event"}, 50))


if __name__ == "__main__":
    main()
