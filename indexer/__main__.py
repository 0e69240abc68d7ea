"""python -m indexer: import, validate, export and (re)index practices, news, events and calls.

    python -m indexer import PATH|URL [--format json|ndjson|csv] [--kind news|event|call] [--strict]
    python -m indexer validate PATH|URL [--strict] check a file without importing it
    python -m indexer rebuild                      rebuild the search index from the store
    python -m indexer sync                         push queued changes to the search index
    python -m indexer export [--format F] [--out FILE]

Every command takes --data-dir DIR (or GTS_DATA_DIR). Exit status: 0 on success, 1 when some records
were rejected, 2 when the source or the command itself failed.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date
from pathlib import Path


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir", type=Path, default=argparse.SUPPRESS,
                        help="where the store and index live (GTS_DATA_DIR, default ./data)")
    parser = argparse.ArgumentParser(prog="python -m indexer", description=__doc__, parents=[common],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    for name, text in (("import", "import records from a file or URL"), ("validate", "check a file only")):
        p = sub.add_parser(name, parents=[common], help=text)
        p.add_argument("source", help="a path or an http(s) URL")
        p.add_argument("--format", choices=("json", "ndjson", "csv"), help="default: from the name or content")
        p.add_argument("--no-progress", action="store_true")
        p.add_argument("--kind", choices=("news", "event", "call"),
                       help="the file holds news, events or calls (or give each record a `kind`)")
        p.add_argument("--shift-dates-from", type=date.fromisoformat, metavar="YYYY-MM-DD",
                       help="items: the file's dates were written as if today were this date; move them to today")
        p.add_argument("--strict", action="store_true",
                       help="reject records with a column or key that is not a field of the format "
                            "(default: warn and ignore it)")
    sub.add_parser("rebuild", parents=[common], help="rebuild the search index from the store")
    sub.add_parser("sync", parents=[common], help="push queued changes to the search index")
    p = sub.add_parser("export", parents=[common], help="write the store in the record format")
    p.add_argument("--format", choices=("json", "ndjson", "csv"), default="json")
    p.add_argument("--out", type=Path, help="file to write (default: standard output)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if getattr(args, "data_dir", None) is not None:
        os.environ["GTS_DATA_DIR"] = str(args.data_dir)

    from indexer import commands

    try:
        return commands.run(args)
    except commands.CommandError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
