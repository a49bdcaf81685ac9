"""SMS analyzer latency and throughput on one core: `python -m bench.sms`.

Short SMS are the texts of the labelled corpus, analysed in turn. A "2 KB paste" is
corpus texts joined up to about 2,000 characters: once as one long message (no blank
lines), once as separate SMS split at blank lines (``analyze_all``).
"""

from __future__ import annotations

import itertools
import os
from pathlib import Path

import yaml

from bench.stats import measure, report
from bot.knowledge.loader import load_knowledge
from bot.sms import SmsAnalyzer

ROOT = Path(__file__).resolve().parents[1]
KNOWLEDGE = ROOT / "knowledge"
CORPUS = ROOT / "tests" / "data" / "sms_corpus.yaml"
PASTE_CHARS = 2000


def _pastes(texts: list[str], separator: str) -> list[str]:
    out: list[str] = []
    current: list[str] = []
    for text in itertools.islice(itertools.cycle(texts), len(texts) * 3):
        current.append(text)
        if len(separator.join(current)) >= PASTE_CHARS:
            out.append(separator.join(current)[: PASTE_CHARS + 200])
            current = []
    return out


def main() -> None:
    """Print one line per measured case."""
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    print(report("knowledge load + analyzer build", measure(_build, 20), "ms"))
    analyzer = _build()
    texts = [str(i["text"]) for i in yaml.safe_load(CORPUS.read_text("utf-8"))["items"]]

    short = itertools.cycle(texts)
    print(
        report(
            "short SMS (corpus), per message",
            measure(lambda: analyzer.analyze(next(short)), 5000),
            "ms",
        )
    )

    long_texts = _pastes(texts, "\n")
    one = itertools.cycle(long_texts)
    print(
        report(
            "2 KB paste as one message", measure(lambda: analyzer.analyze(next(one)), 500), "ms"
        )
    )

    split_texts = _pastes(texts, "\n\n")
    per_paste = sum(len(analyzer.analyze_all(p)) for p in split_texts) / len(split_texts)
    many = itertools.cycle(split_texts)
    samples = measure(lambda: analyzer.analyze_all(next(many)), 500)
    print(report(f"2 KB paste of ~{per_paste:.0f} SMS, per paste", samples, "ms"))
    rate = per_paste * len(samples) / sum(samples)
    print(f"{'  … the same, messages per second':<40} {rate:10.0f} msg/s")


def _build() -> SmsAnalyzer:
    return SmsAnalyzer(load_knowledge(KNOWLEDGE).sms)


if __name__ == "__main__":
    main()
