"""Every pattern of ``knowledge/sms.yaml`` runs in linear time on generated adversarial texts.

The texts are runs of each character a pattern names and of a few generic ones (see
``bench/sms_regex.py``, which prints the figures). Ten times the text must cost less
than 30 times the CPU (linear: about 10; a pattern that restarts a long scan at every
position: about 100). Costs under a millisecond are noise and are not compared.
"""

from __future__ import annotations

import re
import time

from bench.sms_regex import texts
from bot.knowledge.base import Knowledge


def _cost(compiled: re.Pattern[str], text: str) -> float:
    best = float("inf")
    for _ in range(5):
        start = time.thread_time()  # this thread only: other threads of the run do not count
        for _ in compiled.finditer(text):
            pass
        best = min(best, time.thread_time() - start)
    return best


def test_no_sms_pattern_is_super_linear_on_adversarial_text(knowledge: Knowledge) -> None:
    slow: list[str] = []
    nodes = [(s.id, s.compiled) for s in knowledge.sms.signals]
    nodes += [(p.id, p.compiled) for p in knowledge.sms.platforms]
    for ident, patterns in nodes:
        for compiled in patterns:
            assert isinstance(compiled, re.Pattern)
            pairs = zip(
                texts(compiled.pattern, 1_000), texts(compiled.pattern, 10_000), strict=True
            )
            for (name, small), (_, large) in pairs:
                big = _cost(compiled, large)
                if big < 0.001:
                    continue
                ratio = big / max(_cost(compiled, small), 1e-6)
                if ratio > 30:
                    slow.append(f"{ident} {compiled.pattern!r} on runs of {name}: {ratio:.0f}x")
    assert not slow, "\n".join(slow)
