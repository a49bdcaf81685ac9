"""Reading screenshots off the event loop: a bounded pool, one photo per user at a time.

OCR is CPU-bound (about a CPU-second a screenshot). In a thread of the bot's process it
competes with the event loop for the GIL and the cores, so another user's text reply
waits (issue 11 measured ×7 its quiet p99 during a burst). So by default each worker is a
separate **process** (``spawn``), started on first use, that loads the models once,
runs onnxruntime on one thread and lowers its own priority (``nice``): when the machine is
busy the bot's replies get the CPU first and OCR takes what is left.

Admission is decided at once, on the loop: a user who already has a photo being read, or
a full queue, gets ``OcrBusy`` immediately instead of waiting behind a long line. Each
worker reads one photo at a time, so a worker that dies (killed, out of memory, a crash
in native code) touches only the photo it was reading: a new worker is started and that
photo tried once more; one that kills the new worker too, or takes longer than
``timeout`` (the worker is killed), is answered ``OcrUnavailable`` ("cannot read photos
here, paste the text"). The photos waiting behind it go to the new worker. Grouping lines
into bubbles (cheap, pure) happens back on the loop, with the chrome words of
``language.yaml``.

``OcrPool(words, engine=e)`` runs a given engine in threads of this process instead (the
tests' shared engine and fakes; ``bench.photo --threads`` compares the two).
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import os
import signal
from collections import Counter
from collections.abc import Callable, Hashable
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Protocol

from bot.ocr import worker
from bot.ocr.bubbles import group_bubbles
from bot.ocr.engine import OcrEngine, RapidOcrEngine
from bot.ocr.errors import BusyReason, OcrBusy, OcrUnavailable
from bot.ocr.model import OcrPage, ScreenshotText
from bot.ocr.screenshot import read_page
from bot.ocr.words import ScreenWords

__all__ = [
    "DEFAULT_NICE",
    "DEFAULT_QUEUE",
    "DEFAULT_TIMEOUT",
    "DEFAULT_WORKERS",
    "OcrPool",
]

DEFAULT_WORKERS = 1
"""Worker processes, each one OCR at a time on one core: on 2 cores the other is the bot's."""
DEFAULT_QUEUE = 8
"""Photos that may wait for a worker; at ~1.2 s each the last waits about 10 s."""
DEFAULT_NICE = 10
"""How much a worker lowers its priority: the bot's text replies win a contended core."""
DEFAULT_TIMEOUT = 120.0
"""Seconds one photo may take in a worker (a long capture under load: ~10 s) before the
worker is killed and replaced: a stuck read never holds the pool."""

Factory = Callable[[], OcrEngine]
"""Builds a worker's engine in the worker process (picklable: a class or module function)."""


class _Runner(Protocol):
    async def start(self) -> None: ...

    async def page(self, data: bytes) -> OcrPage: ...

    def close(self) -> None: ...


class _Threads:
    """``read_page`` with one shared engine in this process's threads."""

    def __init__(self, engine: OcrEngine, workers: int) -> None:
        self._engine = engine
        self._executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="ocr")

    async def start(self) -> None:
        return None

    async def page(self, data: bytes) -> OcrPage:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, read_page, self._engine, data)

    def close(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)


class _Worker:
    """One worker process (a one-process executor), started on first use, replaced if lost."""

    def __init__(self, factory: Factory, nice: int, timeout: float) -> None:
        self._factory = factory
        self._nice = nice
        self._timeout = timeout
        self._executor: ProcessPoolExecutor | None = None
        self._pid: int | None = None
        self._closed = False
        self._starting: asyncio.Lock | None = None
        self.peak_rss_mb = 0.0

    @property
    def pid(self) -> int | None:
        return self._pid

    async def ready(self) -> ProcessPoolExecutor:
        """The running worker; a new one (models loaded) if there is none."""
        if self._starting is None:  # made on the loop that uses it
            self._starting = asyncio.Lock()
        async with self._starting:  # ``start()`` and a first photo start one worker
            return await self._start()

    async def _start(self) -> ProcessPoolExecutor:
        if self._executor is not None:
            return self._executor
        if self._closed:
            raise OcrUnavailable("the OCR pool is closed")
        executor = ProcessPoolExecutor(
            max_workers=1,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=worker.start,
            initargs=(self._factory, self._nice),
        )
        self._executor = executor
        try:  # answered once the initializer has loaded the models
            self._pid = await asyncio.get_running_loop().run_in_executor(executor, worker.pid)
        except BrokenProcessPool as exc:
            self._discard()
            raise OcrUnavailable("the OCR worker did not start") from exc
        return executor

    async def page(self, data: bytes) -> OcrPage:
        """The page read by this worker. A worker found dead (killed while idle, or while
        reading) is replaced and the photo tried once more on the new one; a photo that
        kills that one too, or takes over ``timeout``, is ``OcrUnavailable``."""
        for attempt in range(2):
            executor = await self.ready()
            loop = asyncio.get_running_loop()
            try:
                job = loop.run_in_executor(executor, worker.read, data)
                done = await asyncio.wait_for(asyncio.shield(job), self._timeout)
            except TimeoutError:
                self._kill()
                with contextlib.suppress(Exception):
                    await job
                self._discard()
                took = f"OCR took over {self._timeout:.0f} s: worker replaced"
                raise OcrUnavailable(took) from None
            except BrokenProcessPool as exc:
                self._discard()
                if attempt:
                    raise OcrUnavailable("the OCR worker died twice on one photo") from exc
                continue
            self.peak_rss_mb = max(self.peak_rss_mb, done.peak_rss_mb)
            return done.page
        raise AssertionError("unreachable")

    def _kill(self) -> None:
        if self._pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self._pid, signal.SIGKILL)

    def _discard(self) -> None:
        executor, self._executor, self._pid = self._executor, None, None
        if executor is not None:
            executor.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        self._closed = True
        executor, self._executor, self._pid = self._executor, None, None
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)


class _Processes:
    """``read_page`` in ``workers`` worker processes, each reading one photo at a time."""

    def __init__(self, factory: Factory, workers: int, nice: int, timeout: float) -> None:
        self.workers = [_Worker(factory, nice, timeout) for _ in range(workers)]
        self._free: asyncio.Queue[_Worker] | None = None

    def _queue(self) -> asyncio.Queue[_Worker]:
        if self._free is None:  # made on the loop that uses it
            self._free = asyncio.Queue()
            for one in self.workers:
                self._free.put_nowait(one)
        return self._free

    async def start(self) -> None:
        await asyncio.gather(*(one.ready() for one in self.workers))

    async def page(self, data: bytes) -> OcrPage:
        free = self._queue()
        one = await free.get()
        try:
            return await one.page(data)
        finally:
            free.put_nowait(one)

    def close(self) -> None:
        for one in self.workers:
            one.close()


class OcrPool:
    """Reads screenshots in ``workers`` worker processes (or threads, given an ``engine``);
    at most ``queue`` photos wait, and a user has at most ``per_user`` photos in the pool."""

    def __init__(
        self,
        words: ScreenWords,
        *,
        engine: OcrEngine | None = None,
        factory: Factory = RapidOcrEngine,
        workers: int = DEFAULT_WORKERS,
        queue: int = DEFAULT_QUEUE,
        per_user: int = 1,
        nice: int = DEFAULT_NICE,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> None:
        if workers < 1 or queue < 0 or per_user < 1 or timeout <= 0:
            raise ValueError("workers and per_user must be ≥ 1, queue ≥ 0, timeout > 0")
        self._words = words
        self._runner: _Runner = (
            _Threads(engine, workers)
            if engine is not None
            else _Processes(factory, workers, nice, timeout)
        )
        self._capacity = workers + queue
        self._per_user = per_user
        self._admitted = 0
        self._by_user: Counter[Hashable] = Counter()
        self._jobs: set[asyncio.Future[ScreenshotText]] = set()

    @property
    def pending(self) -> int:
        """Photos being read or waiting for a worker."""
        return self._admitted

    @property
    def worker_pids(self) -> tuple[int, ...]:
        """The process ids of the running worker processes (none in thread mode)."""
        if isinstance(self._runner, _Processes):
            return tuple(w.pid for w in self._runner.workers if w.pid is not None)
        return ()

    @property
    def worker_peak_rss_mb(self) -> float:
        """The highest peak resident memory a worker process reported (0 in thread mode)."""
        if isinstance(self._runner, _Processes):
            return max((w.peak_rss_mb for w in self._runner.workers), default=0.0)
        return 0.0

    async def start(self) -> None:
        """Start the workers and load their models now (else on the first photo).

        Raises ``OcrUnavailable`` when a worker process cannot be started at all.
        """
        await self._runner.start()

    async def read(self, user: Hashable, data: bytes) -> ScreenshotText:
        """What the photo says; ``OcrBusy`` at once when ``user`` or the pool is at its limit.

        Also raises ``ImageRejected`` and ``OcrUnavailable`` (runtime missing or broken,
        or the worker died or was stuck: it is replaced for the next photo).
        """
        if self._by_user[user] >= self._per_user:
            raise OcrBusy(BusyReason.USER)
        if self._admitted >= self._capacity:
            raise OcrBusy(BusyReason.QUEUE)
        self._admitted += 1
        self._by_user[user] += 1
        job = asyncio.ensure_future(self._read(data))
        # The slot is given back when the worker is done, not when the caller stops
        # waiting: a cancelled caller must not let the pool run more than its capacity.
        self._jobs.add(job)
        job.add_done_callback(lambda _: self._release(user, job))
        return await asyncio.shield(job)

    async def _read(self, data: bytes) -> ScreenshotText:
        page = await self._runner.page(data)
        return group_bubbles(page, self._words)

    async def drain(self) -> None:
        """Wait until every admitted photo is finished (also those whose caller gave up)."""
        if self._jobs:
            await asyncio.wait(set(self._jobs))

    def _release(self, user: Hashable, job: asyncio.Future[ScreenshotText]) -> None:
        self._jobs.discard(job)
        if not job.cancelled():
            job.exception()  # retrieved: an abandoned job's error is not "never retrieved"
        self._admitted -= 1
        self._by_user[user] -= 1
        if not self._by_user[user]:
            del self._by_user[user]

    def close(self) -> None:
        """Stop accepting work, wait for the running photos, stop the worker processes."""
        self._runner.close()
