"""`paidoff sms-check` as DESIGN.md specifies it: JSON lines or plain text in, verdicts out."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
import yaml

from bot.cli import main
from tests.conftest import DATA
from tests.unit.test_sms_corpus import SCAM_RECALL


def _stdin(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(text))


def test_json_lines_in_json_lines_out(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = [
        {
            "text": "邓强，你欠的钱什么时候还？再不处理我们将联系你的家人和单位。",
            "sender": "15736219048",
        },
        {"text": "【支付宝】校验码483920，您正在登录支付宝，切勿告诉他人。", "sender": 95188},
    ]
    _stdin(monkeypatch, "\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n")
    assert main(["sms-check", "--json"]) == 0
    out = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [o["verdict"] for o in out] == ["collection", "official_notice"]
    assert out[0]["addressed_name"] == "邓强"
    assert out[0]["facts"]["sender"] == "mobile"
    assert out[1]["facts"]["sender"] == "official"
    assert {"verdict", "risk", "signals", "facts", "addressed_name"} <= set(out[0])


def test_plain_text_file_with_a_blank_line_between_messages(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "sms.txt"
    path.write_text(
        "【支付宝】您的余额支付功能将于今日关闭，请登录a1ipay.com/kq重新开通。\n\n"
        "王先生您好，您在借呗的借款已逾期，请尽快还款。\n",
        encoding="utf-8",
    )
    assert main(["sms-check", str(path), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "#1 Likely a scam (scam)" in out
    assert "#2 A debt-collection message (collection)" in out
    assert "name: 王先生" in out


def test_a_bad_json_line_is_reported_and_the_rest_still_run(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _stdin(monkeypatch, '{"text": "您好"}\n{oops\n{"sender": "95188"}\n')
    assert main(["sms-check", "--json"]) == 1
    captured = capsys.readouterr()
    assert len(captured.out.splitlines()) == 1
    assert "line 2: not JSON" in captured.err
    assert 'line 3: expected an object with a "text" string' in captured.err


def test_eval_prints_the_figures(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sms-check", "--eval", str(DATA / "sms_corpus.yaml")]) == 0
    out = capsys.readouterr().out
    assert "precision" in out
    assert "confusion" in out
    assert "addressed name exact" in out


def test_eval_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sms-check", "--eval", "--json", str(DATA / "sms_corpus.yaml")]) == 0
    figures = json.loads(capsys.readouterr().out)
    corpus = yaml.safe_load((DATA / "sms_corpus.yaml").read_text(encoding="utf-8"))
    scams = sum(1 for item in corpus["items"] if item["label"] == "scam")
    assert figures["per_verdict"]["scam"]["support"] == scams
    assert figures["per_verdict"]["scam"]["recall"] >= SCAM_RECALL


def test_eval_of_a_missing_corpus_fails_clearly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["sms-check", "--eval", str(tmp_path / "nope.yaml")]) == 1
    assert "cannot read the corpus" in capsys.readouterr().err


def test_image_is_out_of_scope(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sms-check", "--image", "shot.png"]) == 2
    assert "not supported" in capsys.readouterr().err
