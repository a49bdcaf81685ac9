"""One screenshot, bytes in, bubbles out: limits, decoding, OCR (in bands when long), grouping."""

from __future__ import annotations

from bot.ocr.bubbles import group_bubbles
from bot.ocr.engine import OcrEngine
from bot.ocr.image import open_image
from bot.ocr.model import OcrPage, ScreenshotText
from bot.ocr.tiles import bands, merge
from bot.ocr.words import ScreenWords

__all__ = ["read_page", "read_screenshot"]


def read_page(engine: OcrEngine, data: bytes) -> OcrPage:
    """Every line ``engine`` finds in the image ``data`` (after the size checks).

    A long capture is read band by band (``bot.ocr.tiles``); each crop is dropped once
    read, and the decoded image before the page is returned.
    """
    image = open_image(data)
    width, height = image.size
    spans = bands(width, height)
    if len(spans) == 1:
        lines = engine.recognise(image)
    else:
        found = []
        for top, bottom in spans:
            band = image.crop((0, top, width, bottom))
            found.append(engine.recognise(band))
            del band
        lines = merge(spans, found)
    image.close()
    return OcrPage(width, height, lines)


def read_screenshot(engine: OcrEngine, data: bytes, words: ScreenWords) -> ScreenshotText:
    """What the screenshot ``data`` says; blocking (CPU-bound): run it in a worker.

    Raises ``ImageRejected`` (not an image, too big) and ``OcrUnavailable``.
    """
    return group_bubbles(read_page(engine, data), words)
