"""python -m bench.relevance --base-url URL --set FILE [--set FILE ...] [--json]

Scores judged query sets against a running service's GET /api/search and prints success@1, success@3,
MRR@10 and precision@10, overall, by kind of query and by language, then the queries that missed the top 3.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from bench.relevance.score import load_set, report, score, summary

SETS = Path(__file__).parent / "sets"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.relevance", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument("--set", dest="sets", type=Path, action="append",
                        help=f"a judged set (default: every set in {SETS})")
    parser.add_argument("--json", action="store_true", help="print the summaries as JSON")
    args = parser.parse_args(argv)
    paths = args.sets or sorted(SETS.glob("*.json"))
    results = {}
    for path in paths:
        data = load_set(path)
        outcomes = score(args.base_url, data["queries"])
        results[data.get("name", path.stem)] = summary(outcomes)
        if not args.json:
            print(report(f"{data.get('name', path.stem)} ({path})", outcomes), end="\n\n")
    if args.json:
        print(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
