"""The OCR pool as the conversation's photo reader: made on the first photo, closed at the end.

``bootstrap()`` gives every channel one of these; nothing is loaded until a photo comes
(a terminal or a CLI command never pays for the models). Anything the runtime throws
that is not already an ``OcrError`` becomes ``OcrUnavailable``, so a broken install
makes the bot ask for the text instead of crashing the update.
"""

from __future__ import annotations

import asyncio
import logging
import threading

from bot.ocr.engine import OcrEngine, RapidOcrEngine
from bot.ocr.errors import OcrError, OcrUnavailable
from bot.ocr.model import ScreenshotText
from bot.ocr.pool import DEFAULT_QUEUE, DEFAULT_WORKERS, OcrPool

__all__ = ["OcrReader"]

log = logging.getLogger(__name__)


class OcrReader:
    """``await reader(user, data)``: a screenshot read in the pool (``OcrPool.read``).

    ``engine`` is shared (tests pass one engine for a whole run); by default a
    ``RapidOcrEngine`` is made with the pool, on the first photo.
    """

    def __init__(
        self,
        engine: OcrEngine | None = None,
        *,
        workers: int = DEFAULT_WORKERS,
        queue: int = DEFAULT_QUEUE,
    ) -> None:
        self._engine = engine
        self._workers = workers
        self._queue = queue
        self._pool: OcrPool | None = None
        self._closed = False
        self._lock = threading.Lock()

    @property
    def started(self) -> bool:
        """True once a photo made the pool."""
        return self._pool is not None

    async def __call__(self, user: str, data: bytes, /) -> ScreenshotText:
        pool = self._ready()
        try:
            return await pool.read(user, data)
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
                engine = self._engine if self._engine is not None else RapidOcrEngine()
                self._pool = OcrPool(engine, workers=self._workers, queue=self._queue)
            return self._pool

    async def aclose(self) -> None:
        """Refuse new photos and wait (off the loop) for those being read."""
        with self._lock:
            self._closed = True
            pool, self._pool = self._pool, None
        if pool is not None:
            await asyncio.to_thread(pool.close)
