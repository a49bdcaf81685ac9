"""What holds the event loop: lag sampling and stack samples taken while it is stalled.

``LoopWatch`` runs two things during a measurement:
- a task on the loop that sleeps 1 ms and records how late it woke (the loop's lag: a
  reply that becomes ready then waits at least that long);
- a watchdog thread that, whenever the task has not woken for ``stall`` seconds, takes the
  loop thread's stack every ``every`` seconds until it wakes again. Each sample counts
  ``every`` seconds against the innermost frames, so the report says where stalls are
  spent (what Python runs, or the C call it waits in while holding the GIL).
For ``bench.photo --watch``; nothing here is used by the bot.
"""

from __future__ import annotations

import asyncio
import logging
import re
import sys
import threading
import time
import traceback
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["LoopWatch", "SlowCallbacks"]

_ROOT = str(Path(__file__).resolve().parents[1])


def _where(frame: object, depth: int) -> str:
    stack = traceback.extract_stack(frame)  # type: ignore[arg-type]
    keep = []
    for one in reversed(stack):
        name = one.filename.replace(_ROOT + "/", "")
        if "/site-packages/" in name:
            name = name.split("/site-packages/")[1]
        elif "/lib/python3" in name:
            name = "stdlib/" + name.split("/lib/python3")[1].split("/", 1)[1]
        keep.append(f"{name}:{one.lineno} {one.name}")
        if len(keep) >= depth:
            break
    return " < ".join(keep)


@dataclass
class LoopWatch:
    stall: float = 0.01
    every: float = 0.005
    depth: int = 6
    lags: list[float] = field(default_factory=list)
    samples: Counter[str] = field(default_factory=Counter)
    _beat: float = 0.0
    _stop: bool = False
    _task: asyncio.Task[None] | None = None
    _thread: threading.Thread | None = None
    _loop_thread: int = 0

    def start(self) -> None:
        self._loop_thread = threading.get_ident()
        self._beat = time.perf_counter()
        self._stop = False
        self._task = asyncio.create_task(self._tick())
        self._thread = threading.Thread(target=self._watch, name="loopwatch", daemon=True)
        self._thread.start()

    async def stop(self) -> None:
        self._stop = True
        if self._task is not None:
            self._task.cancel()
        if self._thread is not None:
            await asyncio.to_thread(self._thread.join)

    async def _tick(self) -> None:
        while True:
            before = time.perf_counter()
            await asyncio.sleep(0.001)
            now = time.perf_counter()
            self.lags.append(now - before - 0.001)
            self._beat = now

    def _watch(self) -> None:
        while not self._stop:
            time.sleep(self.every)
            if time.perf_counter() - self._beat < self.stall:
                continue
            frame = sys._current_frames().get(self._loop_thread)  # noqa: SLF001
            if frame is not None:
                self.samples[_where(frame, self.depth)] += 1

    def report(self, top: int = 12) -> str:
        lags = sorted(self.lags)
        if not lags:
            return "loop lag: no samples"

        def p(q: float) -> float:
            return lags[min(len(lags) - 1, int(len(lags) * q))] * 1000

        over = {ms: sum(1 for x in lags if x * 1000 > ms) for ms in (5, 20, 50, 100)}
        lines = [
            f"loop lag (1 ms sleeps, {len(lags)}): p50 {p(0.5):.1f} ms, p99 {p(0.99):.1f} ms, "
            f"max {lags[-1] * 1000:.0f} ms; late > 5/20/50/100 ms: "
            + "/".join(str(over[ms]) for ms in (5, 20, 50, 100))
            + f"; stalled time sampled {sum(self.samples.values()) * self.every * 1000:.0f} ms"
        ]
        for where, n in self.samples.most_common(top):
            lines.append(f"  {n * self.every * 1000:6.0f} ms  {where}")
        return "\n".join(lines)


_RUNNING = re.compile(r"(\w+)\(\) running at ([^>]+)>")


class SlowCallbacks(logging.Handler):
    """asyncio's debug mode names every callback that ran longer than
    ``slow_callback_duration``: counted here by the coroutine and line it stopped at."""

    def __init__(self, seconds: float) -> None:
        super().__init__()
        self.seconds = seconds
        self.took: dict[str, list[float]] = {}

    def install(self) -> None:
        loop = asyncio.get_running_loop()
        loop.set_debug(True)
        loop.slow_callback_duration = self.seconds
        logging.getLogger("asyncio").addHandler(self)

    def remove(self) -> None:
        loop = asyncio.get_running_loop()
        loop.set_debug(False)
        logging.getLogger("asyncio").removeHandler(self)

    def emit(self, record: logging.LogRecord) -> None:
        if not record.msg.startswith("Executing") or not isinstance(record.args, tuple):
            return
        what, took = str(record.args[0]), float(str(record.args[1]))
        found = _RUNNING.search(what)
        key = f"{found[1]} at {found[2].replace(_ROOT + '/', '')}" if found else what[:100]
        if "/site-packages/" in key:
            key = key.split("/site-packages/")[0] + " " + key.split("/site-packages/")[1]
        self.took.setdefault(key, []).append(took)

    def report(self, top: int = 12) -> str:
        ranked = sorted(self.took.items(), key=lambda kv: -sum(kv[1]))[:top]
        count = sum(len(v) for v in self.took.values())
        lines = [f"callbacks over {self.seconds * 1000:.0f} ms (asyncio debug mode): {count}"]
        for key, took in ranked:
            lines.append(
                f"  {len(took):4d} × max {max(took) * 1000:4.0f} ms, sum {sum(took) * 1000:5.0f}"
                f" ms  {key}"
            )
        return "\n".join(lines)
