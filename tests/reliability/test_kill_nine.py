"""kill -9 in the middle of an import and of a rebuild: the store and the index are consistent afterwards,
nothing imported is lost or doubled, and the half-built index file does not stay behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
from sqlalchemy import func, select

from service.db import make_engine, make_sessionmaker, migrate, session_scope
from service.practices.models import Practice
from service.settings import REPO_ROOT, Settings
from tests.conftest import start_live_server, stop_live_server

SEED = REPO_ROOT / "seed" / "practices.json"
SEED_COUNT = 640


def _indexer(data_dir: Path, *args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "indexer", *args, "--data-dir", str(data_dir)], cwd=REPO_ROOT,
                            env={**os.environ}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _kill_nine_after(process: subprocess.Popen[bytes], seconds: float) -> None:
    time.sleep(seconds)
    if process.poll() is None:
        process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)


def _stored(data_dir: Path) -> int:
    engine = make_engine(Settings(env="test", data_dir=data_dir).store_url)
    try:
        migrate(engine)  # a process killed before its migrations finished left no table yet
        with session_scope(make_sessionmaker(engine)) as session:
            return session.scalar(select(func.count()).select_from(Practice)) or 0
    finally:
        engine.dispose()


def _search_total(base_url: str) -> int:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        response = httpx.get(base_url + "/api/search", params={"per_page": 1}, timeout=10)
        if response.status_code == 200 and response.json()["total"] == SEED_COUNT:
            return SEED_COUNT
        time.sleep(0.3)
    return response.json().get("total", -1) if response.status_code == 200 else -response.status_code


def test_an_import_killed_half_way_then_run_again_stores_every_record_once(tmp_path: Path):
    data_dir = tmp_path / "data"
    importer = _indexer(data_dir, "import", str(SEED), "--no-progress")
    store = data_dir / "store.sqlite3"
    deadline = time.monotonic() + 60
    while importer.poll() is None and not store.exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    _kill_nine_after(importer, 0.3)  # the store exists: the import is under way
    assert _stored(data_dir) <= SEED_COUNT  # whatever was committed, never more
    finished = _indexer(data_dir, "import", str(SEED), "--no-progress")
    assert finished.wait(timeout=300) == 0
    assert _stored(data_dir) == SEED_COUNT
    server = start_live_server(data_dir)
    try:
        assert _search_total(server.base_url) == SEED_COUNT  # the index agrees with the store
    finally:
        stop_live_server(server)


def test_a_rebuild_killed_half_way_leaves_the_live_index_and_no_leftover_for_long(tmp_path: Path):
    data_dir = tmp_path / "data"
    assert _indexer(data_dir, "import", str(SEED), "--no-progress").wait(timeout=300) == 0
    index = Settings(env="test", data_dir=data_dir).index_path
    rebuild = _indexer(data_dir, "rebuild")
    deadline = time.monotonic() + 60
    while rebuild.poll() is None and time.monotonic() < deadline:  # kill it while its file is being built
        if list(index.parent.glob(index.name + ".building-*")):
            break
        time.sleep(0.01)
    _kill_nine_after(rebuild, 0)
    server = start_live_server(data_dir)
    try:
        assert not list(index.parent.glob(index.name + ".building-*"))  # removed at start-up
        assert _search_total(server.base_url) == SEED_COUNT
    finally:
        stop_live_server(server)
