"""Uploads that cannot be read are refused with a reason, and a missing runtime is no crash."""

from __future__ import annotations

import importlib
import io
import logging
import sys
import types
from collections.abc import Callable
from importlib import resources
from pathlib import Path

import pytest
from PIL import Image

from bot.ocr import (
    MAX_IMAGE_BYTES,
    ImageRejected,
    OcrUnavailable,
    RapidOcrEngine,
    RejectReason,
    open_image,
    read_page,
)
from tests.support.offline import NetworkUsed, no_network


def png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def reason(data: bytes) -> RejectReason:
    with pytest.raises(ImageRejected) as caught:
        open_image(data)
    return caught.value.reason


def test_a_file_over_the_byte_limit_is_refused_unread() -> None:
    assert reason(b"\x89PNG" + bytes(MAX_IMAGE_BYTES)) is RejectReason.TOO_MANY_BYTES


def test_a_picture_with_too_many_pixels_is_refused_before_decoding() -> None:
    # 25 MP in one bit a pixel: a small file whose pixels would be large once expanded.
    assert reason(png(Image.new("1", (5000, 5000)))) is RejectReason.TOO_MANY_PIXELS


def test_a_pillow_decompression_bomb_is_refused() -> None:
    assert reason(png(Image.new("1", (14000, 14000)))) is RejectReason.TOO_MANY_PIXELS


@pytest.mark.parametrize(
    "data",
    [b"", b"%PDF-1.7 not a picture", png(Image.new("RGB", (400, 300), "white"))[:200]],
    ids=["empty", "pdf", "truncated"],
)
def test_something_that_is_not_a_whole_image_is_refused(data: bytes) -> None:
    assert reason(data) is RejectReason.NOT_AN_IMAGE


def test_a_palette_or_transparent_screenshot_is_read_as_rgb() -> None:
    image = open_image(png(Image.new("RGBA", (300, 200), (255, 255, 255, 0))))
    assert (image.mode, image.size) == ("RGB", (300, 200))


@pytest.mark.parametrize("missing", ["rapidocr", "onnxruntime"])
def test_a_missing_ocr_runtime_is_ocr_unavailable_every_time(
    monkeypatch: pytest.MonkeyPatch, missing: str
) -> None:
    monkeypatch.setitem(sys.modules, missing, None)  # import now raises ImportError
    engine = RapidOcrEngine()
    data = png(Image.new("RGB", (64, 32), "white"))
    for _ in range(2):
        with pytest.raises(OcrUnavailable, match=missing):
            read_page(engine, data)


def test_missing_pillow_is_ocr_unavailable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "PIL", None)
    with pytest.raises(OcrUnavailable, match="Pillow"):
        open_image(b"\x89PNG\r\n\x1a\n")


def _fake_rapidocr(call: Callable[[object], object]) -> types.ModuleType:
    """A stand-in ``rapidocr`` module over the real package folder (so models are found)."""
    real = importlib.import_module("rapidocr")
    fake = types.ModuleType("rapidocr")
    fake.__spec__ = real.__spec__

    class RapidOCR:
        def __init__(self, params: dict[str, object]) -> None:
            self.params = params

        def __call__(self, image: object) -> object:
            return call(image)

    fake.RapidOCR = RapidOCR  # type: ignore[attr-defined]
    return fake


def test_a_runtime_that_breaks_while_reading_is_ocr_unavailable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def crash(image: object) -> object:
        raise RuntimeError("[ONNXRuntimeError] : 6 : RUNTIME_EXCEPTION")

    monkeypatch.setitem(sys.modules, "rapidocr", _fake_rapidocr(crash))
    with pytest.raises(OcrUnavailable, match="RUNTIME_EXCEPTION"):
        read_page(RapidOcrEngine(), png(Image.new("RGB", (64, 32), "white")))


def test_the_engine_uses_the_models_inside_the_wheel_with_the_measured_settings(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    built: list[dict[str, object]] = []

    def record(image: object) -> object:
        return types.SimpleNamespace(boxes=None, txts=None, scores=None)

    fake = _fake_rapidocr(record)
    original = fake.RapidOCR

    class Recording(original):  # type: ignore[misc, valid-type]
        def __init__(self, params: dict[str, object]) -> None:
            built.append(params)
            super().__init__(params)

    fake.RapidOCR = Recording  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "rapidocr", fake)
    assert read_page(RapidOcrEngine(), png(Image.new("RGB", (64, 32), "white"))).lines == ()
    (params,) = built
    shipped = Path(str(resources.files("rapidocr") / "models"))  # the installed wheel's
    for key in ("Det.model_path", "Rec.model_path"):
        assert Path(str(params[key])).parent == shipped
        assert Path(str(params[key])).is_file()
    assert params["Det.limit_type"] == "max"
    assert params["Det.limit_side_len"] == 1280
    assert params["Global.use_cls"] is False
    assert params["EngineConfig.onnxruntime.intra_op_num_threads"] == 1
    assert params["Rec.rec_batch_num"] == 1  # one crop at a time: less peak memory


def test_models_missing_from_the_wheel_are_ocr_unavailable_not_a_download(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / "rapidocr").mkdir()
    (tmp_path / "rapidocr" / "__init__.py").write_text("class RapidOCR: ...\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "rapidocr")
    with pytest.raises(OcrUnavailable, match="model missing"):
        read_page(RapidOcrEngine(), png(Image.new("RGB", (64, 32), "white")))


def test_the_offline_guard_stops_a_model_download() -> None:
    from rapidocr.utils.download_file import DownloadFile, DownloadFileInput

    with no_network(), pytest.raises(NetworkUsed):
        DownloadFile.run(
            DownloadFileInput("https://example.invalid/m.onnx", Path("m"), logging.getLogger("t"))
        )
