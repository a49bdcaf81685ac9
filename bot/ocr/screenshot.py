"""One screenshot, bytes in, bubbles out: limits, decoding, OCR and grouping in a call."""

from __future__ import annotations

from bot.ocr.bubbles import group_bubbles
from bot.ocr.engine import OcrEngine
from bot.ocr.image import open_image
from bot.ocr.model import OcrPage, ScreenshotText

__all__ = ["read_page", "read_screenshot"]


def read_page(engine: OcrEngine, data: bytes) -> OcrPage:
    """Every line ``engine`` finds in the image ``data`` (after the size checks)."""
    image = open_image(data)
    width, height = image.size
    return OcrPage(width, height, engine.recognise(image))


def read_screenshot(engine: OcrEngine, data: bytes) -> ScreenshotText:
    """What the screenshot ``data`` says; blocking (CPU-bound): run it in a worker.

    Raises ``ImageRejected`` (not an image, too big) and ``OcrUnavailable``.
    """
    return group_bubbles(read_page(engine, data))
