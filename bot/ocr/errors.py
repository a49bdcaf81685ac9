"""Why a screenshot could not be read; all of them are ``PaidOffError``.

    PaidOffError                 (bot/errors.py)
    └── OcrError                 a screenshot was not turned into text
        ├── OcrUnavailable       the OCR runtime is missing or broken here: ask for the text
        ├── ImageRejected        not an image, or too big (``reason`` says which)
        └── OcrBusy              the worker pool is full or this user already has a photo
                                 being read (``reason`` says which): try again shortly

Messages never carry what the picture says, only sizes and library error texts.
"""

from __future__ import annotations

from enum import StrEnum

from bot.errors import PaidOffError

__all__ = ["BusyReason", "ImageRejected", "OcrBusy", "OcrError", "OcrUnavailable", "RejectReason"]


class OcrError(PaidOffError):
    """A screenshot could not be turned into text."""


class OcrUnavailable(OcrError):
    """The OCR runtime (rapidocr, onnxruntime, Pillow or the models) is missing or broken."""


class RejectReason(StrEnum):
    """Why an image was refused before any OCR ran."""

    TOO_MANY_BYTES = "too_many_bytes"
    TOO_MANY_PIXELS = "too_many_pixels"
    NOT_AN_IMAGE = "not_an_image"


class ImageRejected(OcrError):
    """The upload is not a readable image or exceeds a size limit; nothing was read."""

    def __init__(self, reason: RejectReason, detail: str) -> None:
        super().__init__(f"{reason.value}: {detail}")
        self.reason = reason
        self.detail = detail

    def __reduce__(self) -> tuple[type[ImageRejected], tuple[RejectReason, str]]:
        # Raised in the OCR worker process and re-raised here: pickled with its reason.
        return (type(self), (self.reason, self.detail))


class BusyReason(StrEnum):
    """Which limit of the worker pool refused a photo."""

    USER = "user"
    """This user already has a photo being read."""
    QUEUE = "queue"
    """Every worker is busy and the waiting queue is full."""


class OcrBusy(OcrError):
    """The pool refused the photo at once rather than make everyone wait."""

    def __init__(self, reason: BusyReason) -> None:
        super().__init__(f"OCR busy ({reason.value})")
        self.reason = reason

    def __reduce__(self) -> tuple[type[OcrBusy], tuple[BusyReason]]:
        return (type(self), (self.reason,))
