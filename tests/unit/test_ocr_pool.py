"""The OCR pool: work off the event loop, one photo per user at a time, a bounded queue."""

from __future__ import annotations

import asyncio
import io
import threading

import pytest
from PIL import Image

from bot.ocr import BusyReason, ImageRejected, OcrBusy, OcrLine, OcrPool


def _photo() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (600, 400), "white").save(out, "PNG")
    return out.getvalue()


PHOTO = _photo()


class GatedEngine:
    """Recognises one fixed line, but only once ``gate`` is opened (from another thread)."""

    def __init__(self) -> None:
        self.gate = threading.Event()
        self.started = threading.Semaphore(0)

    def recognise(self, image: Image.Image) -> tuple[OcrLine, ...]:
        self.started.release()
        if not self.gate.wait(timeout=10):
            raise TimeoutError("the gate was never opened: was OCR run on the event loop?")
        return (OcrLine(40, 180, 560, 230, "您的借呗已逾期，请尽快还款。"),)


async def _started(engine: GatedEngine) -> None:
    await asyncio.to_thread(engine.started.acquire, True, 10)


@pytest.fixture
def engine() -> GatedEngine:
    return GatedEngine()


async def test_ocr_runs_in_a_worker_while_the_loop_keeps_answering(engine: GatedEngine) -> None:
    pool = OcrPool(engine)
    try:
        reading = asyncio.create_task(pool.read("alice", PHOTO))
        await _started(engine)
        # The loop is free while the worker waits: this line runs and lets it finish.
        engine.gate.set()
        shot = await reading
    finally:
        pool.close()
    assert shot.text == "您的借呗已逾期，请尽快还款。"


async def test_a_second_photo_from_the_same_user_is_refused_but_others_are_read(
    engine: GatedEngine,
) -> None:
    pool = OcrPool(engine, workers=2)
    try:
        first = asyncio.create_task(pool.read("alice", PHOTO))
        await _started(engine)
        with pytest.raises(OcrBusy) as caught:
            await pool.read("alice", PHOTO)
        assert caught.value.reason is BusyReason.USER
        other = asyncio.create_task(pool.read("bob", PHOTO))
        await _started(engine)
        engine.gate.set()
        assert [(await first).text, (await other).text] == ["您的借呗已逾期，请尽快还款。"] * 2
        # Alice's photo is done: she may send the next one.
        assert (await pool.read("alice", PHOTO)).text
    finally:
        pool.close()


async def test_a_full_queue_refuses_at_once_instead_of_making_everyone_wait(
    engine: GatedEngine,
) -> None:
    pool = OcrPool(engine, workers=1, queue=1)
    try:
        running = asyncio.create_task(pool.read("alice", PHOTO))
        await _started(engine)
        waiting = asyncio.create_task(pool.read("bob", PHOTO))
        await asyncio.sleep(0)  # let bob's request be admitted
        with pytest.raises(OcrBusy) as caught:
            await pool.read("carol", PHOTO)
        assert caught.value.reason is BusyReason.QUEUE
        assert pool.pending == 2
        engine.gate.set()
        await asyncio.gather(running, waiting)
        assert pool.pending == 0
    finally:
        pool.close()


async def test_a_caller_who_gives_up_keeps_the_slot_until_the_worker_is_done(
    engine: GatedEngine,
) -> None:
    pool = OcrPool(engine, workers=1, queue=0)
    try:
        reading = asyncio.create_task(pool.read("alice", PHOTO))
        await _started(engine)
        reading.cancel()
        with pytest.raises(asyncio.CancelledError):
            await reading
        with pytest.raises(OcrBusy):  # the worker is still busy with the abandoned photo
            await pool.read("bob", PHOTO)
        engine.gate.set()
        await pool.drain()
        assert (await pool.read("bob", PHOTO)).text
    finally:
        pool.close()


async def test_a_refused_image_reaches_the_caller_and_frees_the_slot(engine: GatedEngine) -> None:
    pool = OcrPool(engine, workers=1, queue=0)
    try:
        with pytest.raises(ImageRejected):
            await pool.read("alice", b"not a picture")
        assert pool.pending == 0
        engine.gate.set()
        assert (await pool.read("alice", PHOTO)).text
    finally:
        pool.close()
