"""Every regular expression of ``knowledge/sms.yaml`` (and of ``bot/sms``) on generated
adversarial texts: `python -m bench.sms_regex`.

For each pattern the texts are runs of each character the pattern names (literals, a
sample of each class) and of a few generic ones, alone and in pairs. A pattern is
listed when ten times the text costs more than 30 times the CPU (linear work: about
10), with the worst text and its cost at 4,096 characters, the longest text any channel
reads. This is how the findings in the rel-misc report were made.
"""

from __future__ import annotations

import importlib
import itertools
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bot.knowledge.loader import load_knowledge

ROOT = Path(__file__).resolve().parents[1]
_parser: Any = importlib.import_module("re._parser")
_c: Any = importlib.import_module("re._constants")
GENERIC = ["a", "1", " ", "-", ".", "\n", "中", "【", "：", "*"]
MODULES = ["bot.sms.extract", "bot.sms.names", "bot.sms.numbers", "bot.sms.rules",
           "bot.sms.text", "bot.sms.urls", "bot.sms.analyzer", "bot.sms.prefilter",
           "bot.sms.intake", "bot.sms.signature"]  # fmt: skip


def _chars(items: Any) -> Iterator[str]:
    for op, av in items:
        if op is _c.LITERAL:
            yield chr(av)
        elif op is _c.IN:
            for sub, value in av:
                if sub is _c.LITERAL:
                    yield chr(value)
                elif sub is _c.RANGE:
                    yield chr(value[0])
                elif sub is _c.CATEGORY:
                    yield {"CATEGORY_DIGIT": "1", "CATEGORY_SPACE": " "}.get(str(value), "a")
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT):
            yield from _chars(av[2])
        elif op is _c.SUBPATTERN:
            yield from _chars(av[-1])
        elif op is _c.BRANCH:
            for branch in av[1]:
                yield from _chars(branch)
        elif op in (_c.ASSERT, _c.ASSERT_NOT):
            yield from _chars(av[1])


def texts(pattern: str, size: int) -> Iterator[tuple[str, str]]:
    """(name, text) pairs of ``size`` characters built from the pattern's characters."""
    own = list(dict.fromkeys(_chars(_parser.parse(pattern))))[:12]
    pool = list(dict.fromkeys(own + GENERIC))
    for ch in pool:
        yield repr(ch), ch * size
    for a, b in itertools.combinations(own[:6] + [" ", "1"], 2):
        yield repr(a + b), (a + b) * (size // 2)


def _cost(compiled: re.Pattern[str], text: str) -> float:
    start = time.process_time()
    for _ in compiled.finditer(text):
        pass
    return time.process_time() - start


def patterns() -> Iterator[tuple[str, re.Pattern[str]]]:
    """(where, compiled) for sms.yaml and the module-level patterns of bot/sms."""
    sms = load_knowledge(ROOT / "knowledge").sms
    for signal in sms.signals:
        for text, compiled in zip(signal.patterns, signal.compiled, strict=True):
            if isinstance(compiled, re.Pattern):
                yield f"sms.yaml signals[{signal.id}] {text!r}", compiled
    for platform in sms.platforms:
        for text, compiled in zip(platform.patterns, platform.compiled, strict=True):
            if isinstance(compiled, re.Pattern):
                yield f"sms.yaml platforms[{platform.id}] {text!r}", compiled
    for name in MODULES:
        module = importlib.import_module(name)
        for attr, value in vars(module).items():
            if isinstance(value, re.Pattern):
                yield f"{name}.{attr}", value


def main() -> None:
    """Print every super-linear pattern with its worst text."""
    checked = flagged = 0
    for where, compiled in patterns():
        checked += 1
        worst: tuple[float, str, float] = (0.0, "", 0.0)
        for (name, small), (_, large) in zip(
            texts(compiled.pattern, 1_000), texts(compiled.pattern, 10_000), strict=True
        ):
            a, b = _cost(compiled, small), _cost(compiled, large)
            ratio = b / a if a > 1e-5 else (b / 1e-5)
            if b > 0.002 and ratio > worst[0]:
                worst = (ratio, name, _cost(compiled, (large * 1)[:4096]))
        if worst[0] > 30:
            flagged += 1
            print(f"{where}: 10x text → {worst[0]:.0f}x CPU on runs of {worst[1]}; "
                  f"{worst[2] * 1000:.1f} ms at 4,096 chars")  # fmt: skip
    print(f"{checked} patterns checked, {flagged} super-linear")


if __name__ == "__main__":
    main()
