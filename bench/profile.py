"""python -m bench.profile DATA_DIR [--query NAME] [--repeat N]: where in-process search time goes.

Runs each query type of the mix ``repeat`` times under pyinstrument and prints the call tree, so that
a claim about what is slow comes with function names and their shares of the time.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from pyinstrument import Profiler

from bench.queries import QUERY_MIX
from service.search.factory import make_embedded_backend
from service.search.query import parse_query
from service.settings import Settings
from service.taxonomy import load_taxonomy


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.profile", description=__doc__)
    parser.add_argument("data_dir", type=Path, help="a data directory with a built index (from --workdir)")
    parser.add_argument("--query", choices=[q.name for q in QUERY_MIX], action="append",
                        help="query types to profile (default: all, one tree each)")
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args(argv)

    settings = Settings(data_dir=args.data_dir)
    backend = make_embedded_backend(settings)
    taxonomy = load_taxonomy(settings.seed_dir)
    backend.count()  # the snapshot load is start-up work, not search work
    for query_type in QUERY_MIX:
        if args.query and query_type.name not in args.query:
            continue
        query = parse_query(query_type.params, taxonomy)
        backend.search(query)
        profiler = Profiler(interval=0.0005)
        with profiler:
            for _ in range(args.repeat):
                backend.search(query)
        print(f"=== {query_type.name}: {query_type.label}, {args.repeat} searches")
        print(profiler.output_text(unicode=True, color=False, show_all=False))
    backend.close()


if __name__ == "__main__":
    main()
