"""docs/benchmarks.md: every figure of one run in tables, then the targets, then the kept analysis.

Everything above the marker line is rewritten by each run; the hand-written analysis below it is kept.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bench.queries import QUERY_MIX

MARKER = "<!-- Everything below this line is written by hand and kept when `make bench` rewrites the figures. -->"

TARGET_P50_MS, TARGET_P99_MS = 30.0, 100.0
TARGET_RPS, TARGET_LOAD_P99_MS = 500.0, 50.0
TARGET_REBUILD_S = 60.0
FIRST_TIME_LABELS = {"one_new_word": "one word, a different one each time",
                     "two_new_words": "two words, different ones each time"}


def _ms(value: float) -> str:
    return "–" if value != value else (f"{value:.2f}" if value < 10 else f"{value:.1f}")


def _lat(entry: dict[str, Any] | None) -> str:
    if not entry:
        return "– | – | –"
    lat = entry["latency"]
    return f"{_ms(lat.p50)} | {_ms(lat.p95)} | {_ms(lat.p99)}"


def ratio(scale: dict[str, Any], name: str) -> float | None:
    ours, peer = scale["http"].get(name), scale["peer"].get(name)
    if not ours or not peer or not peer["latency"].p50:
        return None
    return ours["latency"].p50 / peer["latency"].p50


def render(results: dict[str, Any]) -> str:
    m = results["machine"]
    lines = [
        "# Benchmarks", "",
        f"Written by `make bench` (`python -m bench {results['argv']}`) on {m['date']}.", "",
        "| machine | |", "|---|---|",
        f"| CPU | {m['cpu']} |", f"| cores | {m['cores']} |", f"| memory | {m['memory']} |", f"| OS | {m['os']} |",
        f"| Python | {m['python']} |", f"| SQLite | {m['sqlite']} |", f"| numpy | {m['numpy']} |",
        f"| uvicorn | {m['uvicorn']} |", f"| Datasette | {m['datasette']} |",
        f"| load average (1, 5, 15 min) at start / end | {results['load_before']} / {results['load_after']} |", "",
        f"Corpus: the seed generator, seed {results['seed']} "
        f"({results['corpus_seconds']:.1f} s to generate {results['corpus']['records']:,} records). "
        "Mean lengths: title {title_chars}, summary {summary_chars}, description {description_chars} characters; "
        "{sectors_per_record} sectors per record; {countries} countries; the commonest sector on "
        "{top_sector_share:.1%} of records; investment known for {with_investment:.0%}.".format(**results["corpus"]),
        "",
        f"Latencies are milliseconds over {results['repeat']} requests per query type after 3 warm-up requests, "
        "one at a time (Datasette: as many as fit in 15 s, at most as many; *n* says how many). "
        "*In-process* calls the backend's `search` with a parsed `SearchQuery`, its cache of full-text passes "
        "cleared before every call, so each search is measured as if it were the first of its words; *HTTP* is "
        "`GET /api/search` on a real `python -m service` process (one uvicorn worker) from a load generator in "
        "another process, the same query repeated, so it is answered with the full-text passes cached (as "
        "paging, sorting and ticking facets on one search are); *Datasette* is the same records in a SQLite "
        "table with an FTS5 index, asked the "
        "equivalent question through its JSON API with all seven facets and 20 rows.", "",
        "## Import and full rebuild", "",
        "| practices | import command (s) | import (records/s) | of which store (s) | full rebuild (s) "
        "| rebuild (records/s) |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    for scale in results["scales"]:
        b = scale["build"]
        lines.append(f"| {b.records:,} | {b.import_s:.1f} | {b.import_rate:,.0f} | {b.store_s:.1f} | "
                     f"{b.rebuild_s:.1f} | {b.rebuild_rate:,.0f} |")
    lines += ["", "The import command reads, validates and stores the file, then builds the index; the full "
              "rebuild reads every practice from the store, writes a new index file beside the live one and "
              "swaps it in.", ""]
    for scale in results["scales"]:
        lines += _latency_table(scale)
    lines += ["## First-time searches over HTTP", "",
              "Each query asked once, one at a time, so that no full-text pass of its words is cached: words from "
              "the corpus's titles found on 0.5–25 % of the records, none of them in the mix above, taken "
              "evenly over that range (`bench.queries.first_time_queries`); with all facets, as above.", "",
              "| practices | query | n | p50 (ms) | p95 | p99 |", "|---:|---|---:|---:|---:|---:|"]
    for scale in results["scales"]:
        for kind, latency in scale.get("first_time", {}).items():
            lines.append(f"| {scale['build'].records:,} | {FIRST_TIME_LABELS.get(kind, kind)} | {latency.count} | "
                         f"{_ms(latency.p50)} | {_ms(latency.p95)} | {_ms(latency.p99)} |")
    lines += ["", "## Throughput under concurrency", "",
              f"Each row: {results['load_seconds']:g} s of closed-loop load cycling through the query mix, "
              "from a load generator in a separate process (keep-alive connections, loopback).", "",
              "| practices | endpoint | clients | requests/s | p50 (ms) | p99 (ms) | non-200 |",
              "|---:|---|---:|---:|---:|---:|---:|"]
    for scale in results["scales"]:
        for row in scale["load"]:
            lines.append(f"| {scale['build'].records:,} | `{row['endpoint']}` | {row['concurrency']} | "
                         f"{row['rps']:,.0f} | {_ms(row['p50'])} | {_ms(row['p99'])} | {row['errors']} |")
    notes = [f"- {scale['build'].records:,} practices: search page `/search`: {scale['page']}"
             for scale in results["scales"]]
    lines += [""] + notes + ["", "## Peak memory (VmHWM)", "", "| practices | our service (MiB) | Datasette (MiB) |",
                             "|---:|---:|---:|"]
    for scale in results["scales"]:
        mem = scale["memory"]
        lines.append(f"| {scale['build'].records:,} | {mem['service_mb']:.0f} | {mem['datasette_mb']:.0f} |")
    lines += ["", "## Targets", "", *_targets(results), "", MARKER, ""]
    return "\n".join(lines)


def _latency_table(scale: dict[str, Any]) -> list[str]:
    lines = [f"## Search latency at {scale['build'].records:,} practices (ms)", "",
             "| query | matches (ours / Datasette) | in-process p50 | p95 | p99 | HTTP p50 | p95 | p99 "
             "| Datasette p50 | p95 | p99 | n | ours ÷ Datasette (p50) |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for query in QUERY_MIX:
        name = query.name
        ours_total = scale["http"].get(name, {}).get("total", "–")
        peer_total = scale["peer"].get(name, {}).get("total", "–")
        r = ratio(scale, name)
        lines.append(f"| {query.label} | {ours_total} / {peer_total} | {_lat(scale['inprocess'].get(name))} | "
                     f"{_lat(scale['http'].get(name))} | {_lat(scale['peer'].get(name))} | "
                     f"{scale['peer'][name]['latency'].count if name in scale['peer'] else '–'} | "
                     f"{'–' if r is None else f'{r:.2f}'} |")
    return lines + [""]


def _targets(results: dict[str, Any]) -> list[str]:
    def mark(ok: bool) -> str:
        return "met" if ok else "**not met**"

    scales = results["scales"]
    large, small = scales[-1], scales[0]
    n_large, n_small = large["build"].records, small["build"].records
    worst_p50 = max(large["http"].values(), key=lambda e: e["latency"].p50)["latency"].p50
    worst_p99 = max(large["http"].values(), key=lambda e: e["latency"].p99)["latency"].p99
    eight = next((row for row in small["load"] if row["endpoint"] == "/api/search" and row["concurrency"] == 8), None)
    ratios = [r for scale in scales for q in QUERY_MIX if (r := ratio(scale, q.name)) is not None]
    rows = [
        f"- {n_large:,} practices, `/api/search` p50 ≤ {TARGET_P50_MS:g} ms for every query type: worst "
        f"{_ms(worst_p50)} ms — {mark(worst_p50 <= TARGET_P50_MS)}",
        f"- {n_large:,} practices, `/api/search` p99 ≤ {TARGET_P99_MS:g} ms for every query type: worst "
        f"{_ms(worst_p99)} ms — {mark(worst_p99 <= TARGET_P99_MS)}",
        f"- {n_large:,} practices, full rebuild ≤ {TARGET_REBUILD_S:g} s: {large['build'].rebuild_s:.1f} s — "
        f"{mark(large['build'].rebuild_s <= TARGET_REBUILD_S)}",
    ]
    first = large.get("first_time", {})
    if first:
        p50, p99 = max(v.p50 for v in first.values()), max(v.p99 for v in first.values())
        rows.append(f"- {n_large:,} practices, the same two limits for first-time searches (nothing cached): worst "
                    f"p50 {_ms(p50)} ms, p99 {_ms(p99)} ms — {mark(p50 <= TARGET_P50_MS and p99 <= TARGET_P99_MS)}")
    if eight:
        rows.append(f"- {n_small:,} practices, ≥ {TARGET_RPS:g} searches/s at 8 clients with p99 ≤ "
                    f"{TARGET_LOAD_P99_MS:g} ms: {eight['rps']:,.0f}/s, p99 {_ms(eight['p99'])} ms — "
                    f"{mark(eight['rps'] >= TARGET_RPS and eight['p99'] <= TARGET_LOAD_P99_MS)}")
    if ratios:
        rows.append(f"- ours ÷ Datasette ≤ 1.0 for every query type at every scale: worst {max(ratios):.2f} — "
                    f"{mark(max(ratios) <= 1.0)}")
    return rows


def write(results: dict[str, Any], path: Path) -> str:
    """Write the report, keeping any hand-written analysis below the marker; returns the figures part."""
    figures = render(results)
    kept = ""
    if path.exists():
        old = path.read_text(encoding="utf-8")
        if MARKER in old:
            kept = old.split(MARKER, 1)[1].lstrip("\n")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(figures + kept, encoding="utf-8")
    return figures
