"""200 concurrent submissions to the real service process: all stored, none twice (SQLite and PostgreSQL)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
from sqlalchemy import create_engine, func, select

from service.submissions.models import Submission
from service.submissions.service import hash_token
from tests.conftest import start_live_server, stop_live_server
from tests.service.submissions.fixtures import good_payload, run_async

COUNT = 200


async def send_all(base_url: str) -> list[httpx.Response]:
    """Send COUNT submissions at once. A saturated service may refuse some with a fast 503 and
    Retry-After (nothing stored, nothing acknowledged); such a submission is sent again after that wait,
    as a well-behaved client does, at most a few times."""
    limits = httpx.Limits(max_connections=COUNT, max_keepalive_connections=COUNT)
    async with httpx.AsyncClient(base_url=base_url, limits=limits, timeout=120) as client:
        async def submit(i: int) -> httpx.Response:
            for _ in range(10):
                response = await client.post(
                    "/api/submissions", json=good_payload(title=f"Concurrent practice number {i:03d}"))
                if response.status_code != 503:
                    return response
                assert response.headers.get("Retry-After"), "a 503 must say when to retry"
                await asyncio.sleep(float(response.headers["Retry-After"]))
            return response
        return await asyncio.gather(*(submit(i) for i in range(COUNT)))


def test_200_concurrent_submissions_are_all_stored_once(tmp_path: Path, store_url: str):
    server = start_live_server(tmp_path / "data", {"GTS_DATABASE_URL": store_url,
                                                   "GTS_SUBMISSION_RATE": "100000/minute"})
    try:
        responses = run_async(lambda: send_all(server.base_url))
    finally:
        stop_live_server(server)
    assert [r.status_code for r in responses] == [201] * COUNT, {r.status_code for r in responses}
    tokens = [r.json()["tracking_token"] for r in responses]
    assert len(set(tokens)) == COUNT
    engine = create_engine(store_url)
    try:
        with engine.connect() as conn:
            assert conn.scalar(select(func.count()).select_from(Submission.__table__)) == COUNT
            hashes = set(conn.scalars(select(Submission.tracking_hash)))
            titles = list(conn.scalars(select(Submission.title)))
    finally:
        engine.dispose()
    assert hashes == {hash_token(t) for t in tokens}
    assert sorted(titles) == [f"Concurrent practice number {i:03d}" for i in range(COUNT)]
