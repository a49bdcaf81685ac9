"""The OCR worker process's side: build the engine once at start, then read pages.

``OcrPool`` runs these functions in a child process it starts with ``spawn`` (a fresh
interpreter: nothing of the bot's threads, store or sockets is inherited). ``start``
lowers the process's priority first, so when the two cores are contended the bot's
replies to text win them, then loads both models; a runtime that cannot be built is
remembered and every ``read`` raises that ``OcrUnavailable`` (cheaply, without starting a
new process each time). ``read`` sends back the page with this process's memory figures.
"""

from __future__ import annotations

import contextlib
import os
import resource
from collections.abc import Callable
from dataclasses import dataclass

from bot.ocr.engine import OcrEngine
from bot.ocr.errors import OcrError, OcrUnavailable
from bot.ocr.model import OcrPage
from bot.ocr.screenshot import read_page

__all__ = ["Read", "pid", "read", "start"]

_engine: OcrEngine | None = None
_failure: OcrError | None = OcrUnavailable("the OCR worker was not started")


@dataclass(frozen=True, slots=True)
class Read:
    """A page read in the worker, and the worker's resident memory after it (MB)."""

    page: OcrPage
    rss_mb: float
    peak_rss_mb: float


def start(factory: Callable[[], OcrEngine], nice: int) -> None:
    """The worker's initializer: lower its priority by ``nice``, build and warm the engine."""
    global _engine, _failure  # noqa: PLW0603 - one engine per worker process, by design
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    if nice:
        with contextlib.suppress(OSError):  # not allowed here: run at the bot's priority
            os.nice(nice)
    try:
        engine = factory()
        warm_up = getattr(engine, "warm_up", None)
        if callable(warm_up):
            warm_up()
    except OcrError as exc:
        _failure = exc
        return
    except Exception as exc:  # a broken runtime surfaces here as anything at all
        _failure = OcrUnavailable(f"OCR engine failed to start: {type(exc).__name__}: {exc}")
        return
    _engine, _failure = engine, None


def read(data: bytes) -> Read:
    """Every line in the image ``data`` (``read_page``), read by this worker's engine."""
    if _failure is not None or _engine is None:
        raise _failure or OcrUnavailable("no OCR engine")
    page = read_page(_engine, data)
    return Read(page, _rss_mb(), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def pid() -> int:
    """This worker's process id (the pool asks once the engine is loaded)."""
    return os.getpid()


def _rss_mb() -> float:
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            pages = int(statm.read().split()[1])
    except (OSError, ValueError, IndexError):
        return 0.0
    return pages * os.sysconf("SC_PAGE_SIZE") / 1024 / 1024
