"""Admission control: lanes with deadlines, newest first under overload, stale requests refused fast."""

from __future__ import annotations

import asyncio
import time

import httpx
import pytest

from service.errors import ServiceBusy
from service.security.admission import ARRIVED, LIFO_ABOVE, Admission, Lane, Lanes, lane_of
from tests.service.submissions.fixtures import run_async


def test_a_lane_serves_in_order_and_refuses_past_the_deadline():
    async def scenario() -> tuple[list[int], list[int]]:
        lane = Lane(1)
        served: list[int] = []
        refused: list[int] = []

        async def one(i: int, budget_s: float) -> None:
            try:
                async with lane.turn(time.monotonic() + budget_s):
                    served.append(i)
                    await asyncio.sleep(0.05)
            except ServiceBusy as exc:
                assert exc.status == 503 and exc.headers == {"Retry-After": "1"}
                refused.append(i)

        await asyncio.gather(one(0, 5), one(1, 5), one(2, 0.01), one(3, 5))
        assert lane.free == 1 and not lane.waiters
        return served, refused

    served, refused = run_async(scenario)
    assert served == [0, 1, 3] and refused == [2]


def test_an_overloaded_lane_serves_the_newest_waiter_first():
    async def scenario() -> list[int]:
        lane = Lane(1)
        order: list[int] = []
        gate = asyncio.Event()

        async def one(i: int) -> None:
            async with lane.turn(time.monotonic() + 10):
                order.append(i)
                if i == 0:
                    await gate.wait()

        tasks = [asyncio.create_task(one(i)) for i in range(LIFO_ABOVE + 3)]
        await asyncio.sleep(0.01)
        gate.set()
        await asyncio.gather(*tasks)
        return order

    order = run_async(scenario)
    # While more than LIFO_ABOVE wait, the newest goes first; then first come, first served.
    assert order[:4] == [0, LIFO_ABOVE + 2, LIFO_ABOVE + 1, 1], order
    assert sorted(order) == list(range(LIFO_ABOVE + 3))


def test_a_cancelled_waiter_leaves_the_lane_usable():
    async def scenario() -> Lane:
        lane = Lane(1)
        async with lane.turn(time.monotonic() + 10):
            waiter = asyncio.create_task(_take(lane))
            await asyncio.sleep(0.01)
            waiter.cancel()
            await asyncio.gather(waiter, return_exceptions=True)
        await _take(lane)
        return lane

    lane = run_async(scenario)
    assert lane.free == 1 and not lane.waiters


def _lanes(max_in_flight: int = 128) -> Lanes:
    return Lanes(search_queue_s=0.8, other_queue_s=0.5, search_turns=1, read_turns=2, max_in_flight=max_in_flight)


def _scope(method: str, path: str) -> dict:
    return {"type": "http", "method": method, "path": path, "headers": [], "extensions": {ARRIVED: time.monotonic()}}


def test_requests_go_to_the_search_read_or_write_lane():
    assert lane_of(_scope("GET", "/api/search")) == "search"
    assert lane_of(_scope("HEAD", "/search")) == "search"
    assert lane_of(_scope("GET", "/api/practices/gp-0001")) == "read"
    assert lane_of(_scope("POST", "/api/submissions")) == "write"
    assert lane_of(_scope("POST", "/api/search")) == "write"


def test_a_full_line_refuses_a_newcomer_at_once_not_at_its_deadline():
    async def scenario() -> tuple[float, int]:
        lane = Lane(1, line=2)
        gate = asyncio.Event()

        async def holder() -> None:
            async with lane.turn(time.monotonic() + 10):
                await gate.wait()

        tasks = [asyncio.create_task(holder()) for _ in range(3)]  # one turn, two in line
        await asyncio.sleep(0.01)
        assert lane.full()
        started = time.monotonic()
        with pytest.raises(ServiceBusy):
            await _take(lane)
        waited = time.monotonic() - started
        gate.set()
        await asyncio.gather(*tasks)
        return waited, lane.free

    waited, free = run_async(scenario)
    assert waited < 5  # refused without waiting for its 10-second deadline
    assert free == 1


def test_the_door_counts_requests_let_in_until_their_tasks_reach_their_lanes():
    """The door decides while the loop reads its sockets, before the tasks it starts have taken a step:
    the requests let in since the loop's last turn count, so one batch cannot overfill the lanes."""
    async def scenario() -> tuple[list[bool], list[bool], int]:
        lanes = _lanes(max_in_flight=3)
        first_batch = [lanes.refuses_at_door(_scope("GET", "/api/practices/gp-0001")) for _ in range(5)]
        await asyncio.sleep(0)  # the loop's next turn: the count is cleared (no task took a turn here)
        await asyncio.sleep(0)
        second_batch = [lanes.refuses_at_door(_scope("GET", "/api/search")) for _ in range(4)]
        return first_batch, second_batch, lanes.in_flight()

    first_batch, second_batch, in_flight = run_async(scenario)
    assert first_batch == [False, False, False, True, True]
    assert second_batch == [False, False, False, True]
    assert in_flight == 3


def test_the_door_refuses_a_request_that_waited_past_its_budget_and_lets_writes_through():
    async def scenario() -> tuple[bool, bool, bool]:
        lanes = _lanes(max_in_flight=1)
        stale = _scope("GET", "/api/practices/gp-0001")
        stale["extensions"][ARRIVED] = time.monotonic() - 0.6
        full = [lanes.refuses_at_door(_scope("GET", "/api/search")) for _ in range(2)][-1]
        return lanes.refuses_at_door(stale), full, lanes.refuses_at_door(_scope("POST", "/api/submissions"))

    stale, full, write = run_async(scenario)
    assert stale and full and not write


async def _take(lane: Lane) -> None:
    async with lane.turn(time.monotonic() + 10):
        pass


async def _ok_app(scope, receive, send) -> None:  # type: ignore[no-untyped-def]
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b"ok"})


@pytest.mark.parametrize(("accept", "media"), [("application/json", "application/json"),
                                               ("text/html", "text/html; charset=utf-8")])
def test_a_request_that_waited_past_its_budget_is_refused_before_the_app_runs(accept: str, media: str):
    admission = Admission(_ok_app, lanes=_lanes())

    async def stale(scope, receive, send):  # type: ignore[no-untyped-def]
        scope["extensions"] = {ARRIVED: time.monotonic() - 0.6}  # waited 0.6 s in the server's queue
        await admission(scope, receive, send)

    async def scenario() -> tuple[httpx.Response, httpx.Response]:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=stale), base_url="http://t") as client:
            page = await client.get("/practices/gp-0001", headers={"Accept": accept})
            search = await client.get("/api/search?q=heat")  # the search lane's budget is longer
            return page, search

    page, search = run_async(scenario)
    assert page.status_code == 503 and page.headers["retry-after"] == "1"
    assert page.headers["content-type"] == media
    if media == "application/json":
        assert page.json()["error"]["code"] == "busy"
    assert search.status_code == 200
