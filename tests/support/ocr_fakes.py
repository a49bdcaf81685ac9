"""OCR engines for tests of the worker processes: importable (so picklable) by a child.

``OcrPool`` builds a worker's engine in the worker process from a factory, so these live
in a module the spawned interpreter can import, not inside a test file.
"""

from __future__ import annotations

import time

from PIL.Image import Image

from bot.ocr.model import OcrLine

__all__ = ["HANG", "LINE", "BrokenRuntime", "LineEngine"]

LINE = "您的借呗已逾期，请尽快还款。"
HANG = (255, 0, 0)
"""A picture whose top-left pixel is this red makes ``LineEngine`` hang (a stuck read)."""


class LineEngine:
    """Reads one fixed line from any picture; hangs on a red one until the worker is killed."""

    def recognise(self, image: Image) -> tuple[OcrLine, ...]:
        if image.getpixel((0, 0)) == HANG:
            time.sleep(600)
        return (OcrLine(40, 180, 560, 230, LINE),)


class BrokenRuntime:
    """An OCR runtime that cannot even be built, as with a missing libonnxruntime.so."""

    def __init__(self) -> None:
        raise RuntimeError("libonnxruntime.so: cannot open shared object file")

    def recognise(self, image: Image) -> tuple[OcrLine, ...]:
        raise AssertionError("never built")
