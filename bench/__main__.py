"""python -m bench [--quick] [--scale N]: the whole benchmark in one run; writes docs/benchmarks.md."""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from bench.run import Config, run
from service.settings import REPO_ROOT


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true",
                        help="small scale for a fast check: 200 and 2,000 practices, 20 requests, 1 s of load")
    parser.add_argument("--scale", type=int, help="the large scale (default 100,000)")
    parser.add_argument("--small", type=int, help="the small scale (default 600)")
    parser.add_argument("--repeat", type=int, help="requests per query type (default 100)")
    parser.add_argument("--load-seconds", type=float, help="seconds of load per endpoint and client count (default 4)")
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "docs" / "benchmarks.md")
    parser.add_argument("--workdir", type=Path, help="where corpora, stores and indexes go (default: a temp dir)")
    args = parser.parse_args(argv)

    defaults = (200, 2_000, 20, 1.0) if args.quick else (600, 100_000, 100, 4.0)
    small, large = args.small or defaults[0], args.scale or defaults[1]
    scales = tuple(sorted({small, large}))
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        config = Config(scales=scales, repeat=args.repeat or defaults[2], load_seconds=args.load_seconds or defaults[3],
                        workdir=args.workdir or Path(tmp), out=args.out,
                        argv=" ".join(argv if argv is not None else sys.argv[1:]))
        config.workdir.mkdir(parents=True, exist_ok=True)
        run(config)
    return 0


if __name__ == "__main__":
    sys.exit(main())
