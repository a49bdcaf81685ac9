"""Screenshot OCR cost: `python -m bench.ocr [--images N]`.

Renders corpus SMS as screenshots (tests/support/screenshots.py: iOS-like and Android-like,
light and dark, phone PNG and Telegram JPEG) and reports, with the settings the bot uses:
- cold start: building the engine and loading both models (first photo after start-up);
- seconds per screenshot, wall and CPU, one at a time, and per long capture (15 bubbles,
  read in bands);
- throughput of ``OcrPool`` with 1 and 2 worker processes (one onnxruntime thread each,
  nice 10 as the bot runs them);
- a burst of 20 photos from 5 users (each sends its next photo when the last is read)
  while another "user" has a short SMS analysed on the event loop every 20 ms: that
  user's latency p99, quiet and during the burst (the issue's target: within 2×), with
  the bot's pool (1 worker process) and with the old one (2 threads in this process);
- peak memory: max RSS of this process (it also holds an in-process engine for the
  one-at-a-time figures) and of the worker processes.
On a shared machine every wall figure depends on what else runs: say so with the figures.
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import statistics
import time
from pathlib import Path

import yaml
from PIL.Image import Image

from bot.knowledge.loader import load_knowledge
from bot.ocr import OcrPool, RapidOcrEngine, ScreenWords, read_screenshot
from bot.ocr.tiles import bands
from bot.sms import SmsAnalyzer
from tests.support.screenshots import Layout, render, telegram_jpeg, to_png

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "data" / "sms_corpus.yaml"
LAYOUTS = [Layout(p, d) for p in ("ios", "android") for d in (False, True)]


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _images(count: int) -> tuple[list[bytes], list[bytes]]:
    items = yaml.safe_load(CORPUS.read_text("utf-8"))["items"]
    texts = [str(i["text"]) for i in items if len(str(i["text"])) <= 150]
    step = max(1, len(texts) // count)
    pngs, jpegs = [], []
    for n in range(count):
        picture = render([texts[n * step]], None, LAYOUTS[n % len(LAYOUTS)])
        pngs.append(to_png(picture))
        jpegs.append(telegram_jpeg(picture))
    return pngs, jpegs


def _one_at_a_time(
    engine: RapidOcrEngine, words: ScreenWords, images: list[bytes], name: str
) -> None:
    walls, cpus = [], []
    for data in images:
        wall, cpu = time.perf_counter(), time.process_time()
        read_screenshot(engine, data, words)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    ordered = sorted(walls)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    print(
        f"{name}, one at a time: wall p50 {statistics.median(walls):.2f} s, p99 {p99:.2f} s; "
        f"CPU {statistics.mean(cpus):.2f} s a screenshot (mean of {len(cpus)})"
    )


async def _throughput(
    words: ScreenWords, images: list[bytes], workers: int
) -> tuple[float, float]:
    """Screenshots a second with ``workers`` worker processes, and their peak RSS (MB)."""
    pool = OcrPool(words, workers=workers, queue=len(images))
    try:
        await pool.start()
        start = time.perf_counter()
        await asyncio.gather(*(pool.read(n, data) for n, data in enumerate(images)))
        return len(images) / (time.perf_counter() - start), pool.worker_peak_rss_mb
    finally:
        pool.close()


async def _latencies(analyzer: SmsAnalyzer, stop: asyncio.Event) -> list[float]:
    text = "【支付宝】您的借呗已结清，如有疑问请致电95188。"
    out = []
    while not stop.is_set():
        start = time.perf_counter()
        await asyncio.sleep(0.02)
        analyzer.analyze(text, "95188")
        out.append(time.perf_counter() - start - 0.02)
    return out


async def _burst(pool: OcrPool, analyzer: SmsAnalyzer, images: list[bytes], name: str) -> None:
    await pool.start()
    stop = asyncio.Event()
    quiet_task = asyncio.create_task(_latencies(analyzer, stop))
    await asyncio.sleep(3)
    stop.set()
    quiet = await quiet_task

    async def user(number: int) -> None:
        for photo in range(4):
            await pool.read(f"user{number}", images[(number * 4 + photo) % len(images)])

    stop = asyncio.Event()
    busy_task = asyncio.create_task(_latencies(analyzer, stop))
    start = time.perf_counter()
    try:
        await asyncio.gather(*(user(n) for n in range(5)))
    finally:
        pool.close()
    took = time.perf_counter() - start
    stop.set()
    busy = await busy_task
    q99, b99 = (sorted(x)[int(len(x) * 0.99)] * 1e3 for x in (quiet, busy))
    print(
        f"burst ({name}): 20 photos from 5 users in {took:.1f} s; another user's "
        f"reply lateness p99 quiet {q99:.1f} ms, during the burst {b99:.1f} ms "
        f"({b99 / max(q99, 1e-3):.1f}×)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.ocr")
    parser.add_argument("--images", type=int, default=8, help="screenshots per kind")
    args = parser.parse_args()
    pngs, jpegs = _images(args.images)
    words = ScreenWords.from_knowledge(load_knowledge(ROOT / "knowledge"))
    base = _rss_mb()
    engine = RapidOcrEngine()
    start = time.perf_counter()
    engine.warm_up()
    print(
        f"cold start (engine + models): {time.perf_counter() - start:.2f} s, "
        f"RSS {base:.0f} → {_rss_mb():.0f} MB"
    )
    _one_at_a_time(engine, words, pngs, "phone PNG (1170×2532 / 1080×2400)")
    _one_at_a_time(engine, words, jpegs, "Telegram JPEG (≤1280 px, q80)")
    long = _long()
    size = f"{long.width}×{long.height}, {len(bands(*long.size))} bands"
    _one_at_a_time(engine, words, [to_png(long)], f"long capture (15 bubbles, {size})")
    worker_peak = 0.0
    for workers in (1, 2):
        rate, peak = asyncio.run(_throughput(words, pngs + jpegs, workers))
        worker_peak = max(worker_peak, peak)
        print(f"pool, {workers} worker process(es): {rate:.2f} screenshots/s", flush=True)
    analyzer = SmsAnalyzer.from_knowledge(load_knowledge(ROOT / "knowledge"))
    asyncio.run(_burst(OcrPool(words), analyzer, pngs + jpegs, "1 worker process"))
    threads = OcrPool(words, engine=engine, workers=2)
    asyncio.run(_burst(threads, analyzer, pngs + jpegs, "2 threads in this process"))
    print(
        f"peak RSS {_rss_mb():.0f} MB in this process (start {base:.0f} MB, before the "
        f"in-process engine); worker process peak {worker_peak:.0f} MB"
    )


def _long() -> Image:
    items = yaml.safe_load(CORPUS.read_text("utf-8"))["items"]
    texts = [str(i["text"]) for i in items if len(str(i["text"])) <= 150][::7][:15]
    return render(texts, "95188", LAYOUTS[0])


if __name__ == "__main__":
    main()
