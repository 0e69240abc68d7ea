"""The app's background sync loop: it stops when shutdown asks, whatever it was doing."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from types import SimpleNamespace
from typing import Any, cast

import pytest
from fastapi import FastAPI

from service import app as app_module
from service.settings import Settings


def _run(scenario: Callable[[], Coroutine[Any, Any, None]]) -> None:
    """asyncio.run in a thread of its own: the browser tests' Playwright keeps an event loop running in
    the main thread for the whole session, and asyncio.run refuses to start beside it."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(lambda: asyncio.run(scenario())).result(timeout=30)


def _app(tmp_path) -> SimpleNamespace:
    state = SimpleNamespace(settings=Settings(env="test", data_dir=tmp_path, sync_interval_s=5.0),
                            sync_wanted=asyncio.Event(), stopping=False, sessions=None, search=None, taxonomy=None)
    return SimpleNamespace(state=state)


@pytest.mark.parametrize("set_flag", [False, True])
def test_a_cancellation_arriving_as_a_sync_is_requested_still_stops_the_loop(tmp_path, monkeypatch,
                                                                             set_flag: bool) -> None:
    """asyncio.wait_for on Python 3.11 swallows a cancellation that lands in the same loop turn as the
    event it waits for; the loop then ran forever and the service never finished shutting down."""
    syncs: list[int] = []
    monkeypatch.setattr(app_module.sync, "sync", lambda *args: syncs.append(1))

    async def scenario() -> None:
        app = _app(tmp_path)
        task = asyncio.create_task(app_module._sync_loop(cast(FastAPI, app)))
        for _ in range(3):
            await asyncio.sleep(0)  # the loop is now waiting for the event
        app.state.stopping = set_flag
        app.state.sync_wanted.set()
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await asyncio.wait_for(task, timeout=2)  # the old loop is still running here: TimeoutError

    _run(scenario)


def test_a_requested_sync_runs_and_the_loop_waits_for_the_next(tmp_path, monkeypatch) -> None:
    syncs: list[int] = []
    monkeypatch.setattr(app_module.sync, "sync", lambda *args: syncs.append(1))

    async def scenario() -> None:
        app = _app(tmp_path)
        task = asyncio.create_task(app_module._sync_loop(cast(FastAPI, app)))
        app.state.sync_wanted.set()
        for _ in range(50):
            await asyncio.sleep(0.01)
            if syncs:
                break
        assert syncs == [1] and not task.done()
        app.state.stopping = True
        app.state.sync_wanted.set()
        await asyncio.wait_for(task, timeout=2)

    _run(scenario)


def test_start_up_freezes_what_it_loaded_once_per_process(client) -> None:
    """The collector skips start-up's objects (a full collection walking them was the search page's p99);
    a second app in the same process freezes nothing more, so the tests' many apps cannot pile up."""
    import gc

    assert client.get("/api/health").status_code == 200
    frozen = gc.get_freeze_count()
    assert frozen > 0
    app_module._freeze_long_lived()
    assert gc.get_freeze_count() == frozen
