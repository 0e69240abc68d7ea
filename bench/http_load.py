"""The load generator: a separate process, so that its work is not counted as the server's.

Run as ``python -m bench.http_load`` with a JSON plan on standard input; prints JSON results. It speaks
plain HTTP/1.1 with keep-alive over asyncio streams: on a 2-core machine the client shares the CPU with
the server, and a full-featured client would spend more time per request than the server under test.
Loopback only; every job is bounded by a request count and a time limit.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import time
from typing import Any

from service.settings import REPO_ROOT

LOOPBACK = "127.0.0.1"


class _Connection:
    def __init__(self, port: int) -> None:
        self.port = port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, path: str) -> tuple[int, int]:
        """One GET; returns the status and the body's length. Reconnects when the server closed."""
        if self.writer is None or self.writer.is_closing():
            self.reader, self.writer = await asyncio.open_connection(LOOPBACK, self.port, limit=1 << 20)
        assert self.reader is not None
        self.writer.write(f"GET {path} HTTP/1.1\r\nHost: {LOOPBACK}:{self.port}\r\n\r\n".encode("ascii"))
        head = (await self.reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
        status = int(head[0].split(" ", 2)[1])
        headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in head[1:] if line)}
        if "content-length" in headers:
            size = len(await self.reader.readexactly(int(headers["content-length"])))
        elif headers.get("transfer-encoding", "").lower() == "chunked":
            size = 0
            while chunk := int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16):
                size += len(await self.reader.readexactly(chunk + 2)) - 2
            await self.reader.readuntil(b"\r\n")
        else:
            size = len(await self.reader.read())
            headers["connection"] = "close"
        if headers.get("connection", "").lower() == "close":
            self.close()
        return status, size

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            self.writer = None


async def _run_job(port: int, job: dict[str, Any]) -> dict[str, Any]:
    paths: list[str] = job["paths"]
    max_requests: int = job["max_requests"]
    deadline_s: float = job["max_seconds"]
    latencies: dict[str, list[float]] = {p: [] for p in paths}
    statuses: dict[str, int] = {}
    issued = 0
    bytes_read = 0

    async def warm() -> None:
        conn = _Connection(port)
        for i in range(job.get("warmup", 0)):
            await conn.get(paths[i % len(paths)])
        conn.close()

    async def worker(first: int) -> None:
        nonlocal issued, bytes_read
        conn = _Connection(port)
        try:
            while issued < max_requests and time.perf_counter() < stop_at:
                path = paths[(first + issued) % len(paths)]
                issued += 1
                began = time.perf_counter()
                try:
                    status, size = await conn.get(path)
                except (OSError, asyncio.IncompleteReadError, ValueError) as exc:
                    statuses[type(exc).__name__] = statuses.get(type(exc).__name__, 0) + 1
                    conn.close()
                    continue
                latencies[path].append((time.perf_counter() - began) * 1000)
                statuses[str(status)] = statuses.get(str(status), 0) + 1
                bytes_read += size
        finally:
            conn.close()

    await warm()
    started = time.perf_counter()
    stop_at = started + deadline_s
    await asyncio.gather(*(worker(i) for i in range(job["concurrency"])))
    elapsed = time.perf_counter() - started
    completed = sum(len(v) for v in latencies.values())
    return {"name": job.get("name", ""), "concurrency": job["concurrency"], "elapsed_s": elapsed,
            "completed": completed, "ok": statuses.get("200", 0), "statuses": statuses,
            "bytes": bytes_read, "latencies": latencies}


async def _run_plan(plan: dict[str, Any]) -> list[dict[str, Any]]:
    return [await _run_job(plan["port"], job) for job in plan["jobs"]]


def run_plan(port: int, jobs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Run jobs (each: paths, concurrency, max_requests, max_seconds, warmup) in a separate process."""
    timeout = sum(job["max_seconds"] for job in jobs) + 60 * len(jobs) + 60
    done = subprocess.run([sys.executable, "-m", "bench.http_load"], cwd=REPO_ROOT, capture_output=True,
                          input=json.dumps({"port": port, "jobs": jobs}), text=True, timeout=timeout, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"load generator failed: {done.stderr[-2000:]}")
    return json.loads(done.stdout)


if __name__ == "__main__":
    json.dump(asyncio.run(_run_plan(json.load(sys.stdin))), sys.stdout)
