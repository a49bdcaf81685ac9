"""The OCR pool as the conversation's photo reader: made on the first photo, closed at the end.

``bootstrap()`` gives every channel one of these; nothing is loaded until a photo comes
(a terminal or a CLI command never pays for the models or a worker process), unless
``start()`` is awaited or ``start_soon()`` called (``paidoff run`` does, just after
start-up: ``Settings.ocr_at_boot``). Anything the runtime throws that is not already an
``OcrError`` becomes ``OcrUnavailable``, so a broken install makes the bot ask for the text
instead of crashing the update.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
import time

from bot.ocr.engine import OcrEngine, RapidOcrEngine
from bot.ocr.errors import OcrError, OcrUnavailable
from bot.ocr.model import ScreenshotText
from bot.ocr.pool import DEFAULT_NICE, DEFAULT_QUEUE, DEFAULT_WORKERS, Factory, OcrPool
from bot.ocr.words import ScreenWords

__all__ = ["OcrReader"]

log = logging.getLogger(__name__)


class OcrReader:
    """``await reader(user, data)``: a screenshot read in the pool (``OcrPool.read``).

    By default the pool runs ``workers`` worker processes, each building its engine with
    ``factory`` (``RapidOcrEngine``). Given an ``engine``, it runs that one engine in
    threads of this process instead (tests share one engine for a whole run).
    """

    def __init__(
        self,
        engine: OcrEngine | None = None,
        *,
        words: ScreenWords,
        factory: Factory = RapidOcrEngine,
        workers: int = DEFAULT_WORKERS,
        queue: int = DEFAULT_QUEUE,
        nice: int = DEFAULT_NICE,
    ) -> None:
        self._engine = engine
        self._nice = nice
        self._words = words
        self._factory = factory
        self._workers = workers
        self._queue = queue
        self._pool: OcrPool | None = None
        self._closed = False
        self._lock = threading.Lock()
        self._booting: asyncio.Task[bool] | None = None

    @property
    def started(self) -> bool:
        """True once a photo (or ``start``) made the pool."""
        return self._pool is not None

    @property
    def pool(self) -> OcrPool | None:
        """The pool, once made (for figures: worker pids and memory)."""
        return self._pool

    async def start(self) -> None:
        """Make the pool and start its workers now: the first photo then waits for no model."""
        await self._ready().start()

    def start_soon(self) -> asyncio.Task[bool]:
        """Start the workers in the background (``paidoff run``, just after start-up); the
        task's result says whether they did. A runtime that cannot start is logged, not
        raised: each photo then gets "cannot read photos here" (``OcrUnavailable``)."""
        if self._booting is None:
            self._booting = asyncio.create_task(self._boot(), name="ocr-start")
        return self._booting

    async def _boot(self) -> bool:
        started = time.perf_counter()
        try:
            await self.start()
        except Exception as exc:  # noqa: BLE001 - a broken runtime: photos are refused politely
            log.warning("OCR worker did not start: %s", type(exc).__name__)
            return False
        log.info("OCR worker ready in %.1f s", time.perf_counter() - started)
        return True

    async def __call__(self, user: str, data: bytes, /) -> ScreenshotText:
        try:
            return await self._ready().read(user, data)
        except OcrError:
            raise
        except Exception as exc:  # a broken runtime or a closed pool: ask for the text
            log.warning("OCR failed: %s", type(exc).__name__)
            raise OcrUnavailable(f"OCR failed: {type(exc).__name__}") from exc

    def _ready(self) -> OcrPool:
        with self._lock:
            if self._closed:
                raise OcrUnavailable("the OCR pool is closed")
            if self._pool is None:
                self._pool = OcrPool(
                    self._words,
                    engine=self._engine,
                    factory=self._factory,
                    workers=self._workers,
                    queue=self._queue,
                    nice=self._nice,
                )
            return self._pool

    async def aclose(self) -> None:
        """Refuse new photos, wait (off the loop) for those being read, stop the workers."""
        with self._lock:
            self._closed = True
            pool, self._pool = self._pool, None
        booting, self._booting = self._booting, None
        if booting is not None and not booting.done():
            booting.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await booting
        if pool is not None:
            await asyncio.to_thread(pool.close)
