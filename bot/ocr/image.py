"""Checking an upload before OCR: byte and pixel limits, then decoding it with Pillow.

Pillow reads only the header to learn the size, so an oversized or bogus file is refused
before its pixels are decoded (a "decompression bomb" never gets expanded).
"""

from __future__ import annotations

import io
import warnings
from typing import TYPE_CHECKING

from bot.ocr.errors import ImageRejected, OcrUnavailable, RejectReason

if TYPE_CHECKING:
    from PIL.Image import Image

__all__ = ["MAX_IMAGE_BYTES", "MAX_PIXELS", "MAX_SIDE", "open_image"]

MAX_IMAGE_BYTES = 10 * 1024 * 1024
"""Telegram sends photos up to 10 MB; a bigger document is not a phone screenshot."""
MAX_PIXELS = 20_000_000
"""About 4× a large phone screenshot (1290 × 2796 ≈ 3.6 MP); long scroll captures fit."""
MAX_SIDE = 16_000
"""Neither side may exceed this many pixels."""


def open_image(data: bytes) -> Image:
    """The upload decoded as RGB, or ``ImageRejected`` naming the limit it broke."""
    if len(data) > MAX_IMAGE_BYTES:
        raise ImageRejected(RejectReason.TOO_MANY_BYTES, f"{len(data)} bytes > {MAX_IMAGE_BYTES}")
    try:
        from PIL import Image as PilImage
        from PIL import UnidentifiedImageError
    except ImportError as exc:
        raise OcrUnavailable(f"Pillow is not installed: {exc}") from exc
    try:
        with warnings.catch_warnings():
            # Pillow's own bomb check (~89 MP warns, ~179 MP raises): refuse, never expand.
            warnings.simplefilter("error", PilImage.DecompressionBombWarning)
            image = PilImage.open(io.BytesIO(data))
    except (PilImage.DecompressionBombError, PilImage.DecompressionBombWarning) as exc:
        raise ImageRejected(RejectReason.TOO_MANY_PIXELS, type(exc).__name__) from exc
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise ImageRejected(RejectReason.NOT_AN_IMAGE, type(exc).__name__) from exc
    width, height = image.size
    if width * height > MAX_PIXELS or max(width, height) > MAX_SIDE:
        raise ImageRejected(
            RejectReason.TOO_MANY_PIXELS, f"{width}×{height} > {MAX_PIXELS} px or {MAX_SIDE}"
        )
    try:
        image.load()
        return image.convert("RGB")
    except (OSError, ValueError, SyntaxError) as exc:  # truncated or corrupt data
        raise ImageRejected(RejectReason.NOT_AN_IMAGE, type(exc).__name__) from exc
