"""Cost of the evidence report: `python -m bench.report`.

The PDF is made in the bot's process when a user taps export, so its time is the wait a
user sees (a channel should run it off the event loop, e.g. ``asyncio.to_thread``).
Measured: the 3-message sample, 200 short messages (a heavy log), one 4,000-character
SMS, and the CSV and the ready-to-send texts of the 200-message log. The first call
includes registering the font (parsing the 4.8 MB TTC); it is reported separately.
"""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from bot.knowledge.loader import load_knowledge
from bot.report import EvidenceEntry, ready_texts, render_csv, render_pdf
from bot.report.model import BEIJING
from bot.report.sample import sample_input

from .stats import measure, report

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    k = load_knowledge(ROOT / "knowledge")
    sample = sample_input(k)
    start = time.perf_counter()
    first = render_pdf(sample, k)
    print(f"{'first PDF (font registered)':<40} {(time.perf_counter() - start) * 1e3:9.1f} ms")
    base = datetime(2026, 11, 21, 9, 0, tzinfo=BEIJING).timestamp()
    many = tuple(
        EvidenceEntry(
            base + i * 600,
            f"1700000{i:04d}",
            f"第{i}条：您的借款已逾期，请尽快还款。",
            "collection",
            "催收短信",
        )
        for i in range(200)
    )
    heavy = replace(sample, evidence=many)
    long_sms = replace(sample, evidence=(replace(sample.evidence[0], text="催收内容" * 1000),))
    cases = {
        f"PDF, 3 messages ({len(first) // 1024} KB)": lambda: render_pdf(sample, k),
        f"PDF, 200 messages ({len(render_pdf(heavy, k)) // 1024} KB)": lambda: render_pdf(
            heavy, k
        ),
        "PDF, one 4,000-character SMS": lambda: render_pdf(long_sms, k),
        "CSV, 200 messages": lambda: render_csv(heavy, k),
        "ready-to-send texts, 200 messages": lambda: ready_texts(heavy, k),
    }
    for name, fn in cases.items():
        runs = 200 if name.startswith(("CSV", "ready")) else 20
        print(report(name, measure(fn, runs), "ms"))


if __name__ == "__main__":
    main()
