"""Full disk, read-only disk and a database restart under a real service process: clear 507/503 answers in
the common shape, never a 500, health says so with a non-200 status, and nothing acknowledged is lost.

The disk tests mount a small tmpfs (root, as in CI); the restart test runs a PostgreSQL server of its own.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from service.settings import Settings
from tests.conftest import (
    LiveServer,
    free_port,
    load_fixture_records,
    load_records,
    start_live_server,
    stop_live_server,
)
from tests.service.submissions.fixtures import good_payload

FAULT_STATUSES = {503: "store_unavailable", 507: "insufficient_storage"}
RELAXED_RATE = {"GTS_SUBMISSION_RATE": "100000/minute", "GTS_INDEX_CHECK_INTERVAL_S": "0.5"}


def _submit(server: LiveServer, n: int) -> tuple[int, str | None]:
    """One submission: its status, and its tracking token if it was acknowledged."""
    response = httpx.post(server.base_url + "/api/submissions", timeout=30,
                          json=good_payload(title=f"Fault test practice number {n:03d}"))
    if response.status_code == 201:
        return 201, response.json()["tracking_token"]
    assert response.status_code in FAULT_STATUSES, (response.status_code, response.text)
    error = response.json()["error"]
    assert error["code"] in FAULT_STATUSES.values() and error["status"] == response.status_code, error
    if response.status_code == 503:
        assert response.headers["Retry-After"].isdigit()
    return response.status_code, None


def _assert_all_kept(server: LiveServer, tokens: list[str]) -> None:
    for token in tokens:
        response = httpx.get(f"{server.base_url}/api/submissions/{token}", timeout=10)
        assert response.status_code == 200, f"acknowledged submission lost: {response.text}"


def _health(server: LiveServer) -> tuple[int, dict]:
    response = httpx.get(server.base_url + "/api/health", timeout=10)
    return response.status_code, response.json()


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a tmpfs needs root (CI runs as root)")
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=24m", "tmpfs", str(mount_point)], check=True)
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)


def _fill(disk: Path) -> Path:
    filler = disk / "filler"
    with open(filler, "wb") as handle:
        try:
            while True:
                handle.write(b"\0" * (1 << 20))
                handle.flush()
        except OSError:
            pass
    return filler


def test_a_full_disk_is_507_and_nothing_acknowledged_is_lost(small_disk: Path):
    settings = Settings(env="test", data_dir=small_disk / "data")
    load_records(settings, load_fixture_records())
    server = start_live_server(settings.data_dir, RELAXED_RATE)
    try:
        acknowledged = [token for status, token in [_submit(server, 0)] if token]
        filler = _fill(small_disk)
        statuses = []
        for n in range(1, 6):
            status, token = _submit(server, n)
            statuses.append(status)
            acknowledged += [token] if token else []
        assert 507 in statuses or 503 in statuses, statuses  # the disk is full: some write must fail
        status, body = _health(server)
        assert status == 503 and body["disk"]["ok"] is False, body
        filler.unlink()
        status, token = _submit(server, 99)
        assert status == 201 and token
        _assert_all_kept(server, [*acknowledged, token])
    finally:
        stop_live_server(server)


def test_a_read_only_store_is_503_and_reads_go_on(tmp_path: Path):
    # A read-only disk cannot be remounted under a process holding its files open for writing, so the
    # store is opened read-only instead: SQLite answers writes exactly as on a read-only disk.
    settings = Settings(env="test", data_dir=tmp_path / "data")
    load_records(settings, load_fixture_records())
    read_only_url = f"sqlite:///file:{settings.data_dir.resolve() / 'store.sqlite3'}?mode=ro&uri=true"
    server = start_live_server(settings.data_dir, {**RELAXED_RATE, "GTS_DATABASE_URL": read_only_url})
    try:
        status, token = _submit(server, 1)
        assert status == 503 and token is None
        assert httpx.get(server.base_url + "/api/practices/fx-spent-grain", timeout=10).status_code == 200
    finally:
        stop_live_server(server)


@pytest.fixture
def own_postgres() -> Iterator[tuple[str, list[str]]]:
    """A PostgreSQL server for this test alone (it is stopped and started again); yields its URL and the
    pg_ctl command line to pass 'stop'/'start' to."""
    bins = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))
    if not bins:
        pytest.skip("PostgreSQL's binaries are not installed (scripts/with-test-services.sh installs them)")
    pg_bin = bins[-1].parent
    # Directly under /tmp: pytest's own temporary directories are private to root, and PostgreSQL
    # refuses to run as root, so the server runs as `postgres` in a directory it can reach.
    data = Path(tempfile.mkdtemp(prefix="gts-pg-restart-"))
    as_pg: list[str] = []
    if os.geteuid() == 0:
        shutil.chown(data, "postgres")
        as_pg = ["runuser", "-u", "postgres", "--"]
    port = free_port()
    subprocess.run([*as_pg, str(pg_bin / "initdb"), "-D", str(data / "db"), "-U", "gts", "--auth=trust"],
                   check=True, capture_output=True)
    ctl = [*as_pg, str(pg_bin / "pg_ctl"), "-D", str(data / "db"), "-l", str(data / "log"), "-w",
           "-o", f"-p {port} -k {data} -c listen_addresses=127.0.0.1 -c fsync=off"]
    subprocess.run([*ctl, "start"], check=True, capture_output=True)
    try:
        yield f"postgresql+psycopg://gts@127.0.0.1:{port}/postgres", ctl
    finally:
        subprocess.run([*ctl, "-m", "immediate", "stop"], check=False, capture_output=True)
        shutil.rmtree(data, ignore_errors=True)


@pytest.mark.postgres
def test_a_database_restart_is_503_meanwhile_and_nothing_acknowledged_is_lost(
        tmp_path: Path, own_postgres: tuple[str, list[str]]):
    url, ctl = own_postgres
    settings = Settings(env="test", data_dir=tmp_path / "data", database_url=url)
    load_records(settings, load_fixture_records())
    server = start_live_server(settings.data_dir, {**RELAXED_RATE, "GTS_DATABASE_URL": url})
    try:
        acknowledged = [token for status, token in [_submit(server, 0)] if token]
        subprocess.run([*ctl, "-m", "fast", "stop"], check=True, capture_output=True)
        status, token = _submit(server, 1)
        assert status == 503 and token is None
        assert httpx.get(server.base_url + "/api/practices/fx-spent-grain", timeout=30).status_code == 503
        status, body = _health(server)
        assert status == 503 and body["store"]["ok"] is False, body
        subprocess.run([*ctl, "start"], check=True, capture_output=True)
        deadline = time.monotonic() + 30
        while (result := _submit(server, 2))[0] != 201 and time.monotonic() < deadline:
            time.sleep(0.5)
        assert result[0] == 201
        _assert_all_kept(server, [*acknowledged, result[1]])  # type: ignore[list-item]
        assert _health(server)[0] == 200
    finally:
        stop_live_server(server)
