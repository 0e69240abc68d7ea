"""Latency summaries: percentiles over samples in milliseconds."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np


@dataclass
class Latency:
    count: int
    p50: float
    p95: float
    p99: float
    mean: float

    @classmethod
    def of(cls, samples_ms: list[float]) -> Latency:
        if not samples_ms:
            return cls(count=0, p50=float("nan"), p95=float("nan"), p99=float("nan"), mean=float("nan"))
        values = np.asarray(samples_ms, dtype=float)
        p50, p95, p99 = np.percentile(values, [50, 95, 99])
        return cls(count=len(samples_ms), p50=float(p50), p95=float(p95), p99=float(p99), mean=float(values.mean()))

    def as_dict(self) -> dict[str, float]:
        return {"count": self.count, "p50": self.p50, "p95": self.p95, "p99": self.p99, "mean": self.mean}


def time_calls(call: Callable[[], object], *, repeat: int, warmup: int = 3) -> list[float]:
    """Call ``call`` ``warmup`` times untimed, then ``repeat`` times; milliseconds per call."""
    for _ in range(warmup):
        call()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        samples.append((time.perf_counter() - started) * 1000)
    return samples
