"""The OCR port and its RapidOCR adapter (PP-OCR models run by onnxruntime on the CPU).

The settings are the ones measured on synthetic SMS screenshots in issue 11: detection on
the image scaled so its longer side is at most 1280 px, no angle classifier (screenshots
are upright), one onnxruntime thread per call so a pool of N workers uses N cores (the bot
builds one engine in each worker process, ``bot.ocr.worker``). The
models are the ones shipped inside the rapidocr wheel and are loaded by explicit path, so
rapidocr's downloader is never reached; a missing file is ``OcrUnavailable``, not a fetch.
"""

from __future__ import annotations

import importlib
import threading
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from bot.ocr.errors import OcrUnavailable
from bot.ocr.model import OcrLine

if TYPE_CHECKING:
    from PIL.Image import Image

__all__ = ["DET_MODEL", "REC_MODEL", "OcrEngine", "RapidOcrEngine"]

DET_MODEL = "PP-OCRv6_det_small.onnx"
"""Text detection model inside ``rapidocr/models`` (rapidocr 3.10's default)."""
REC_MODEL = "PP-OCRv6_rec_small.onnx"
"""Text recognition model (Chinese + Latin; its character list is inside the file)."""


class OcrEngine(Protocol):
    """Reads the text lines of an RGB image; safe to call from several threads at once."""

    def recognise(self, image: Image) -> tuple[OcrLine, ...]: ...


class RapidOcrEngine:
    """``OcrEngine`` on RapidOCR, built on first use and shared by every worker thread.

    RapidOCR's pipeline keeps no per-call state and onnxruntime sessions may run
    concurrently, so one instance (one copy of the models in memory) serves all workers.
    A failure to build it is remembered: later calls raise the same ``OcrUnavailable``.
    """

    def __init__(self, *, limit_side_len: int = 1280, threads: int = 1) -> None:
        self._params: dict[str, object] = {
            "Global.use_cls": False,
            "Global.log_level": "error",
            "Det.limit_type": "max",
            "Det.limit_side_len": limit_side_len,
            # One line recognised at a time: same CPU, peak memory 466 MB instead of 655 MB
            # on 4 phone PNGs and a long capture (s5-ocr; batches of 6 pad every crop to
            # the widest and hold them all at once).
            "Rec.rec_batch_num": 1,
            "EngineConfig.onnxruntime.intra_op_num_threads": threads,
            "EngineConfig.onnxruntime.inter_op_num_threads": 1,
        }
        self._lock = threading.Lock()
        self._ocr: Any = None
        self._failure: OcrUnavailable | None = None

    def warm_up(self) -> None:
        """Build the engine and load both models now (else on the first photo)."""
        from PIL import Image as PilImage

        self.recognise(PilImage.new("RGB", (64, 32), "white"))

    def recognise(self, image: Image) -> tuple[OcrLine, ...]:
        ocr = self._engine()
        try:
            result = ocr(image)
        except Exception as exc:  # a broken runtime surfaces here as anything at all
            raise OcrUnavailable(f"OCR failed: {type(exc).__name__}: {exc}") from exc
        boxes, texts, scores = result.boxes, result.txts, result.scores
        if boxes is None or texts is None or scores is None:
            return ()
        lines = []
        for box, text, score in zip(boxes, texts, scores, strict=True):
            xs = [float(p[0]) for p in box]
            ys = [float(p[1]) for p in box]
            lines.append(OcrLine(min(xs), min(ys), max(xs), max(ys), str(text), float(score)))
        return tuple(lines)

    def _engine(self) -> Any:
        with self._lock:
            if self._failure is not None:
                raise self._failure
            if self._ocr is None:
                try:
                    self._ocr = self._build()
                except OcrUnavailable as exc:
                    self._failure = exc
                    raise
            return self._ocr

    def _build(self) -> Any:
        try:
            importlib.import_module("onnxruntime")  # rapidocr imports it only on first use
            from rapidocr import RapidOCR
        except Exception as exc:  # ImportError, or OSError from a broken shared library
            raise OcrUnavailable(f"OCR runtime not installed: {exc}") from exc
        try:
            models = Path(str(resources.files("rapidocr") / "models"))
        except Exception as exc:  # an odd install without a package folder
            raise OcrUnavailable(f"OCR models not found: {exc}") from exc
        params = dict(self._params)
        for task, name in (("Det", DET_MODEL), ("Rec", REC_MODEL)):
            path = models / name
            if not path.is_file():
                raise OcrUnavailable(f"OCR model missing: {path} (not shipped in the wheel?)")
            params[f"{task}.model_path"] = str(path)
        try:
            return RapidOCR(params=params)
        except Exception as exc:
            raise OcrUnavailable(f"OCR engine failed to start: {exc}") from exc
