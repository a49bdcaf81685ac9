"""Small timing helpers shared by the benchmarks."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

__all__ = ["measure", "measure_cpu", "report"]


def measure(fn: Callable[[], object], runs: int) -> list[float]:
    """Wall time of ``runs`` calls of ``fn``, in seconds each (after 10 warm-up calls)."""
    for _ in range(min(10, runs)):
        fn()
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def measure_cpu(fn: Callable[[], object], runs: int) -> list[float]:
    """CPU time of this process for ``runs`` calls of ``fn``, in seconds each (after 10
    warm-up calls): other work on a shared machine moves it far less than wall time."""
    for _ in range(min(10, runs)):
        fn()
    clock = time.process_time
    out = []
    for _ in range(runs):
        start = clock()
        fn()
        out.append(clock() - start)
    return out


def report(name: str, samples: list[float], unit: str = "µs") -> str:
    """One line: p50, p99 and calls per second."""
    scale = {"µs": 1e6, "ms": 1e3}[unit]
    ordered = sorted(samples)
    p50 = statistics.median(ordered) * scale
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * scale
    rate = len(samples) / sum(samples)
    return f"{name:<40} p50 {p50:9.1f} {unit}   p99 {p99:9.1f} {unit}   {rate:10.0f}/s"
