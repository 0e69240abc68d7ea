"""Turns at the store: SQLite's writers take turns on the event loop, so they never sleep in its busy handler
while holding a turn the reads need; start-up warms the app before the first request."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import httpx

from bench.burst import SUBMISSION
from service.app import create_app
from service.pages.render import templates
from service.settings import Settings
from tests.service.submissions.fixtures import run_async


def _settings(tmp_path: Path, **overrides: Any) -> Settings:
    return Settings(env="test", data_dir=tmp_path / "data", store_wait_s=0.3, submission_rate="1000/minute",
                    **overrides)


def test_a_write_waits_for_the_writers_turn_while_reads_go_on(tmp_path: Path):
    app = create_app(_settings(tmp_path))

    async def scenario() -> tuple[int, str, int, int]:
        async with app.router.lifespan_context(app), httpx.AsyncClient(
                transport=httpx.ASGITransport(app=app), base_url="http://t") as client:
            async with app.state.writer_lane.turn(time.monotonic() + 10):  # another writer is in the store
                refused = await client.post("/api/submissions", json=SUBMISSION)
                read = await client.get("/api/practices/gp-0001")
            accepted = await client.post("/api/submissions", json=SUBMISSION)
            return refused.status_code, refused.json()["error"]["code"], read.status_code, accepted.status_code

    refused, code, read, accepted = run_async(scenario)
    assert (refused, code) == (503, "busy")  # past its wait, a fast 503 with Retry-After, nothing stored
    assert read == 404  # the read was served meanwhile (there is no such practice in an empty store)
    assert accepted == 201


def test_only_a_store_that_admits_one_writer_gets_a_writers_lane(tmp_path: Path, store_url: str):
    app = create_app(_settings(tmp_path, database_url=store_url))

    async def scenario() -> tuple[str, object]:
        async with app.router.lifespan_context(app):
            return app.state.engine.dialect.name, app.state.writer_lane

    dialect, writer_lane = run_async(scenario)
    assert (writer_lane is not None) == (dialect == "sqlite")


def test_start_up_renders_the_busiest_pages_once_before_serving(tmp_path: Path):
    cache = templates.env.cache
    assert cache is not None
    cache.clear()
    app = create_app(_settings(tmp_path, warm_up_at_start=True))

    async def scenario() -> set[str]:
        async with app.router.lifespan_context(app):
            return {name for _, name in cache.keys()}

    compiled = run_async(scenario)
    assert {"search.html", "_results.html", "embed.html"} <= compiled, compiled
