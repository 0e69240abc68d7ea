"""Per-client sliding-window rate limits.

The submission limit is counted in the store (service.security.shared_limits), shared by every worker
process and kept across restarts; SlidingWindowLimiter is the in-memory form for a single process.
The client is the TCP peer; behind a reverse proxy, name it in GTS_TRUSTED_PROXIES so that its
X-Forwarded-For gives the real client (from anyone else the header is ignored).
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable

from fastapi import Request

from service.db import session_scope
from service.errors import TooManyRequests
from service.security import shared_limits

WINDOWS = {"second": 1.0, "minute": 60.0, "hour": 3600.0, "day": 86400.0}
# Forget idle clients once this many are tracked, so a flood of addresses cannot grow memory forever.
PRUNE_ABOVE = 10_000


def parse_rate(rate: str) -> tuple[int, float]:
    """'5/minute' -> (5, 60.0)."""
    count, _, unit = rate.partition("/")
    if unit not in WINDOWS or not count.isdigit() or int(count) < 1:
        raise ValueError(f"expected a rate such as 5/minute, got {rate!r}")
    return int(count), WINDOWS[unit]


class SlidingWindowLimiter:
    def __init__(self, rate: str, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit, self.window = parse_rate(rate)
        self.clock = clock
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def hit(self, key: str) -> float | None:
        """Count one request; returns None if allowed, else the seconds to wait before the next one."""
        now = self.clock()
        with self._lock:
            if len(self._hits) > PRUNE_ABOVE:
                self._prune(now)
            hits = self._hits.setdefault(key, deque())
            while hits and hits[0] <= now - self.window:
                hits.popleft()
            if len(hits) >= self.limit:
                return hits[0] + self.window - now
            hits.append(now)
            return None

    def _prune(self, now: float) -> None:
        for key in [k for k, hits in self._hits.items() if not hits or hits[-1] <= now - self.window]:
            del self._hits[key]


def client_key(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def check_submission_rate(request: Request) -> None:
    """Raise a 429 with Retry-After when this client has used up its submissions for the window.

    Counted in the store (service.security.shared_limits), so the limit holds across worker processes.
    """
    limit, window = parse_rate(request.app.state.settings.submission_rate)
    with session_scope(request.app.state.sessions) as session:
        wait = shared_limits.hit(session, "submission", client_key(request), limit=limit, window_s=window)
    if wait is not None:
        seconds = max(1, math.ceil(wait))
        raise TooManyRequests(f"too many submissions from this address; try again in {seconds} s",
                              headers={"Retry-After": str(seconds)})
