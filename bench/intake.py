"""Cost of reading a pasted text (``read_intake``) and analysing it, on adversarial shapes:
`python -m bench.intake`.

Each shape once made a backtracking pattern rescan the rest of the text at every
position. Figures are CPU milliseconds per call at 4,096 characters (Telegram's limit,
the cap of every entry point) and at 20,000 (past the cap, ``limit`` raised); the last
column is the ratio, about 4.9 for linear work. The full analyzer (``analyze_all``,
owned by ``bot/sms``) is measured at 4,096 characters, the most any channel hands it.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

from bot.knowledge.loader import load_knowledge
from bot.sms import SmsAnalyzer
from bot.sms.intake import MAX_INPUT

ROOT = Path(__file__).resolve().parents[1]

SHAPES: dict[str, Callable[[int], str]] = {
    "newlines": lambda n: "\n" * n,
    "space-newline": lambda n: " \n" * (n // 2),
    "letters": lambda n: "a" * n,
    "digits": lambda n: "1" * n,
    "hyphens": lambda n: "-" * n,
    "sender lines": lambda n: ("发件人：" + "x" * 60 + "\n") * (n // 65),
    "sender word, no colon": lambda n: "from " * (n // 5),
    "dotted": lambda n: "a." * (n // 2),
    "one long line": lambda n: "发件人：" + "x" * n,
    "Chinese SMS": lambda n: ("【借呗】您的借款已逾期，请尽快还款 alipay.com。" * n)[:n],
}


def _cpu_ms(fn: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(3):
        start = time.process_time()
        fn()
        best = min(best, time.process_time() - start)
    return best * 1000


def main() -> None:
    """Print one line per shape."""
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    analyzer = SmsAnalyzer(load_knowledge(ROOT / "knowledge").sms)
    print(f"{'shape':<16} {'intake 4k':>10} {'intake 20k':>11} {'ratio':>6} {'analyze 4k':>11}")
    for name, make in SHAPES.items():
        small, large = make(MAX_INPUT), make(20_000)
        a = _cpu_ms(lambda s=small: analyzer.read_intake(s))  # type: ignore[misc]
        b = _cpu_ms(lambda s=large: analyzer.read_intake(s, limit=len(s)))  # type: ignore[misc]
        full = _cpu_ms(lambda s=small: analyzer.analyze_all(s))  # type: ignore[misc]
        ratio = b / a if a else float("nan")
        print(f"{name:<16} {a:8.2f}ms {b:9.2f}ms {ratio:6.1f} {full:9.1f}ms")


if __name__ == "__main__":
    main()
