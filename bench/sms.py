"""SMS analyzer latency and throughput on one core: `python -m bench.sms`.

Short SMS are the texts of the labelled corpus, analysed in turn, by the analyzer that
ships (rules + the statistical layer, which runs only when the rules say "unclear") and
by the rules alone; "model, every SMS" is the layer's worst-case cost if it ran on every
message (model text + score + nearest corpus message + phrases). A "2 KB paste" is
corpus texts joined up to about 2,000 characters: once as one long message (no blank
lines), once as separate SMS split at blank lines (``analyze_all``).

CPU lines use ``time.process_time`` per call (time this process ran, so less of the other
work on a shared machine); "first pass" is a freshly built analyzer's first sight of each
corpus SMS (caches such as the registrable domains of hosts start empty).
``--stages`` adds the mean CPU time of each stage of ``analyze``.
"""

from __future__ import annotations

import itertools
import os
import random
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import yaml

from bench.stats import measure, report
from bot.knowledge.loader import load_knowledge
from bot.sms import MAX_CHARS, SmsAnalyzer
from bot.sms.model import SmsModel, model_text

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


_WORDS_ZH = (
    "会议纪要",
    "项目进度",
    "本周",
    "下周二",
    "仓库",
    "库存",
    "订单",
    "发货",
    "物流",
    "报价单",
    "合同",
    "第三季度",
    "预算",
    "同比增长",
    "环比",
    "客户",
    "供应商",
    "样品",
    "测试",
    "版本",
    "會議",
    "資料",
    "電腦",
    "網路",
    "軟體",
    "溫度",
    "濕度",
    "體重",
    "血壓",
    "門診",
)
_WORDS_EN = (
    "meeting",
    "invoice",
    "shipment",
    "batch",
    "sensor",
    "reading",
    "update",
    "version",
    "release",
    "ticket",
    "room",
    "floor",
    "gate",
    "flight",
    "seat",
    "order",
    "total",
    "net",
)


def never_seen(count: int = 200, chars: int = PASTE_CHARS, seed: int = 7) -> list[str]:
    """Messages unlike the corpus: long mixed Chinese (Simplified and Traditional) and
    English text full of numbers of every shape (amounts, dates, times, decimals, IDs,
    percentages, version strings, a few links and e-mail addresses), each text different,
    so no per-text cache helps."""
    rng = random.Random(seed)
    out: list[str] = []
    for _ in range(count):
        parts: list[str] = []
        size = 0
        while size < chars:
            kind = rng.randrange(12)
            if kind == 0:
                piece = f"{rng.randrange(1, 99999):,}.{rng.randrange(100):02d}元"
            elif kind == 1:
                year, month, day = (
                    rng.randrange(2019, 2027),
                    rng.randrange(1, 13),
                    rng.randrange(1, 29),
                )
                piece = f"{year}-{month}-{day}"
            elif kind == 2:
                piece = f"{rng.randrange(24):02d}:{rng.randrange(60):02d}"
            elif kind == 3:
                piece = f"{rng.random() * 1000:.{rng.randrange(1, 4)}f}"
            elif kind == 4:
                piece = str(rng.randrange(10 ** rng.randrange(3, 19)))
            elif kind == 5:
                piece = f"{rng.randrange(100)}%"
            elif kind == 6:
                piece = f"v{rng.randrange(10)}.{rng.randrange(20)}.{rng.randrange(100)}"
            elif kind == 7:
                piece = rng.choice(("docs.example.org/p/", "cdn.test-site.net/a?", "www.foo.io/"))
                piece += str(rng.randrange(10**6))
            elif kind == 8:
                piece = f"user{rng.randrange(999)}@mail{rng.randrange(9)}.com"
            elif kind in (9, 10):
                piece = "".join(rng.choice(_WORDS_ZH) for _ in range(rng.randrange(1, 5)))
            else:
                piece = " ".join(rng.choice(_WORDS_EN) for _ in range(rng.randrange(1, 5)))
            parts.append(piece)
            parts.append(rng.choice((" ", "，", "。", ", ", "; ", "\n", "、", "")))
            size += len(piece) + 1
        out.append("".join(parts)[:chars])
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
    rules = SmsAnalyzer(analyzer.rules)
    plain = itertools.cycle(texts)
    print(
        report(
            "  … rules alone (no model)", measure(lambda: rules.analyze(next(plain)), 5000), "ms"
        )
    )
    weights = load_knowledge(KNOWLEDGE).sms_model
    if weights is not None:
        model = SmsModel(weights)
        # What the hook adds to an "unclear" verdict that gets lifted: the model text from
        # the analyzer's folding and evidence (both already at hand), the score, the
        # nearest corpus message and the phrases.
        ready = [(rules.fold(t[:MAX_CHARS]), rules.analyze(t).evidence) for t in texts]
        cases = itertools.cycle(ready)

        def full_model() -> None:
            folded, evidence = next(cases)
            read = model_text(folded, evidence)
            guess = model.predict(read)
            model.nearest(guess.present, guess.label)
            model.phrases(read, guess.label)

        print(report("  … model, every SMS (worst case)", measure(full_model, 5000), "ms"))

    long_texts = _pastes(texts, "\n")
    one = itertools.cycle(long_texts)
    print(
        report(
            "2 KB paste as one message", measure(lambda: analyzer.analyze(next(one)), 500), "ms"
        )
    )

    unseen = iter(never_seen(510))
    print(
        report(
            "2 KB never seen (mixed, many numbers)",
            measure(lambda: analyzer.analyze(next(unseen)), 500),
            "ms",
        )
    )

    brief = iter(never_seen(5010, chars=160, seed=3))
    print(
        report(
            "short never seen (mixed, many numbers)",
            measure(lambda: analyzer.analyze(next(brief)), 5000),
            "ms",
        )
    )

    split_texts = _pastes(texts, "\n\n")
    per_paste = sum(len(analyzer.analyze_all(p)) for p in split_texts) / len(split_texts)
    many = itertools.cycle(split_texts)
    samples = measure(lambda: analyzer.analyze_all(next(many)), 500)
    print(report(f"2 KB paste of ~{per_paste:.0f} SMS, per paste", samples, "ms"))
    rate = per_paste * len(samples) / sum(samples)
    print(f"{'  … the same, messages per second':<40} {rate:10.0f} msg/s")
    cpu_lines(texts, long_texts)
    if "--stages" in sys.argv[1:]:
        stage_lines(texts, long_texts)


def _build() -> SmsAnalyzer:
    return SmsAnalyzer(load_knowledge(KNOWLEDGE).sms)


def _cpu(fn: Callable[[str], object], texts: Iterable[str]) -> list[float]:
    out = []
    for text in texts:
        start = time.process_time()
        fn(text)
        out.append(time.process_time() - start)
    return out


def cpu_lines(texts: list[str], long_texts: list[str]) -> None:
    """CPU time per ``analyze``: a fresh analyzer's first pass, then warm."""
    fresh = SmsAnalyzer.from_knowledge(load_knowledge(KNOWLEDGE))
    print(report("CPU: short SMS, first pass (fresh)", _cpu(fresh.analyze, texts), "ms"))
    warm = itertools.islice(itertools.cycle(texts), 5000)
    print(report("CPU: short SMS (corpus), warm", _cpu(fresh.analyze, warm), "ms"))
    print(report("CPU: 2 KB as one message, first pass", _cpu(fresh.analyze, long_texts), "ms"))
    many = itertools.islice(itertools.cycle(long_texts), 500)
    print(report("CPU: 2 KB as one message, warm", _cpu(fresh.analyze, many), "ms"))
    print(report("CPU: 2 KB never seen", _cpu(fresh.analyze, never_seen(500, seed=11)), "ms"))


def _timed(fn: Callable[..., Any], name: str, spent: dict[str, float]) -> Callable[..., Any]:
    def timed(*args: Any, **kwargs: Any) -> Any:
        start = time.process_time()
        try:
            return fn(*args, **kwargs)
        finally:
            spent[name] += time.process_time() - start

    return timed


class _Timed:
    """Times every method call on ``inner`` into ``spent[name]``."""

    def __init__(self, inner: Any, name: str, spent: dict[str, float]) -> None:
        self._inner, self._name, self._spent = inner, name, spent

    def __getattr__(self, attr: str) -> Any:
        value = getattr(self._inner, attr)
        return _timed(value, self._name, self._spent) if callable(value) else value


def stage_lines(texts: list[str], long_texts: list[str]) -> None:
    """Mean CPU time of each stage of ``analyze`` (warm), on short SMS and 2 KB messages."""
    analyzer: Any = SmsAnalyzer.from_knowledge(load_knowledge(KNOWLEDGE))
    spent: dict[str, float] = defaultdict(float)
    analyzer.fold = _timed(analyzer.fold, "fold", spent)
    analyzer._extractor = _Timed(analyzer._extractor, "extract", spent)
    matcher = analyzer._matcher
    matcher._present = _timed(matcher._present, "  of which finding the needles", spent)
    analyzer._matcher = _Timed(matcher, "match", spent)
    analyzer._claims = _Timed(analyzer._claims, "claim", spent)
    analyzer._channels = _Timed(analyzer._channels, "channels + proof", spent)
    if analyzer._model is not None:
        analyzer._model = _Timed(analyzer._model, "model (unclear only)", spent)
    for name, data, rounds in (("short SMS", texts, 5), ("2 KB message", long_texts, 20)):
        for text in data:
            analyzer.analyze(text)  # warm
        spent.clear()
        total = sum(_cpu(analyzer.analyze, data * rounds))
        calls = len(data) * rounds
        parts = dict(spent)
        parts["decide + rest"] = total - sum(v for k, v in spent.items() if k[0] != " ")
        shown = "  ".join(f"{k.strip()} {v / calls * 1000:.3f}" for k, v in parts.items())
        print(f"stages, {name} (mean CPU ms): total {total / calls * 1000:.3f}  {shown}")


if __name__ == "__main__":
    main()
