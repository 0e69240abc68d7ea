"""Scoring a judged query set against GET /api/search of a running service (standard library only).

A set is JSON: {"name": ..., "queries": [{"q": ..., "relevant": [practice ids], "kind": ..., "lang": ...,
"filters": {facet: [values]} (optional), "complete": true when every relevant practice is listed}]}.

Per query: success@1 and success@3 (a relevant practice in the first 1 / 3), reciprocal rank of the
first relevant practice within 10, and, for complete judgements, precision@10: the share of the
practices shown in the first 10 that are relevant (a precise answer of 3 practices, all relevant, is 1.0).
"""

from __future__ import annotations

import json
import urllib.parse
import urllib.request
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

TOP = 10


@dataclass
class Outcome:
    query: dict[str, Any]
    found: list[str]
    total: int

    @property
    def relevant(self) -> set[str]:
        return set(self.query["relevant"])

    def success(self, k: int) -> float:
        return 1.0 if self.relevant & set(self.found[:k]) else 0.0

    @property
    def reciprocal_rank(self) -> float:
        for rank, practice_id in enumerate(self.found[:TOP], start=1):
            if practice_id in self.relevant:
                return 1.0 / rank
        return 0.0

    @property
    def precision(self) -> float | None:
        if not self.query.get("complete"):
            return None
        shown = self.found[:TOP]
        return len(self.relevant & set(shown)) / len(shown) if shown else 0.0


def load_set(path: Path) -> dict[str, Any]:
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data.get("queries"), list):
        raise ValueError(f"{path}: expected {{'queries': [...]}}")
    return data


def search(base_url: str, query: dict[str, Any], timeout: float = 10.0) -> tuple[list[str], int]:
    params: list[tuple[str, str]] = [("q", query["q"]), ("per_page", str(TOP))]
    for facet, values in (query.get("filters") or {}).items():
        params.extend((facet, str(v)) for v in (values if isinstance(values, list) else [values]))
    url = f"{base_url.rstrip('/')}/api/search?{urllib.parse.urlencode(params)}"
    with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - a URL the user gave
        answer = json.load(response)
    return [hit["id"] for hit in answer["hits"]], int(answer["total"])


def score(base_url: str, queries: list[dict[str, Any]]) -> list[Outcome]:
    return [Outcome(query, *search(base_url, query)) for query in queries]


def summary(outcomes: list[Outcome]) -> dict[str, float | int | None]:
    precisions = [p for o in outcomes if (p := o.precision) is not None]
    n = len(outcomes) or 1
    return {
        "queries": len(outcomes),
        "success@1": sum(o.success(1) for o in outcomes) / n,
        "success@3": sum(o.success(3) for o in outcomes) / n,
        "mrr@10": sum(o.reciprocal_rank for o in outcomes) / n,
        "precision@10": sum(precisions) / len(precisions) if precisions else None,
    }


def report(name: str, outcomes: list[Outcome]) -> str:
    lines = [f"# {name}", "", "| group | queries | success@1 | success@3 | MRR@10 | precision@10 |",
             "|---|---:|---:|---:|---:|---:|"]

    def row(label: str, group: list[Outcome]) -> str:
        s = summary(group)
        precision = "–" if s["precision@10"] is None else f"{s['precision@10']:.2f}"
        return (f"| {label} | {s['queries']} | {s['success@1']:.2f} | {s['success@3']:.2f} | {s['mrr@10']:.2f} | "
                f"{precision} |")

    lines.append(row("all", outcomes))
    for key in ("kind", "lang"):
        groups: dict[str, list[Outcome]] = defaultdict(list)
        for outcome in outcomes:
            groups[str(outcome.query.get(key) or "?")].append(outcome)
        lines.extend(row(f"{key}: {label}", groups[label]) for label in sorted(groups))
    misses = [o for o in outcomes if not o.success(3)]
    if misses:
        lines += ["", "Missed the top 3:"]
        lines += [f"- `{o.query['q']}` ({o.query.get('kind')}, {o.query.get('lang')}): got {o.found[:3]}, "
                  f"{o.total} in all; relevant {sorted(o.relevant)[:5]}" for o in misses]
    return "\n".join(lines)
