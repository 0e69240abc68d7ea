"""Timing import (the indexer command, end to end) and a full index rebuild (the same function it calls)."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from service.db import make_engine, make_sessionmaker
from service.search import indexing
from service.search.factory import make_embedded_backend
from service.settings import REPO_ROOT, Settings
from service.taxonomy import load_taxonomy

_IMPORTED = re.compile(r"imported (\d+) records .* in ([0-9.]+) s")


@dataclass
class BuildTimes:
    records: int
    import_s: float  # the whole `python -m indexer import` command: read, validate, store, index
    store_s: float  # the part it reports for reading, validating and storing
    rebuild_s: float  # a full rebuild of the index from the store, with the atomic swap

    @property
    def import_rate(self) -> float:
        return self.records / self.import_s

    @property
    def rebuild_rate(self) -> float:
        return self.records / self.rebuild_s


def import_and_rebuild(source: Path, data_dir: Path, *, records: int) -> BuildTimes:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "indexer", "import", str(source), "--data-dir", str(data_dir), "--no-progress"],
        cwd=REPO_ROOT, capture_output=True, text=True, check=False)
    import_s = time.perf_counter() - started
    match = _IMPORTED.search(done.stdout)
    if done.returncode != 0 or not match or int(match.group(1)) != records:
        raise RuntimeError(f"import failed ({done.returncode}): {done.stdout[-2000:]} {done.stderr[-2000:]}")
    return BuildTimes(records=records, import_s=import_s, store_s=float(match.group(2)),
                      rebuild_s=rebuild(data_dir, records=records))


def rebuild(data_dir: Path, *, records: int) -> float:
    """Seconds for one full rebuild (read the store, write a new index file, swap it in)."""
    settings = Settings(data_dir=data_dir)
    engine = make_engine(settings.store_url)
    backend = make_embedded_backend(settings)
    try:
        started = time.perf_counter()
        count = indexing.rebuild(make_sessionmaker(engine), backend, load_taxonomy(settings.seed_dir))
        elapsed = time.perf_counter() - started
    finally:
        backend.close()
        engine.dispose()
    if count != records:
        raise RuntimeError(f"rebuild indexed {count} documents, expected {records}")
    return elapsed
