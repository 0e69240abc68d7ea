"""The embedded index deleted or overwritten while serving, or damaged at start-up, heals without a command.

A real service process over the fixture practices; the index file is attacked from outside, as an
operator's mistake or a disk error would. Search must answer again, with every practice of the store
(nothing lost), while the health report says what was wrong until it is mended.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from service.settings import Settings
from tests.conftest import LiveServer, load_fixture_records, load_records, start_live_server, stop_live_server

FIXTURE_COUNT = len(load_fixture_records())
# Generous: the check runs every half second here, a rebuild of the fixtures takes well under a second.
HEAL_WITHIN_S = 60
FAST_CHECKS = {"GTS_INDEX_CHECK_INTERVAL_S": "0.5"}


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    settings = Settings(env="test", data_dir=tmp_path / "data")
    load_records(settings, load_fixture_records())
    return settings


@pytest.fixture
def server(settings: Settings) -> Iterator[LiveServer]:
    live = start_live_server(settings.data_dir, FAST_CHECKS)
    yield live
    stop_live_server(live)


def _search_total(server: LiveServer) -> int | None:
    response = httpx.get(server.base_url + "/api/search", params={"per_page": 1}, timeout=10)
    if response.status_code == 503:
        assert response.json()["error"]["code"] == "search_unavailable"
        assert response.headers["Retry-After"].isdigit()
        return None
    assert response.status_code == 200, response.text
    return response.json()["total"]


def _wait_for(condition: Callable[[], bool]) -> None:
    deadline = time.monotonic() + HEAL_WITHIN_S
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    pytest.fail(f"not healed within {HEAL_WITHIN_S} s")


def _healthy(server: LiveServer) -> bool:
    response = httpx.get(server.base_url + "/api/health", timeout=10)
    body = response.json()
    assert (response.status_code == 200) == body["ok"], body
    return body["ok"]


def test_an_index_deleted_while_serving_is_rebuilt(server: LiveServer, settings: Settings):
    assert _search_total(server) == FIXTURE_COUNT
    settings.index_path.unlink()
    # Searches meanwhile: 503 with Retry-After, never a 500 (checked in _search_total).
    _wait_for(lambda: _search_total(server) == FIXTURE_COUNT)
    _wait_for(lambda: _healthy(server))


def test_an_index_overwritten_with_garbage_while_serving_is_rebuilt(server: LiveServer, settings: Settings):
    assert _search_total(server) == FIXTURE_COUNT
    size = settings.index_path.stat().st_size
    with open(settings.index_path, "r+b") as index:  # same file, same inode: pages damaged in place
        index.write(b"\x00garbage" * (size // 8))
    _wait_for(lambda: _search_total(server) == FIXTURE_COUNT)
    _wait_for(lambda: _healthy(server))


def test_a_damaged_index_and_leftover_builds_at_start_up_are_dealt_with(settings: Settings):
    settings.index_path.write_bytes(b"not an index at all" * 100)
    leftover = settings.index_path.with_name(settings.index_path.name + ".building-4242-1")
    leftover.write_bytes(b"half a rebuild killed with -9")
    live = start_live_server(settings.data_dir, FAST_CHECKS)
    try:
        _wait_for(lambda: _search_total(live) == FIXTURE_COUNT)
        assert not leftover.exists()
        _wait_for(lambda: _healthy(live))
    finally:
        stop_live_server(live)


def test_health_reports_an_index_problem_with_a_non_200_status(settings: Settings):
    # Checks far apart: the problem stays visible long enough to be seen.
    live = start_live_server(settings.data_dir, {"GTS_INDEX_CHECK_INTERVAL_S": "3600"})
    try:
        settings.index_path.unlink()
        response = httpx.get(live.base_url + "/api/health", timeout=10)
        assert response.status_code == 503
        assert response.json()["ok"] is False and response.json()["search"]["ok"] is False
    finally:
        stop_live_server(live)
