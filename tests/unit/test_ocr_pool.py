"""The OCR pool: work off the event loop, one photo per user at a time, a bounded queue.

The admission rules are tested in thread mode with a gated engine; the worker processes
(the bot's default) with the picklable fakes of tests/support/ocr_fakes.py: a worker that
is killed, or stuck, costs only its own photo and is replaced for the next one.
"""

from __future__ import annotations

import asyncio
import io
import multiprocessing
import os
import signal
import threading
from pathlib import Path

import pytest
from PIL import Image

from bot.knowledge.base import Knowledge
from bot.ocr import (
    BusyReason,
    ImageRejected,
    OcrBusy,
    OcrLine,
    OcrPool,
    OcrUnavailable,
    RejectReason,
    ScreenWords,
)
from tests.support.ocr_fakes import HANG, LINE, BrokenRuntime, LineEngine
from tests.support.waiting import async_wait_until


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


@pytest.fixture(scope="module")
def words(knowledge: Knowledge) -> ScreenWords:
    return ScreenWords.from_knowledge(knowledge)


async def test_ocr_runs_in_a_worker_while_the_loop_keeps_answering(
    engine: GatedEngine, words: ScreenWords
) -> None:
    pool = OcrPool(words, engine=engine)
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
    engine: GatedEngine, words: ScreenWords
) -> None:
    pool = OcrPool(words, engine=engine, workers=2)
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
    engine: GatedEngine, words: ScreenWords
) -> None:
    pool = OcrPool(words, engine=engine, workers=1, queue=1)
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
    engine: GatedEngine, words: ScreenWords
) -> None:
    pool = OcrPool(words, engine=engine, workers=1, queue=0)
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


async def test_a_refused_image_reaches_the_caller_and_frees_the_slot(
    engine: GatedEngine, words: ScreenWords
) -> None:
    pool = OcrPool(words, engine=engine, workers=1, queue=0)
    try:
        with pytest.raises(ImageRejected):
            await pool.read("alice", b"not a picture")
        assert pool.pending == 0
        engine.gate.set()
        assert (await pool.read("alice", PHOTO)).text
    finally:
        pool.close()


def _red() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (600, 400), HANG).save(out, "PNG")
    return out.getvalue()


def _alive(pid: int) -> bool:
    """The process runs (a killed one not yet reaped is a zombie: it runs no more)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


async def _new_worker(pool: OcrPool, old: int) -> int:
    """The pid of the worker that replaced ``old`` (once it has loaded its engine)."""
    await async_wait_until(
        lambda: bool(pool.worker_pids) and pool.worker_pids[0] != old, timeout=60
    )
    return pool.worker_pids[0]


async def test_a_killed_worker_is_replaced_and_the_photos_behind_it_are_read(
    words: ScreenWords,
) -> None:
    pool = OcrPool(words, factory=LineEngine, workers=1, queue=2)
    try:
        await pool.start()
        (first,) = pool.worker_pids
        stuck = asyncio.create_task(pool.read("alice", _red()))
        waiting = asyncio.create_task(pool.read("bob", PHOTO))  # queued behind alice's
        await asyncio.sleep(0.3)
        os.kill(first, signal.SIGKILL)  # out of memory, a native crash, an operator
        second = await _new_worker(pool, first)  # alice's photo is tried once more …
        assert not stuck.done()
        os.kill(second, signal.SIGKILL)  # … and kills that worker too: given up
        with pytest.raises(OcrUnavailable):
            await stuck
        assert (await waiting).text == LINE  # bob's photo did not stall
        assert (await pool.read("carol", PHOTO)).text == LINE
        (third,) = pool.worker_pids
        assert third not in {first, second}
    finally:
        pool.close()
    await async_wait_until(lambda: not _alive(third), what="no worker after close")
    assert multiprocessing.active_children() == []


async def test_a_worker_that_died_while_idle_costs_no_photo(words: ScreenWords) -> None:
    pool = OcrPool(words, factory=LineEngine, workers=1, queue=0)
    try:
        await pool.start()
        (first,) = pool.worker_pids
        os.kill(first, signal.SIGKILL)
        assert (await pool.read("alice", PHOTO)).text == LINE
        assert pool.worker_pids != (first,)
    finally:
        pool.close()


async def test_a_stuck_worker_is_killed_after_the_timeout_and_replaced(
    words: ScreenWords,
) -> None:
    pool = OcrPool(words, factory=LineEngine, workers=1, queue=1, timeout=2)
    try:
        await pool.start()
        (first,) = pool.worker_pids
        with pytest.raises(OcrUnavailable):
            await pool.read("alice", _red())
        await async_wait_until(lambda: not _alive(first), what="the stuck worker gone")
        assert (await pool.read("alice", PHOTO)).text == LINE
    finally:
        pool.close()
    assert multiprocessing.active_children() == []


async def test_the_worker_runs_at_a_lower_priority_than_the_bot(words: ScreenWords) -> None:
    pool = OcrPool(words, factory=LineEngine, workers=1, nice=5)
    try:
        await pool.start()
        (pid,) = pool.worker_pids
        bot = os.getpriority(os.PRIO_PROCESS, 0)
        assert os.getpriority(os.PRIO_PROCESS, pid) == min(bot + 5, 19)
    finally:
        pool.close()


async def test_a_runtime_that_cannot_start_in_the_worker_is_unavailable_every_time(
    words: ScreenWords,
) -> None:
    pool = OcrPool(words, factory=BrokenRuntime, workers=1)
    try:
        for user in ("alice", "bob"):
            with pytest.raises(OcrUnavailable) as caught:
                await pool.read(user, PHOTO)
            assert "libonnxruntime" in str(caught.value)
        assert len(pool.worker_pids) == 1  # remembered: no new process for every photo
    finally:
        pool.close()


async def test_a_refused_image_comes_back_from_the_worker_with_its_reason(
    words: ScreenWords,
) -> None:
    pool = OcrPool(words, factory=LineEngine, workers=1)
    try:
        with pytest.raises(ImageRejected) as caught:
            await pool.read("alice", b"not a picture")
        assert caught.value.reason is RejectReason.NOT_AN_IMAGE
        assert (await pool.read("alice", PHOTO)).text == LINE  # the same worker goes on
    finally:
        pool.close()
