"""A burst: N requests opened at the same instant, each on its own connection, against one local port.

    python -m bench.burst --port 8000 [--count 1000] [--mix default|practice|health]

Prints how many answered with each status, the slowest answer, whether every 503 was fast and carried
Retry-After, and how long a search sent in the middle of the burst took. Loopback only; every request
has a time limit, so a stalled server is reported, not waited for forever.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

LOOPBACK = "127.0.0.1"

SUBMISSION = {
    "title": "Burst test: heat recovery from a compressor room",
    "summary": "A small workshop reused the heat of its air compressor to warm its store room in winter.",
    "description": "The warm air of a 15 kW compressor is ducted to the store room from October to March, "
                   "replacing an electric heater; a thermostat flap sends it outside in summer.",
    "organisation": "Burst Test Workshop",
    "country": "AT",
    "sectors": ["metals"],
    "impacts": ["energy-efficiency"],
    "key_areas": ["production-processes"],
    "company_size": "small",
    "year": 2024,
    "language": "en",
    "submitter_name": "Burst Test",
    "submitter_email": "burst@example.org",
    "consent": True,
}

MIXES: dict[str, list[tuple[str, str]]] = {
    # (method, path) cycled over the burst's requests
    "default": [("GET", "/api/search?q=heat+recovery"), ("GET", "/practices/gp-0028"),
                ("GET", "/api/practices/gp-0028"), ("GET", "/api/health"), ("GET", "/search?q=led"),
                ("GET", "/api/search?sector=food-beverages"), ("GET", "/api/practices/gp-0101"),
                ("GET", "/practices/gp-0300"), ("GET", "/api/search?q=insulation&sort=payback"),
                ("POST", "/api/submissions")],
    "practice": [("GET", "/api/practices/gp-0028")],
    "health": [("GET", "/api/health")],
}


@dataclass
class Answer:
    status: int
    seconds: float
    retry_after: str | None = None
    body: bytes = b""


@dataclass
class BurstReport:
    count: int
    statuses: Counter[int] = field(default_factory=Counter)
    slowest_s: float = 0.0
    slow_503: int = 0  # 503 answers that took longer than a second: a queue, not a deliberate refusal
    missing_retry_after: int = 0
    probe_search_s: float | None = None
    probe_status: int | None = None
    refusal_body: bytes | None = None  # the body of one 503, to check its shape
    by_request: dict[str, Counter[int]] = field(default_factory=dict)  # "METHOD path" -> statuses
    slowest_by_request: dict[str, float] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"count": self.count, "statuses": dict(sorted(self.statuses.items())),
                "slowest_s": round(self.slowest_s, 3), "slow_503": self.slow_503,
                "missing_retry_after": self.missing_retry_after,
                "probe_search_s": None if self.probe_search_s is None else round(self.probe_search_s, 3),
                "probe_status": self.probe_status,
                "by_request": {name: {"statuses": dict(sorted(statuses.items())),
                                      "slowest_s": round(self.slowest_by_request[name], 3)}
                               for name, statuses in self.by_request.items()}}


async def _request(port: int, method: str, path: str, body: bytes, timeout_s: float) -> Answer:
    started = time.perf_counter()
    try:
        async with asyncio.timeout(timeout_s):
            reader, writer = await asyncio.open_connection(LOOPBACK, port, limit=1 << 22)
            try:
                head = (f"{method} {path} HTTP/1.1\r\nHost: {LOOPBACK}:{port}\r\nConnection: close\r\n"
                        f"Accept: application/json\r\n")
                if method == "POST":
                    head += f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
                writer.write(head.encode("ascii") + b"\r\n" + (body if method == "POST" else b""))
                raw_head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
                headers = {k.strip().lower(): v.strip()
                           for k, _, v in (line.partition(":") for line in raw_head[1:] if line)}
                body = await reader.read()  # Connection: close, so the body ends with the connection
                return Answer(int(raw_head[0].split(" ", 2)[1]), time.perf_counter() - started,
                              headers.get("retry-after"), body)
            finally:
                writer.close()
    except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError, IndexError):
        # No answer in time, or the connection was refused or cut: status 0 says so.
        return Answer(0, time.perf_counter() - started)


async def burst(port: int, count: int, mix: str = "default", timeout_s: float = 10.0,
                probe_delay_s: float = 0.2) -> BurstReport:
    """Open `count` requests at once; after `probe_delay_s`, time one more search beside them."""
    plan = MIXES[mix]
    body = json.dumps(SUBMISSION).encode()
    start = asyncio.Event()

    async def one(i: int) -> Answer:
        method, path = plan[i % len(plan)]
        await start.wait()
        return await _request(port, method, path, body, timeout_s)

    async def probe() -> Answer:
        await start.wait()
        await asyncio.sleep(probe_delay_s)
        return await _request(port, "GET", "/api/search?q=solar+panels", b"", timeout_s)

    tasks = [asyncio.create_task(one(i)) for i in range(count)]
    probe_task = asyncio.create_task(probe())
    await asyncio.sleep(0)
    start.set()
    answers = await asyncio.gather(*tasks)
    probe_answer = await probe_task
    report = BurstReport(count=count)
    for i, answer in enumerate(answers):
        name = " ".join(plan[i % len(plan)])
        report.by_request.setdefault(name, Counter())[answer.status] += 1
        report.slowest_by_request[name] = max(report.slowest_by_request.get(name, 0.0), answer.seconds)
        report.statuses[answer.status] += 1
        report.slowest_s = max(report.slowest_s, answer.seconds)
        if answer.status == 503:
            report.refusal_body = report.refusal_body or answer.body
            report.slow_503 += answer.seconds > 1.0
            report.missing_retry_after += answer.retry_after is None
    report.probe_search_s = probe_answer.seconds
    report.probe_status = probe_answer.status
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--mix", choices=sorted(MIXES), default="default")
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds each request may take")
    args = parser.parse_args(argv)
    report = asyncio.run(burst(args.port, args.count, args.mix, args.timeout))
    print(json.dumps(report.as_dict(), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
