"""Reading SMS screenshots: OCR port and RapidOCR adapter, bubble grouping, worker pool.

    from bot.ocr import OcrPool, ScreenWords
    pool = OcrPool(ScreenWords.from_knowledge(k))  # once; worker processes start on use
    shot = await pool.read(user_id, photo_bytes)   # ScreenshotText: .bubbles, .sender, .text

Importing this package needs neither rapidocr nor Pillow; without them reading raises
``OcrUnavailable``. Which lines are screen chrome is knowledge: ``language.yaml`` →
``screenshot``. The names below load on first use (``bot.lazy``), so the bot reaches
polling without the OCR modules.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.lazy import exports

if TYPE_CHECKING:
    from bot.ocr.bubbles import group_bubbles
    from bot.ocr.engine import OcrEngine, RapidOcrEngine
    from bot.ocr.errors import (
        BusyReason,
        ImageRejected,
        OcrBusy,
        OcrError,
        OcrUnavailable,
        RejectReason,
    )
    from bot.ocr.image import MAX_IMAGE_BYTES, MAX_PIXELS, open_image
    from bot.ocr.model import Bubble, OcrLine, OcrPage, ScreenshotText
    from bot.ocr.pool import OcrPool
    from bot.ocr.reader import OcrReader
    from bot.ocr.screenshot import read_page, read_screenshot
    from bot.ocr.words import ScreenWords

__all__ = [
    "MAX_IMAGE_BYTES",
    "MAX_PIXELS",
    "Bubble",
    "BusyReason",
    "ImageRejected",
    "OcrBusy",
    "OcrEngine",
    "OcrError",
    "OcrLine",
    "OcrPage",
    "OcrPool",
    "OcrReader",
    "OcrUnavailable",
    "RapidOcrEngine",
    "RejectReason",
    "ScreenWords",
    "ScreenshotText",
    "group_bubbles",
    "open_image",
    "read_page",
    "read_screenshot",
]

__getattr__, __dir__ = exports(
    __name__,
    {
        "group_bubbles": "bot.ocr.bubbles",
        "OcrEngine": "bot.ocr.engine",
        "RapidOcrEngine": "bot.ocr.engine",
        **dict.fromkeys(["BusyReason", "ImageRejected", "OcrBusy", "OcrError", "OcrUnavailable",
                         "RejectReason"], "bot.ocr.errors"),
        **dict.fromkeys(["MAX_IMAGE_BYTES", "MAX_PIXELS", "open_image"], "bot.ocr.image"),
        **dict.fromkeys(["Bubble", "OcrLine", "OcrPage", "ScreenshotText"], "bot.ocr.model"),
        "OcrPool": "bot.ocr.pool",
        "OcrReader": "bot.ocr.reader",
        "read_page": "bot.ocr.screenshot",
        "read_screenshot": "bot.ocr.screenshot",
        "ScreenWords": "bot.ocr.words",
    },
)  # fmt: skip
