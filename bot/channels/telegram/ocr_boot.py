"""Starting the OCR worker just after start-up (s6-burst), not on the first photo.

The worker process spawns, imports onnxruntime and loads both models: seconds of CPU that
would otherwise land on the first user who sends a screenshot. ``paidoff run`` schedules
``start_ocr`` a moment after polling (or the webhook) has started, so it never delays
the first ``getUpdates``; a runtime that cannot start is logged and each photo then gets
"cannot read photos here, paste the text" (``OcrReader.start_soon``).
"""

from __future__ import annotations

from telegram.ext import ContextTypes

from bot.channels.telegram.deps import DEPS_KEY, Deps

__all__ = ["OCR_AT_BOOT_DELAY", "start_ocr"]

OCR_AT_BOOT_DELAY = 1.0
"""Seconds after start-up before the worker starts (start-up's own work is done by then)."""


async def start_ocr(context: ContextTypes.DEFAULT_TYPE) -> None:
    """The job: start the reader's workers in the background, if it is the OCR pool."""
    from bot.ocr.reader import OcrReader  # noqa: PLC0415 - only when a worker is wanted

    item = context.bot_data.get(DEPS_KEY)
    if isinstance(item, Deps) and isinstance(item.reader, OcrReader):
        item.reader.start_soon()
