"""Admission control: requests queue in lanes with a deadline; what cannot be served in time is refused fast.

In a burst the cost is not one request but the queue in front of it: a thousand connections opened
together are parsed and started on one event loop, and without a limit the last of them waits for all
the work of the others, a search sent meanwhile as well. So:

- Every request is stamped with its arrival (StampedHttpProtocol + LoopWatch, which also counts the time
  a request waited unseen in the kernel while the loop was busy).
- Work goes through lanes (Lane): the search lane (embedded searches and search pages, a few
  milliseconds of event-loop work each: one at a time, handed over once per loop turn, so the loop reads
  its sockets between two searches), the read lane (every other GET or HEAD: as many at once as worker
  threads) and, behind them, the store lane (service.deps.store_turn: no more requests at the store than
  worker threads and pooled connections; on SQLite one writer at a time).
- The door (FrontDoor, consulted by the HTTP protocol before it starts a task): what already waited past
  its budget, or would put more than `max_in_flight` reads and searches in flight, gets a canned 503 at
  the socket. In a burst, refusals then cost the loop a write each, not a task and a trip through the
  middleware, and the lanes' lines stay as short as what can be served in time.
- A request waits in its lane until its deadline (arrival + the lane's budget); past it, a fast 503 in
  the common shape with Retry-After, before any work is done for it. Refusing costs a fraction of a
  millisecond, so an old queue drains in a blink.
- Under overload a lane serves its newest waiter first (adaptive LIFO): the oldest waiters are the ones
  about to be refused anyway, and the newest, a search sent in the middle of a burst, still has its
  whole budget. Without overload the order is first come, first served.
- The Admission middleware refuses at once what already waited longer than its budget before the app
  saw it.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import orjson
from starlette.types import ASGIApp, Receive, Scope, Send
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from service.errors import ServiceBusy, error_body

ARRIVED = "gts.arrived"  # key in scope["extensions"]: time.monotonic() when the request arrived
SEARCH_PATHS = frozenset({"/api/search", "/search", "/", "/embed"})
RETRY_AFTER_S = 1
# A lane with more waiters than this serves the newest first.
LIFO_ABOVE = 8
BUSY_MESSAGE = "the service is busy; please try again in a moment"
_BUSY_JSON = orjson.dumps(error_body(503, "busy", BUSY_MESSAGE))
_BUSY_HTML = ("<!doctype html><html lang=\"en\"><meta charset=\"utf-8\"><title>Busy – try again</title>"
              f"<h1>Busy</h1><p>{BUSY_MESSAGE.capitalize()}.</p></html>").encode()


def busy() -> ServiceBusy:
    return ServiceBusy(BUSY_MESSAGE, headers={"Retry-After": str(RETRY_AFTER_S)})


class LoopWatch:
    """Knows since when the event loop has not looked at its sockets, within one heartbeat.

    A request's bytes are read only when the loop polls its sockets; while the loop is busy, new requests
    wait unseen in the kernel. A heartbeat timer due every `interval_s` records its due time when it
    runs: after a stall it runs late, and a request read just after may have arrived as early as that
    due time. Stamping requests with it counts the unseen wait too (at worst one heartbeat too much).
    """

    def __init__(self, interval_s: float = 0.02) -> None:
        self.interval_s = interval_s
        self.horizon = time.monotonic()
        self._timer: asyncio.TimerHandle | None = None

    def start(self) -> None:
        self.horizon = time.monotonic()
        self._schedule(asyncio.get_running_loop(), self.horizon)

    def stop(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _schedule(self, loop: asyncio.AbstractEventLoop, due: float) -> None:
        self._timer = loop.call_at(loop.time() + (due - time.monotonic()), self._beat, loop, due)

    def _beat(self, loop: asyncio.AbstractEventLoop, due: float) -> None:
        self.horizon = due
        self._schedule(loop, max(due, time.monotonic()) + self.interval_s)

    def arrival(self) -> float:
        return min(time.monotonic(), self.horizon)


LOOP_WATCH = LoopWatch()  # one event loop per service process; started and stopped by the app's lifespan


class HeadTooLarge(Exception):
    """Raised inside the parser's callbacks; the parser reports it as a parse error."""


class StampedHttpProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol with the service's limits:

    - each request is stamped with its arrival (LoopWatch), for admission control;
    - a request whose line and headers pass `max_head_bytes` is answered 431 in the common shape;
    - a client that has not sent its whole request (headers and body) `read_timeout_s` after it began
      is cut off with 408 in the common shape (the app, if it was reading the body, sees the client
      leave). Slow clients cannot hold connections open for ever;
    - every other malformed request gets 400 in the common shape, not uvicorn's plain text.
    The limits are class-wide (one server per process) and set from the settings by `configure`.
    """

    read_timeout_s = 10.0
    max_head_bytes = 16 * 1024

    @classmethod
    def configure(cls, *, read_timeout_s: float, max_head_bytes: int) -> None:
        cls.read_timeout_s, cls.max_head_bytes = read_timeout_s, max_head_bytes

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._head_bytes = 0
        self._head_too_large = False
        self._read_timer: asyncio.TimerHandle | None = None
        self._start_read_timer()

    def connection_lost(self, exc: Exception | None) -> None:
        self._stop_read_timer()
        super().connection_lost(exc)

    def _start_read_timer(self) -> None:
        if self._read_timer is None:
            self._read_timer = self.loop.call_later(self.read_timeout_s, self._cut_slow_client)

    def _stop_read_timer(self) -> None:
        if self._read_timer is not None:
            self._read_timer.cancel()
            self._read_timer = None

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self.scope["extensions"] = {ARRIVED: LOOP_WATCH.arrival()}  # type: ignore[typeddict-unknown-key,dict-item]
        self._head_bytes = 0
        self._start_read_timer()

    def on_url(self, url: bytes) -> None:
        self._count_head(len(url))
        super().on_url(url)

    def on_header(self, name: bytes, value: bytes) -> None:
        self._count_head(len(name) + len(value) + 4)
        super().on_header(name, value)

    def _count_head(self, size: int) -> None:
        self._head_bytes += size
        if self._head_bytes > self.max_head_bytes:
            self._head_too_large = True
            raise HeadTooLarge

    def on_message_complete(self) -> None:
        self._stop_read_timer()
        super().on_message_complete()

    def _start_asgi_task(self, cycle: Any, app: Any) -> None:
        if not FRONT_DOOR.refuses(cycle.scope):
            super()._start_asgi_task(cycle, app)
            return
        cycle.response_complete = True  # a body still arriving is not kept
        body, media = busy_response(cycle.scope["headers"])
        self.transport.write(b"HTTP/1.1 503 Service Unavailable\r\ncontent-type: %s\r\ncontent-length: %d\r\n"
                             b"retry-after: %d\r\nconnection: close\r\n\r\n" % (media, len(body), RETRY_AFTER_S)
                             + body)
        self.transport.close()

    def _cut_slow_client(self) -> None:
        self._read_timer = None
        if self.transport.is_closing():
            return
        if self.cycle is None or self.cycle.response_complete or not self.cycle.response_started:
            # The app, if it was waiting for the body, sees the client leave; nothing more is sent.
            self._answer_and_close(408, "request_timeout",
                                   f"the request was not received within {self.read_timeout_s:g} s")
        else:
            self.transport.close()

    def send_400_response(self, msg: str) -> None:
        if self._head_too_large:
            self._answer_and_close(431, "request_header_fields_too_large",
                                   f"the request line and headers must stay under {self.max_head_bytes} bytes")
        else:
            self._answer_and_close(400, "bad_request", "malformed HTTP request")

    def _answer_and_close(self, status: int, code: str, message: str) -> None:
        body = orjson.dumps(error_body(status, code, message))
        reason = {400: b"Bad Request", 408: b"Request Timeout", 431: b"Request Header Fields Too Large"}[status]
        self.transport.write(b"HTTP/1.1 %d %s\r\ncontent-type: application/json\r\ncontent-length: %d\r\n"
                             b"connection: close\r\n\r\n" % (status, reason, len(body)) + body)
        self.transport.close()


def arrived_at(scope: Scope | dict[str, Any]) -> float | None:
    return (scope.get("extensions") or {}).get(ARRIVED)


def deadline(scope: Scope | dict[str, Any], budget_s: float) -> float:
    """time.monotonic() by which a request must have its turn: its arrival (or now) plus the budget."""
    arrived = arrived_at(scope)
    return (time.monotonic() if arrived is None else arrived) + budget_s


class Lane:
    """A fixed number of turns; waiters queue until their deadline, newest first under overload.

    A turn given back goes to the next waiter, whose task resumes on the loop's next turn: between two
    searches the loop reads its sockets, so new arrivals are seen and stamped.
    """

    def __init__(self, turns: int, *, line: int | None = None) -> None:
        self.turns = turns
        self.free = turns
        self.waiters: deque[asyncio.Future[None]] = deque()
        self.line = line  # how many may wait; None: as many as come (each until its deadline)

    def full(self) -> bool:
        """Every turn taken and the line full.

        A newcomer would only add to a wait that is already long enough. Refusing it at once, while
        refusing is cheap, beats refusing it at its deadline in a crowd of others: the line stays short,
        and a request that does get in is served soon.
        """
        if self.line is None:
            return False
        return len(self.waiters) >= self.line and self.free == 0

    @asynccontextmanager
    async def turn(self, deadline_s: float) -> AsyncIterator[None]:
        await self._acquire(deadline_s)
        try:
            yield
        finally:
            self._hand_over()

    async def _acquire(self, deadline_s: float) -> None:
        if self.free > 0 and not self.waiters:
            self.free -= 1
            return
        if self.full():
            raise busy()
        loop = asyncio.get_running_loop()
        waiter: asyncio.Future[None] = loop.create_future()
        self.waiters.append(waiter)
        timer = loop.call_at(loop.time() + (deadline_s - time.monotonic()), _expire, waiter)
        granted = False
        try:
            await waiter
            granted = True
        except asyncio.CancelledError:
            if waiter.done() and not waiter.cancelled() and waiter.exception() is None:
                loop.call_soon(self._hand_over)  # granted just as the client went away: pass it on
                granted = True  # no longer waiting
            raise
        except TimeoutError:
            raise busy() from None
        finally:
            timer.cancel()
            if not granted:
                self._forget(waiter)

    def _forget(self, waiter: asyncio.Future[None]) -> None:
        try:
            self.waiters.remove(waiter)
        except ValueError:
            pass

    def _hand_over(self) -> None:
        while self.waiters:
            waiter = self.waiters.pop() if len(self.waiters) > LIFO_ABOVE else self.waiters.popleft()
            if not waiter.done():
                waiter.set_result(None)  # the turn passes on; `free` is unchanged
                return
        self.free += 1


def _expire(waiter: asyncio.Future[None]) -> None:
    if not waiter.done():
        waiter.set_exception(TimeoutError())


def lane_of(scope: Scope) -> str:
    """search: the searches and search pages; read: every other GET or HEAD; write: the rest.

    Writes pass the front door without a turn: they read a body first (a slow client would hold a turn
    while it trickles in) and wait for their turn at the store (service.deps.store_turn) once it is read.
    """
    if scope["method"] not in ("GET", "HEAD"):
        return "write"
    return "search" if scope["path"] in SEARCH_PATHS else "read"


class Lanes:
    """The front door's lanes and their budgets, made once per app.

    `search_turns` is how many searches may run at once: 1 for the embedded index (its work runs on the
    event loop, one at a time anyway), more for a network backend whose searches wait in threads.
    `read_turns`: how many other reads may be inside the app at once (the worker threads).
    """

    def __init__(self, *, search_queue_s: float, other_queue_s: float, search_turns: int, read_turns: int,
                 max_in_flight: int) -> None:
        self.budgets = {"search": search_queue_s, "read": other_queue_s, "write": other_queue_s}
        # The lanes' own lines are as long as the door allows; behind the door its total is what binds.
        self.lanes = {"search": Lane(search_turns, line=max_in_flight), "read": Lane(read_turns, line=max_in_flight)}
        self.max_in_flight = max_in_flight
        # Requests let in at the door whose tasks have not reached their lane yet. The door decides while
        # the loop reads its sockets, and the tasks it starts take their first step on the loop's next
        # turn, all of them before the door decides again: so counting since the last turn is exact, and
        # the count is cleared once per turn (no request can leave it unbalanced).
        self._arriving = dict.fromkeys(self.lanes, 0)
        self._clear_scheduled = False

    def refuses_at_door(self, scope: Scope | dict[str, Any]) -> bool:
        """True when the request waited past its budget already, or the lanes hold `max_in_flight` already."""
        name = lane_of(scope)
        if time.monotonic() >= deadline(scope, self.budgets[name]):
            return True
        if name not in self.lanes:
            return False
        if self.in_flight() >= self.max_in_flight:
            return True
        self._arriving[name] += 1
        if not self._clear_scheduled:
            self._clear_scheduled = True
            asyncio.get_running_loop().call_soon(self._clear_arriving)
        return False

    def in_flight(self) -> int:
        """Reads and searches holding a turn, waiting for one, or on their way to their lane."""
        return sum(lane.turns - lane.free + len(lane.waiters) for lane in self.lanes.values()) + sum(
            self._arriving.values())

    def _clear_arriving(self) -> None:
        self._arriving = dict.fromkeys(self.lanes, 0)
        self._clear_scheduled = False


class FrontDoor:
    """The lanes of the app this process serves, for the HTTP protocol to consult before it starts a task.

    Refusing at the socket costs a canned write: no task, no middleware, no routing. In a burst of a
    thousand, that is what keeps the event loop free to read the sockets, so a search sent meanwhile is
    read and served at once instead of behind a wall of refusals. Opened and closed by the app's lifespan.
    """

    def __init__(self) -> None:
        self.lanes: Lanes | None = None

    def refuses(self, scope: Scope | dict[str, Any]) -> bool:
        return self.lanes is not None and scope.get("type") == "http" and self.lanes.refuses_at_door(scope)


FRONT_DOOR = FrontDoor()  # one HTTP server per service process


class Admission:
    """Pure ASGI: refuses requests past their lane's deadline; runs the rest through their lanes."""

    def __init__(self, app: ASGIApp, *, lanes: Lanes) -> None:
        self.app = app
        self.lanes = lanes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        name = lane_of(scope)
        due = deadline(scope, self.lanes.budgets[name])
        if time.monotonic() >= due:
            await _refuse(scope, send)
            return
        lane = self.lanes.lanes.get(name)
        if lane is None:
            await self.app(scope, receive, send)
            return
        try:
            async with lane.turn(due):
                await self.app(scope, receive, send)
        except ServiceBusy:
            await _refuse(scope, send)


def busy_response(headers: list[tuple[bytes, bytes]] | Any) -> tuple[bytes, bytes]:
    """The 503's body and media type: a page for browsers, the common JSON shape for everyone else."""
    html = any(name == b"accept" and b"text/html" in value for name, value in headers)
    return (_BUSY_HTML, b"text/html; charset=utf-8") if html else (_BUSY_JSON, b"application/json")


async def _refuse(scope: Scope, send: Send) -> None:
    body, media = busy_response(scope["headers"])
    await send({"type": "http.response.start", "status": 503,
                "headers": [(b"content-type", media), (b"content-length", str(len(body)).encode()),
                            (b"retry-after", str(RETRY_AFTER_S).encode()), (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})
