"""scripts/backtest_lifts.py: its replay of lift rules decides as the bot does.

The backtest reads old commits with their own code and replays lift rules over what it
recorded; the thresholds the bot ships were chosen from that replay. So the replay must give,
for the shipped lifts and today's code, exactly the verdict the bot gives.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from types import ModuleType

import pytest
import yaml

from bot.sms import SmsAnalyzer
from bot.sms.evaluate import examples_from_corpus
from tests.conftest import ROOT

CORPUS = ROOT / "tests" / "data" / "sms_corpus.yaml"


@pytest.fixture(scope="module")
def backtest() -> ModuleType:
    pytest.importorskip("sklearn")  # the script imports the training settings (dev extra)
    path = ROOT / "scripts" / "backtest_lifts.py"
    spec = importlib.util.spec_from_file_location("backtest_lifts", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_replay_of_the_shipped_lifts_gives_the_bots_verdicts(
    backtest: ModuleType, analyzer: SmsAnalyzer
) -> None:
    out = subprocess.run(
        [sys.executable, "-c", backtest.READ, str(ROOT), str(CORPUS)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    rows = {row["id"]: row for row in json.loads(out)}
    examples = examples_from_corpus(yaml.safe_load(CORPUS.read_text(encoding="utf-8")))
    assert len(rows) == len(examples) > 500
    shipped = backtest.POLICIES["shipped (bot/sms/training.py)"]
    differ = [
        (e.id, backtest.lifted(rows[e.id], shipped), verdict.verdict.value)
        for e in examples
        if backtest.lifted(rows[e.id], shipped)
        != (verdict := analyzer.analyze(e.text, e.sender)).verdict.value
    ]
    assert not differ
    lifted = sum(rows[e.id]["rules"] != backtest.lifted(rows[e.id], shipped) for e in examples)
    assert lifted > 0  # the replay did lift something, so the comparison says something


def test_the_replay_lifts_a_sure_scam_guess_only_when_it_asks_for_something(
    backtest: ModuleType,
) -> None:
    row = {
        "rules": "unclear",
        "scam": 0,
        "refused": [],
        "p": {"scam": 0.99, "official_notice": 0.01},
        "near": {"scam": 0.9},
        "chars": 40,
    }
    shipped = backtest.POLICIES["shipped (bot/sms/training.py)"]
    assert backtest.lifted(row, backtest.POLICIES["rules alone"]) == "unclear"
    assert backtest.lifted(row, shipped) == "scam"
    refused = {**row, "refused": ["scam"]}  # it asks for nothing: no scam lift may take it
    assert backtest.lifted(refused, shipped) == "unclear"
