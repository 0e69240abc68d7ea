"""The benchmark corpus: records from the seed generator, deterministic for a given count and seed."""

from __future__ import annotations

import json
import statistics
from collections import Counter
from pathlib import Path
from typing import Any

SEED = 7


def generate(count: int, seed: int = SEED) -> list[dict[str, Any]]:
    """``count`` practices in the SPEC §1 format, the same ones on every run."""
    from seed.build_seed import generate as generate_records  # the seed generator owns realism

    records = generate_records(count, seed)
    if len(records) != count:
        raise RuntimeError(f"the seed generator gave {len(records)} records, expected {count}")
    return records


def write_ndjson(records: list[dict[str, Any]], path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def describe(records: list[dict[str, Any]]) -> dict[str, Any]:
    """What the corpus looks like, so a reader can judge whether the figures transfer to real data."""
    def mean_len(field: str) -> float:
        return statistics.fmean(len(r.get(field) or "") for r in records)

    sectors = Counter(s for r in records for s in r.get("sectors") or [])
    return {
        "records": len(records),
        "title_chars": round(mean_len("title")),
        "summary_chars": round(mean_len("summary")),
        "description_chars": round(mean_len("description")),
        "sectors_per_record": round(statistics.fmean(len(r.get("sectors") or []) for r in records), 2),
        "countries": len({r.get("country") for r in records}),
        "top_sector_share": round(sectors.most_common(1)[0][1] / len(records), 3) if sectors else 0.0,
        "with_investment": round(sum(r.get("investment_eur") is not None for r in records) / len(records), 3),
    }
