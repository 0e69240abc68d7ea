"""Shared fixtures: real SQLite files per test, a real PostgreSQL server, a real service process."""

from __future__ import annotations

import atexit
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

from indexer.importer import import_rows
from service.app import create_app
from service.db import make_engine, make_sessionmaker, migrate
from service.search import indexing
from service.search.factory import make_embedded_backend
from service.settings import REPO_ROOT, Settings
from service.taxonomy import load_taxonomy

FIXTURES = Path(__file__).parent / "fixtures"
# The suite makes hundreds of apps; each warming itself up (service.warm_up) would only slow it down.
# Tests of the warm-up, and the bursts that need a process as production starts it, turn it back on.
os.environ.setdefault("GTS_WARM_UP_AT_START", "false")


def load_fixture_records(name: str = "practices.json") -> list[dict[str, Any]]:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def rows_of(records: list[dict[str, Any]]) -> list[tuple[str, dict[str, Any]]]:
    return [(f"item {i}", r) for i, r in enumerate(records, start=1)]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def postgres_admin_url() -> str:
    url = os.environ.get("GTS_TEST_POSTGRES_URL")
    if not url:
        pytest.fail("GTS_TEST_POSTGRES_URL is not set: run the suite with `make test`, which starts PostgreSQL "
                    "(or deselect with -m 'not postgres')")
    return url


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test, dropped afterwards."""
    admin_url = postgres_admin_url()
    name = f"gts_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield admin_url.rsplit("/", 1)[0] + "/" + name
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The store on each database the product supports."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.sqlite3'}"
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(env="test", data_dir=tmp_path / "data", sync_interval_s=0.2)


@pytest.fixture
def sessions(settings: Settings):  # type: ignore[no-untyped-def]
    engine = make_engine(settings.store_url)
    migrate(engine)
    yield make_sessionmaker(engine)
    engine.dispose()


# Data directories already loaded with a given list of records (SQLite store and embedded index), by the
# records' JSON: most tests start from the same fixture practices, and copying two files costs a
# hundredth of importing and indexing them again.
_LOADED_TEMPLATES: dict[str, Path] = {}
_TEMPLATES_ROOT = Path(tempfile.mkdtemp(prefix="gts-test-templates-"))
atexit.register(shutil.rmtree, _TEMPLATES_ROOT, ignore_errors=True)


def load_records(settings: Settings, records: list[dict[str, Any]]) -> None:
    """Import records into the store of ``settings`` and rebuild its embedded index.

    With the default SQLite store in the data directory, the directory is a copy of one loaded once with
    the same records: the same files the import and the rebuild would write."""
    if settings.database_url or settings.search_backend != "sqlite":
        _import_and_index(settings, records)
        return
    key = json.dumps(records, sort_keys=True)
    template = _LOADED_TEMPLATES.get(key)
    if template is None:
        template = _TEMPLATES_ROOT / str(len(_LOADED_TEMPLATES))
        _import_and_index(Settings(env="test", data_dir=template, database_url=None, search_backend="sqlite"), records)
        _LOADED_TEMPLATES[key] = template
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    for path in template.iterdir():
        if path.suffix == ".sqlite3":  # not the lock files
            shutil.copyfile(path, settings.data_dir / path.name)


def _import_and_index(settings: Settings, records: list[dict[str, Any]]) -> None:
    engine = make_engine(settings.store_url)
    migrate(engine)
    factory = make_sessionmaker(engine)
    report = import_rows(factory, rows_of(records), progress=False)
    assert not report.rejected, report.rejected
    backend = make_embedded_backend(settings)
    indexing.rebuild(factory, backend, load_taxonomy(settings.seed_dir))
    backend.close()
    engine.dispose()


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    """An in-process client of an empty instance (the lifespan runs: migrations, backend, sync loop)."""
    with TestClient(create_app(settings)) as test_client:
        yield test_client


@pytest.fixture
def loaded_client(settings: Settings) -> Iterator[TestClient]:
    """An in-process client of an instance holding the fixture practices."""
    load_records(settings, load_fixture_records())
    with TestClient(create_app(settings)) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def shared_loaded_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """One instance holding the fixture practices for a whole module whose tests only read."""
    settings = Settings(env="test", data_dir=tmp_path_factory.mktemp("shared") / "data")
    load_records(settings, load_fixture_records())
    with TestClient(create_app(settings)) as test_client:
        yield test_client


class LiveServer:
    def __init__(self, base_url: str, process: subprocess.Popen[bytes], data_dir: Path) -> None:
        self.base_url = base_url
        self.process = process
        self.data_dir = data_dir

    def url(self, path: str) -> str:
        return self.base_url + path


# The service's admission deadlines (0.5–1 s from arrival) are for a public site under a burst; the test
# machine runs a browser, the suite and several services on two cores, where a page can wait longer than
# that with no burst at all. Live servers of the tests wait as long as a patient user would; the burst
# tests (tests/reliability/test_burst.py) put the production deadlines back.
PATIENT_ADMISSION = {"GTS_SEARCH_QUEUE_S": "10", "GTS_OTHER_QUEUE_S": "10", "GTS_STORE_WAIT_S": "10",
                     "GTS_MAX_IN_FLIGHT": "100000"}


def start_live_server(data_dir: Path, env: dict[str, str] | None = None) -> LiveServer:
    port = free_port()
    process_env = {**os.environ, "GTS_ENV": "test", **PATIENT_ADMISSION, **(env or {})}
    process = subprocess.Popen(
        [sys.executable, "-m", "service", "--data-dir", str(data_dir), "--port", str(port), "--log-level", "warning"],
        cwd=REPO_ROOT, env=process_env)
    base_url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"service exited with {process.returncode}")
        try:
            # 503 is an answer too: the service is up, a part of it (e.g. Meilisearch) is not.
            if httpx.get(base_url + "/api/health", timeout=1).status_code in (200, 503):
                return LiveServer(base_url, process, data_dir)
        except httpx.TransportError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("service did not become healthy in 30 s")


def stop_live_server(server: LiveServer) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.process.kill()


@pytest.fixture
def live_server(settings: Settings) -> Iterator[LiveServer]:
    """The real service process, on a free port, over the fixture practices."""
    load_records(settings, load_fixture_records())
    server = start_live_server(settings.data_dir)
    yield server
    stop_live_server(server)
