"""`paidoff sms-check --image`: a screenshot in, the verdict plus what was read out."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from bot.cli import main
from tests.support.offline import no_network
from tests.support.screenshots import Layout, render, telegram_jpeg

SCAM = (
    "【蚂蚁借呗】您的借呗为学生身份开通，现需关闭借呗并注销校园贷记录，逾期未处理将上报征信。"
    "关闭入口：jiebei-zx.cn/gb 客服热线95188"
)


@pytest.fixture
def shot(tmp_path: Path) -> Path:
    path = tmp_path / "shot.jpg"
    path.write_bytes(telegram_jpeg(render([SCAM], "10691885302718", Layout("ios", False))))
    return path


def test_a_screenshot_gets_the_verdict_of_its_text(
    shot: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with no_network():
        assert main(["sms-check", "--image", str(shot), "--json"]) == 0
    (line,) = capsys.readouterr().out.splitlines()
    read = json.loads(line)
    pasted = json.dumps({"text": SCAM, "sender": "10691885302718"}, ensure_ascii=False)
    monkeypatch.setattr("sys.stdin", io.StringIO(pasted + "\n"))
    assert main(["sms-check", "--json"]) == 0
    typed = json.loads(capsys.readouterr().out)
    assert read["verdict"] == typed["verdict"] == "scam"
    assert {s["id"] for s in read["signals"]} == {s["id"] for s in typed["signals"]}
    assert read["sender"] == "10691885302718"
    assert "借呗" in read["text"]
    assert "jiebei-zx.cn/gb" in read["text"]
    assert {"verdict", "risk", "signals", "facts", "addressed_name", "text"} <= set(read)


def test_the_readable_form_shows_what_was_read_then_the_card(
    shot: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["sms-check", "--image", str(shot)]) == 0
    out = capsys.readouterr().out
    assert out.index("关闭入口") < out.index("#1 ")


def test_without_the_ocr_runtime_it_asks_for_the_text(
    shot: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "rapidocr", None)
    assert main(["sms-check", "--image", str(shot)]) == 1
    assert "cannot read images here" in capsys.readouterr().err


def test_a_file_that_is_no_picture_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "sms.txt"
    path.write_text(SCAM, encoding="utf-8")
    assert main(["sms-check", "--image", str(path)]) == 1
    assert "image refused (not_an_image" in capsys.readouterr().err
