"""Reading a pasted text costs time in proportion to its length, whatever its shape.

The cost is compared between a text and one ten times longer (a ratio, not a time
limit): linear work gives about 10, the quadratic patterns this replaced gave 100+.
Timings themselves are in ``bench/intake.py``.
"""

from __future__ import annotations

import time

import pytest

from bench.intake import SHAPES
from bot.knowledge.loader import load_knowledge
from bot.sms import SmsAnalyzer
from bot.sms.intake import MAX_INPUT
from tests.conftest import KNOWLEDGE_DIR

# The sender words come from sms.yaml → intake; one analyzer reads them for every test.
read_intake = SmsAnalyzer(load_knowledge(KNOWLEDGE_DIR).sms).read_intake

# Shapes that made a backtracking pattern rescan the rest of the text at every position
# (the bench's, less the ordinary SMS it adds for comparison).
ADVERSARIAL = {name: make for name, make in SHAPES.items() if name != "Chinese SMS"}


def _cost(text: str) -> float:
    """CPU seconds of one read_intake call (the best of several, to shed noise)."""
    best = float("inf")
    for _ in range(5):
        start = time.thread_time()
        runs = 0
        while True:
            read_intake(text, limit=len(text))
            runs += 1
            spent = time.thread_time() - start
            if spent >= 0.02:
                break
        best = min(best, spent / runs)
    return best


@pytest.mark.parametrize("shape", ADVERSARIAL, ids=list(ADVERSARIAL))
def test_ten_times_the_text_costs_about_ten_times_the_time(shape: str) -> None:
    make = ADVERSARIAL[shape]
    small, large = _cost(make(2_000)), _cost(make(20_000))
    assert large / small < 30, f"{shape}: 10× input took {large / small:.0f}× the time"


def test_a_text_past_the_limit_is_cut_and_says_how_much() -> None:
    text = "【借呗】您的借款已逾期，请尽快还款。" * 1000
    intake = read_intake(text)
    assert intake.is_sms
    assert len(intake.text) <= MAX_INPUT
    assert intake.cut == len(text) - MAX_INPUT
    assert read_intake("【借呗】您的借款已逾期，请尽快还款").cut == 0


def test_sender_lines_are_still_read_after_the_rewrite() -> None:
    intake = read_intake("来自：95188\n【借呗】您的借款已逾期，请尽快还款")
    assert intake.sender == "95188"
    assert "来自" not in intake.text
    assert read_intake("  From : +86 138 0013 8000  \n你的账户异常").sender == "+86 138 0013 8000"
    assert read_intake("发件人：" + "1" * 41 + "\n你的账户异常").sender is None  # too long
    assert read_intake("点击 a1ipay-jb.top 处理").is_sms
    assert read_intake("访问 WWW.x").is_sms
