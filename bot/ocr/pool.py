"""Reading screenshots off the event loop: a bounded pool, one photo per user at a time.

OCR is CPU-bound (about a CPU-second a screenshot), so it runs in a few worker threads
(onnxruntime releases the GIL) while the event loop keeps answering everyone else's text.
Admission is decided at once, on the loop: a user who already has a photo being read, or
a full queue, gets ``OcrBusy`` immediately instead of waiting behind a long line.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Callable, Hashable
from concurrent.futures import ThreadPoolExecutor

from bot.ocr.engine import OcrEngine
from bot.ocr.errors import BusyReason, OcrBusy
from bot.ocr.model import ScreenshotText
from bot.ocr.screenshot import read_screenshot

__all__ = ["DEFAULT_QUEUE", "DEFAULT_WORKERS", "OcrPool"]

DEFAULT_WORKERS = 2
"""Worker threads, each running one OCR with one onnxruntime thread (one core each)."""
DEFAULT_QUEUE = 8
"""Photos that may wait for a worker; at ~1.3 s each the last waits about 5 s on 2 cores."""

Reader = Callable[[OcrEngine, bytes], ScreenshotText]


class OcrPool:
    """Runs ``read_screenshot`` in ``workers`` threads; at most ``queue`` photos wait."""

    def __init__(
        self,
        engine: OcrEngine,
        *,
        workers: int = DEFAULT_WORKERS,
        queue: int = DEFAULT_QUEUE,
        per_user: int = 1,
        reader: Reader = read_screenshot,
    ) -> None:
        if workers < 1 or queue < 0 or per_user < 1:
            raise ValueError("workers and per_user must be ≥ 1, queue ≥ 0")
        self._engine = engine
        self._reader = reader
        self._capacity = workers + queue
        self._per_user = per_user
        self._executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="ocr")
        self._admitted = 0
        self._by_user: Counter[Hashable] = Counter()
        self._jobs: set[asyncio.Future[ScreenshotText]] = set()

    @property
    def pending(self) -> int:
        """Photos being read or waiting for a worker."""
        return self._admitted

    async def read(self, user: Hashable, data: bytes) -> ScreenshotText:
        """What the photo says; ``OcrBusy`` at once when ``user`` or the pool is at its limit.

        Also raises what ``read_screenshot`` raises (``ImageRejected``, ``OcrUnavailable``).
        """
        if self._by_user[user] >= self._per_user:
            raise OcrBusy(BusyReason.USER)
        if self._admitted >= self._capacity:
            raise OcrBusy(BusyReason.QUEUE)
        self._admitted += 1
        self._by_user[user] += 1
        job = asyncio.get_running_loop().run_in_executor(
            self._executor, self._reader, self._engine, data
        )
        # The slot is given back when the worker is done, not when the caller stops
        # waiting: a cancelled caller must not let the pool run more than its capacity.
        self._jobs.add(job)
        job.add_done_callback(lambda _: self._release(user, job))
        return await asyncio.shield(job)

    async def drain(self) -> None:
        """Wait until every admitted photo is finished (also those whose caller gave up)."""
        if self._jobs:
            await asyncio.wait(set(self._jobs))

    def _release(self, user: Hashable, job: asyncio.Future[ScreenshotText]) -> None:
        self._jobs.discard(job)
        self._admitted -= 1
        self._by_user[user] -= 1
        if not self._by_user[user]:
            del self._by_user[user]

    def close(self) -> None:
        """Stop accepting work and wait for the running photos to finish."""
        self._executor.shutdown(wait=True, cancel_futures=True)
