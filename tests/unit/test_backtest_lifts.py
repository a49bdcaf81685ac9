"""scripts/backtest_lifts.py: its replay of lift rules decides as the bot does.

The backtest reads old commits with their own code and replays lift rules over what it
recorded; the thresholds the bot ships were chosen from that replay. So the replay must give,
for the shipped lifts and today's code, exactly the verdict the bot gives.
"""

from __future__ import annotations

import importlib.util
from collections import Counter
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

from bot.sms import SmsAnalyzer
from bot.sms.evaluate import examples_from_corpus
from bot.smscheck_args import TRAINING_FILES
from tests.conftest import ROOT

SHIPPED = "shipped (knowledge/sms_model.json)"


@pytest.fixture(scope="module")
def backtest() -> ModuleType:
    path = ROOT / "scripts" / "backtest_lifts.py"
    spec = importlib.util.spec_from_file_location("backtest_lifts", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_replay_of_the_shipped_lifts_gives_the_bots_verdicts(
    backtest: ModuleType, analyzer: SmsAnalyzer, tmp_path: Path
) -> None:
    """Over all the tuning data (some 200 messages the rules leave ⚪), read by today's code."""
    items = [
        item
        for path in TRAINING_FILES
        for item in yaml.safe_load((ROOT / path).read_text(encoding="utf-8"))["items"]
    ]
    corpus = tmp_path / "tuning.yaml"
    corpus.write_text(yaml.safe_dump({"items": items}, allow_unicode=True), encoding="utf-8")
    rows = {row["id"]: row for row in backtest.read(None, corpus, tmp_path)}
    examples = examples_from_corpus({"items": items})
    assert len(rows) == len(examples) > 1900
    shipped = backtest.POLICIES[SHIPPED]
    replayed = {e.id: backtest.lifted(rows[e.id], shipped) for e in examples}
    differ = [
        (e.id, replayed[e.id], verdict.verdict.value)
        for e in examples
        if replayed[e.id] != (verdict := analyzer.analyze(e.text, e.sender)).verdict.value
    ]
    assert not differ
    lifted = Counter(replayed[i] for i, row in rows.items() if row["rules"] != replayed[i])
    assert lifted["scam"] > 0  # the replay lifted to each label, so the comparison says something
    assert lifted["official_notice"] > 0


ROW: dict[str, Any] = {
    "rules": "unclear",
    "scam": 0,
    "refused": [],
    "p": {"scam": 0.95, "official_notice": 0.05},
    "near": {"scam": 0.5},
    "text": "您的账户存在异常，请点击链接重新认证，否则将被冻结",
    "folded": 25,
}


@pytest.mark.parametrize(
    ("change", "verdict"),
    [
        ({}, "scam"),  # sure enough, and it asks for something: the no-floor lift takes it
        ({"refused": ["scam"]}, "unclear"),  # it asks for nothing: no scam lift may take it
        ({"p": {"scam": 0.85, "official_notice": 0.15}}, "unclear"),  # below 0.9, score 0
        ({"p": {"scam": 0.85, "official_notice": 0.15}, "scam": 30}, "scam"),  # the floored one
        ({"near": {"scam": 0.2}}, "unclear"),  # like no known scam
        ({"folded": 601}, "unclear"),  # longer than anything the model was trained on
        ({"rules": "official_notice"}, "official_notice"),  # a rules' verdict is never lifted
    ],
)
def test_the_replay_lifts_only_as_the_model_would(
    backtest: ModuleType, change: dict[str, Any], verdict: str
) -> None:
    assert backtest.lifted({**ROW, **change}, backtest.POLICIES[SHIPPED]) == verdict
    assert backtest.lifted({**ROW, **change}, backtest.POLICIES["rules alone"]) == (
        change.get("rules", "unclear")
    )


def test_a_plain_notice_is_vouched_for_only_when_it_says_enough(backtest: ModuleType) -> None:
    notice = {
        **ROW,
        "refused": ["scam"],
        "p": {"official_notice": 0.75, "scam": 0.25},
        "near": {"official_notice": 0.3},
        "text": "【某银行】您尾号1234的卡于10月1日支出100元",
    }
    shipped = backtest.POLICIES[SHIPPED]
    assert backtest.lifted(notice, shipped) == "official_notice"  # p 0.75 >= 0.7
    assert backtest.lifted({**notice, "text": "【某银行】尊敬的客户您好"}, shipped) == "unclear"
    assert backtest.lifted({**notice, "scam": 15}, shipped) == "unclear"  # the ceiling of 0
    session_15 = backtest.POLICIES["session 15 (scam p 0.8 from a score of 30; official 0.8)"]
    assert backtest.lifted(notice, session_15) == "unclear"  # p 0.75 < 0.8
