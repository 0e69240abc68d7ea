"""python -m bench.targeted --data-dir DIR --records FILE [--load]: the HTTP part of the benchmark on an
existing store and index, plus the query types of plain-word and multilingual searches.

For before/after comparisons of one change without regenerating and re-importing the corpus (at 100,000
practices that takes most of a full run): per query type p50/p95/p99 of `GET /api/search`, first-time
searches (words never asked before), and with --load the throughput at 1 and 8 clients.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from bench.queries import QUERY_MIX, QueryType, first_time_queries
from bench.run import FIRST_TIME_QUERIES, PER_TYPE_TIME_LIMIT_S, _first_time, _load, _per_type
from bench.servers import start_service

# How people type (issue 12) and other languages (issue 11): the analysis stage's own costs.
PLAIN_WORDS: tuple[QueryType, ...] = (
    QueryType("understood", "budget in words (`LED retrofit under 10000 euro`)",
              (("q", "LED retrofit under 10000 euro"),)),
    QueryType("natural", "a question (`cheap ways to save water in a hotel`)",
              (("q", "cheap ways to save water in a hotel"),)),
    QueryType("english_term", "a term (`waste heat`)", (("q", "waste heat"),)),
    QueryType("german_term", "the same term in German (`Abwärmenutzung`)", (("q", "Abwärmenutzung"),)),
    QueryType("polish_term", "a Polish term (`pompa ciepła`)", (("q", "pompa ciepła"),)),
    QueryType("no_full_match", "words no practice has together (`unicorn heat pump`)",
              (("q", "unicorn heat pump"),)),
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.targeted", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--records", type=Path, required=True, help="the corpus (NDJSON) the store was built from")
    parser.add_argument("--repeat", type=int, default=40)
    parser.add_argument("--load", action="store_true", help="also measure throughput at 1 and 8 clients")
    parser.add_argument("--load-seconds", type=float, default=4.0)
    args = parser.parse_args(argv)
    records = [json.loads(line) for line in args.records.read_text(encoding="utf-8").splitlines() if line.strip()]
    service = start_service(args.data_dir)
    out: dict[str, object] = {}
    try:
        mix = {q.name: q.path() for q in (*QUERY_MIX, *PLAIN_WORDS)}
        per_type = _per_type(service, mix, args.repeat, PER_TYPE_TIME_LIMIT_S, total_of=lambda body: body["total"])
        out["http_p50_ms"] = {name: round(entry["latency"].p50, 2) for name, entry in per_type.items()}
        out["http_p99_ms"] = {name: round(entry["latency"].p99, 2) for name, entry in per_type.items()}
        out["totals"] = {name: entry["total"] for name, entry in per_type.items()}
        first = _first_time(service, first_time_queries(records, FIRST_TIME_QUERIES))
        out["first_time_ms"] = {kind: {"p50": round(lat.p50, 2), "p99": round(lat.p99, 2)}
                                for kind, lat in first.items()}
        if args.load:
            out["load"] = [{k: (round(v, 1) if isinstance(v, float) else v) for k, v in row.items()}
                           for row in _load(service, ["/api/search"], args.load_seconds)]
        out["peak_memory_mb"] = round(service.peak_memory_mb(), 1)
    finally:
        service.stop()
    print(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
