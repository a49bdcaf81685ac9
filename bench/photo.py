"""Screenshots through the whole bot: `python -m bench.photo [--photos N] [--runs N] [--threads]`.

The real application (PTB ``process_update``, SQLite, the OCR reader ``bootstrap()`` wires:
one worker process at nice 10; ``--threads`` the old way, two threads in the bot's own
process) on the in-process fake Bot API, no rate limiter; each update straight to
``process_update`` or (``--inbox``) through the durable inbox as a webhook's. Reports:
- the worker's start (spawn, imports, both models loaded), awaited before measuring;
- one screenshot at a time: seconds from the photo update to the confirmation shown
  (download, "typing…", the notice, OCR, the card), and from the tap to the verdict card;
- ``--runs`` times: a burst of 20 photos from 5 users (4 each, sent at once; one user's
  photos are read one after the other) while another user sends ``/start`` every 50 ms:
  that user's reply time p50/p99, quiet (10 s just before) and during the burst (issue 11's
  target: within 2× of quiet p99); then the median ratio;
- peak RSS of the bot process (this one) and of the OCR worker process.
On the shared 2-core machine every wall figure depends on what else runs: say so.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import resource
import statistics
import tempfile
import time
from pathlib import Path

os.environ.setdefault("PTB_TIMEDELTA", "1")

from telegram import Update  # noqa: E402
from telegram.ext import Application  # noqa: E402

from bench.loopwatch import LoopWatch, SlowCallbacks  # noqa: E402
from bot.channels.telegram.app import build_application  # noqa: E402
from bot.channels.telegram.inbox import INBOX_KEY, Inbox  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.heap import settle_heap  # noqa: E402
from bot.knowledge.loader import load_knowledge  # noqa: E402
from bot.ocr import Bubble, OcrReader, RapidOcrEngine, ScreenshotText, ScreenWords  # noqa: E402
from tests.support.fake_bot_api import FakeBotApi  # noqa: E402
from tests.support.fake_request import FakeRequest  # noqa: E402
from tests.support.screenshots import Layout, render, telegram_jpeg  # noqa: E402

TOKEN = "123456:BENCH-token-for-the-fake-bot-api-0000"
KNOWLEDGE = Path(__file__).resolve().parents[1] / "knowledge"
SMS = [
    "【借呗】尊敬的用户，您的借呗已逾期，请尽快还款，以免影响个人征信。",
    "【支付宝】您的借呗账户异常，将影响征信，请立即登录 alipay-jb.top 处理。",
    "邓强，你欠的借呗逾期款再不还，我们就联系你的家人和单位，后果自负。",
    "【花呗】您本月账单已出，请于10日前还款，详情请登录支付宝查看。",
]
LAYOUTS = [Layout(p, d) for p in ("ios", "android") for d in (False, True)]
QUIET_USER = 90_000
QUIET_SECONDS = 10.0
"""The quiet sample before each burst: ~120 replies, so its p99 is not just its maximum."""


def _p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))]


class Bench:
    def __init__(self, app: Application, api: FakeBotApi) -> None:  # type: ignore[type-arg]
        self.app = app
        self.api = api
        self.watch = False
        self.slow = 0.0

    copy_all = False
    """Find each update by copying every unconfirmed one (the harness before s6-burst: it
    costs the loop O(updates sent so far) per update, tens of ms after a few bursts)."""

    def sent(self, update_id: int | None) -> dict[str, object]:
        """The update just pushed to the fake Bot API (``update_id``, else the newest)."""
        if self.copy_all:
            pending = self.api.pending_updates()
            return next((u for u in pending if u["update_id"] == update_id), pending[-1])
        raw = self.api.last_update()
        assert update_id is None or raw["update_id"] == update_id
        return raw

    inbox: Inbox | None = None
    """Given, each update goes through it as a webhook's does (``Inbox.submit``: recorded in
    the store, answered one at a time per chat, in the update scope); else straight to
    ``process_update`` (all of a burst's updates at once)."""

    async def run(self, raw: dict[str, object]) -> float:
        start = time.perf_counter()
        update = Update.de_json(raw, self.app.bot)
        if self.inbox is not None:
            await self.inbox.submit(update)
        else:
            await self.app.process_update(update)
        return time.perf_counter() - start

    async def tap_ok(self, user: int) -> float:
        live = next(m for m in reversed(self.api.messages(user)) if m.from_bot and m.buttons)
        data = next(d for row in live.buttons for t, d in row if "就是这条" in t and d)
        self.api.user_presses(user, live.message_id, data)
        return await self.run(self.sent(None))


SLOW: list[tuple[float, float]] = []
"""(seconds since the burst began, reply seconds) of the quiet user's slowest replies."""


async def _quiet_user(bench: Bench, stop: asyncio.Event, since: float = 0.0) -> list[float]:
    times = []
    while not stop.is_set():
        took = await bench.run(bench.sent(bench.api.user_sends(QUIET_USER, "/start")))
        times.append(took)
        if since:
            SLOW.append((time.perf_counter() - took - since, took))
        await asyncio.sleep(0.05)
    return times


class _IdleReader:
    """A control: "reads" each photo in ``seconds`` of waiting, one at a time, no CPU at all;
    what a burst costs the other user with it is the bot's own photo handling and the load."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.pool = None
        self._one = asyncio.Lock()

    async def start(self) -> None:
        return None

    async def __call__(self, user: str, data: bytes, /) -> ScreenshotText:
        async with self._one:
            await asyncio.sleep(self.seconds)
        return ScreenshotText((Bubble((SMS[0],)),), "10690000")

    async def aclose(self) -> None:
        return None


class _GcPauses:
    """Collections of the bot process's garbage collector (gen 2) and how long each took."""

    def __init__(self) -> None:
        self.pauses: list[float] = []
        self._start = 0.0

    def __call__(self, phase: str, info: dict[str, int]) -> None:
        if info.get("generation") != 2:
            return
        if phase == "start":
            self._start = time.perf_counter()
        else:
            self.pauses.append(time.perf_counter() - self._start)


async def _burst(bench: Bench, images: list[bytes], run: int) -> float:
    api = bench.api
    stop = asyncio.Event()
    quiet_task = asyncio.create_task(_quiet_user(bench, stop))
    await asyncio.sleep(QUIET_SECONDS)
    stop.set()
    quiet = await quiet_task
    stop = asyncio.Event()
    start = time.perf_counter()
    SLOW.clear()
    pauses = _GcPauses()
    gc.callbacks.append(pauses)
    busy_task = asyncio.create_task(_quiet_user(bench, stop, start))
    users = [20_000 + run * 10 + n for n in range(5)]
    watch = LoopWatch() if bench.watch else None
    if watch is not None:
        watch.start()
    slow = SlowCallbacks(bench.slow) if bench.slow else None
    if slow is not None:
        slow.install()
    raws = [bench.sent(api.user_sends_photo(users[n % 5], images[n])) for n in range(20)]
    await asyncio.gather(*(bench.run(raw) for raw in raws))
    took = time.perf_counter() - start
    stop.set()
    busy = await busy_task
    gc.callbacks.remove(pauses)
    if watch is not None:
        await watch.stop()
    if slow is not None:
        slow.remove()
    shown = sum(1 for u in users for m in api.messages(u) if m.from_bot and "读到了" in m.text)
    ratio = _p(busy, 0.99) / _p(quiet, 0.99)
    print(
        f"burst {run + 1}: 20 photos from 5 users in {took:.1f} s ({shown} confirmations); "
        f"another user's /start reply p50/p99 quiet {_p(quiet, 0.5) * 1000:.0f}/"
        f"{_p(quiet, 0.99) * 1000:.0f} ms ({len(quiet)}), during the burst "
        f"{_p(busy, 0.5) * 1000:.0f}/{_p(busy, 0.99) * 1000:.0f} ms ({len(busy)}): "
        f"p99 ×{ratio:.1f}; load average {os.getloadavg()[0]:.1f}",
        flush=True,
    )
    slowest = sorted(SLOW, key=lambda x: -x[1])[:5]
    print(
        "  slowest replies (s into the burst: ms): "
        + ", ".join(f"{at:.1f}: {took * 1000:.0f}" for at, took in sorted(slowest))
        + f"; gen-2 GC in the bot process: {len(pauses.pauses)}, longest "
        f"{max(pauses.pauses, default=0) * 1000:.0f} ms",
        flush=True,
    )
    if watch is not None:
        print(watch.report(), flush=True)
    if slow is not None:
        print(slow.report(), flush=True)
    return ratio


async def main(  # noqa: PLR0913 - the command line's options
    photos: int,
    runs: int,
    threads: bool,
    nice: int,
    freeze: bool,
    idle: float,
    copy_all: bool = False,
    watch: bool = False,
    inbox: bool = False,
    slow_ms: float = 0.0,
) -> None:
    images = [
        telegram_jpeg(render([SMS[n % len(SMS)]], "10690000", LAYOUTS[n % len(LAYOUTS)]))
        for n in range(max(photos, 20))
    ]
    knowledge = load_knowledge(KNOWLEDGE)
    words = ScreenWords.from_knowledge(knowledge)
    start = time.perf_counter()
    reader: OcrReader | _IdleReader
    if idle:
        reader = _IdleReader(idle)
        what = f"none (control: each photo waits {idle:g} s, one at a time, no CPU)"
    elif threads:
        engine = RapidOcrEngine()
        engine.warm_up()
        reader = OcrReader(engine, words=words, workers=2)
        what = "2 threads in the bot process"
    else:
        reader = OcrReader(words=words, nice=nice)  # what bootstrap() wires (nice 10)
        what = f"1 worker process (nice {nice})"
    await reader.start()
    print(f"OCR: {what}; ready (models loaded) in {time.perf_counter() - start:.1f} s")
    api = FakeBotApi(token=TOKEN)
    try:
        with tempfile.TemporaryDirectory() as folder:
            app = build_application(
                Settings(token=TOKEN, db_path=Path(folder) / "b.sqlite3", knowledge_dir=KNOWLEDGE),
                knowledge,
                request=FakeRequest(api),
                flood_limit=10_000,
                rate_limit=False,
                photo_reader=reader,
            )
            async with app:
                await app.post_init(app)  # type: ignore[misc]
                bench = Bench(app, api)
                bench.copy_all, bench.watch, bench.slow = copy_all, watch, slow_ms / 1000
                if inbox:
                    bench.inbox = app.bot_data[INBOX_KEY]
                if freeze:  # what `paidoff run` does once started: see bot/heap.py
                    settle_heap()
                reads, taps = [], []
                for n in range(photos):
                    user = 10_000 + n
                    sent = bench.sent(api.user_sends_photo(user, images[n]))
                    reads.append(await bench.run(sent))
                    taps.append(await bench.tap_ok(user))
                print(
                    f"one at a time ({photos} photos): photo → confirmation p50 "
                    f"{statistics.median(reads):.2f} s, max {max(reads):.2f} s; tap → verdict "
                    f"card p50 {statistics.median(taps) * 1000:.0f} ms",
                    flush=True,
                )
                ratios = [await _burst(bench, images, run) for run in range(runs)]
                each = ", ".join(f"×{r:.1f}" for r in ratios)
                median = statistics.median(ratios)
                print(f"burst p99 ratio over {runs} run(s): {each}; median ×{median:.1f}")
                pool = reader.pool
                worker = pool.worker_peak_rss_mb if pool is not None else 0.0
                bot = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
                print(
                    f"peak RSS: bot process {bot:.0f} MB"
                    + (f", OCR worker process {worker:.0f} MB" if worker else "")
                )
                await app.post_shutdown(app)  # type: ignore[misc]
    finally:
        await reader.aclose()
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=4)
    parser.add_argument("--runs", type=int, default=3, help="bursts to measure")
    parser.add_argument(
        "--threads", action="store_true", help="OCR in 2 threads of the bot (the old way)"
    )
    parser.add_argument("--nice", type=int, default=10, help="the worker's niceness")
    parser.add_argument(
        "--idle",
        type=float,
        default=0.0,
        metavar="SECONDS",
        help="control: no OCR, each photo waits SECONDS (one at a time) using no CPU",
    )
    parser.add_argument(
        "--no-freeze", action="store_true", help="leave the start-up heap to the GC (as before)"
    )
    parser.add_argument(
        "--copy-all",
        action="store_true",
        help="the harness before s6-burst: copy every unconfirmed update to find each one",
    )
    parser.add_argument(
        "--watch",
        action="store_true",
        help="sample the loop's lag and the stacks that stall it (bench/loopwatch.py)",
    )
    parser.add_argument(
        "--inbox",
        action="store_true",
        help="each update through the durable inbox, as a webhook's (Inbox.submit)",
    )
    parser.add_argument(
        "--slow-callbacks",
        type=float,
        default=0.0,
        metavar="MS",
        help="asyncio debug mode during the bursts: count callbacks over MS ms (slows all)",
    )
    args = parser.parse_args()
    asyncio.run(
        main(
            args.photos,
            args.runs,
            args.threads,
            args.nice,
            not args.no_freeze,
            args.idle,
            args.copy_all,
            args.watch,
            args.inbox,
            args.slow_callbacks,
        )
    )
