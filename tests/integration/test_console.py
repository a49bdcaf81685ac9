"""The terminal chat as a user runs it: a real subprocess, piped input, a real SQLite file."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from bot.bootstrap import bootstrap
from bot.config import Settings
from bot.engine.advisor import Advisor
from bot.knowledge.base import localize
from bot.knowledge.model import Lang
from tests.conftest import KNOWLEDGE_DIR, ROOT
from tests.support.dialogue import EXPECT_KEYS, Dialogue, EngineDriver, load_dialogues

DIALOGUES = load_dialogues()


def chat(db: Path, lines: list[str], *args: str, env: dict[str, str] | None = None) -> str:
    """Run `python -m bot chat` with ``lines`` on stdin; return stdout (asserts exit 0)."""
    full_env = {
        **os.environ,
        "PAIDOFF_DB_PATH": str(db),
        "PAIDOFF_KNOWLEDGE_DIR": str(KNOWLEDGE_DIR),
        "USER": "tester",
        **(env or {}),
    }
    full_env.pop("TELEGRAM_BOT_TOKEN", None)
    done = subprocess.run(
        [sys.executable, "-m", "bot", "chat", *args],
        input="\n".join(lines) + ("\n" if lines else ""),
        capture_output=True, text=True, timeout=60, env=full_env, cwd=ROOT, check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    return done.stdout


def _stored_facts(db: Path) -> dict[str, object]:
    async def read() -> dict[str, object]:
        parts = await bootstrap(Settings(db_path=db))
        try:
            stored = await parts.store.load("console:tester")
        finally:
            await parts.close()
        assert stored is not None
        return dict(stored.session.facts)

    return asyncio.run(read())


def _console_lines(advisor: Advisor, dialogue: Dialogue) -> tuple[list[str], EngineDriver]:
    """The lines a person would type for the script, and the engine run alongside."""
    driver = EngineDriver(advisor, dialogue.lang)
    lines: list[str] = []
    for turn in dialogue.turns:
        if EXPECT_KEYS & turn.keys():
            continue
        if "press" in turn:
            question = advisor.current(driver.session)
            assert question is not None
            option = str(turn["press"])
            ids = [o.id for o in question.options]
            lines.append("done" if option == "done" else str(ids.index(option) + 1))
        else:
            text = str(turn["user"])
            lines.append({"/start": "restart", "/restart": "restart"}.get(text, text))
        driver.play(turn)
    return lines, driver


@pytest.mark.parametrize("dialogue", DIALOGUES, ids=[d.name for d in DIALOGUES])
def test_dialogue_through_the_terminal_chat(
    advisor: Advisor, dialogue: Dialogue, tmp_path: Path
) -> None:
    lines, driver = _console_lines(advisor, dialogue)
    db = tmp_path / "chat.sqlite3"
    lang = {"zh-Hans": "zh", "en": "en", "zh-Hant": "hant"}[dialogue.lang]
    out = chat(db, lines, "--lang", lang)
    assert _stored_facts(db) == dict(driver.session.facts)
    if advisor.current(driver.session) is None:
        top = advisor.outcome(driver.session).causes[0].id
        title = localize(advisor.knowledge.causes[top].title, driver.session.lang)
        intro = advisor.knowledge.text("outcome_intro", driver.session.lang)
        assert f"1. {title}" in out.split(intro)[-1]


def test_bad_input_never_crashes_and_progress_survives(advisor: Advisor, tmp_path: Path) -> None:
    db = tmp_path / "chat.sqlite3"
    nasty = ["", "   ", "x" * 100_000, "\x00\x07\x1b[31m", "😀😀😀", "\u200b", "１", "ｎｏｐｅ?"]
    out = chat(db, nasty)  # "１" (full-width 1) answers: paid off; EOF follows mid-question
    assert "大概是什么时候还清的" in out  # the long line was read as a message, then "１" answered
    cut = {"total": 100_000, "kept": 4096, "cut": 100_000 - 4096}
    assert advisor.knowledge.text("input_cut", Lang.ZH_HANS, **cut) in out  # says what was cut
    raw = sqlite3.connect(db)
    try:
        assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        raw.close()
    again = chat(db, [])
    assert "欢迎回来" in again
    assert "大概是什么时候还清的" in again


def test_language_switch_and_quit(tmp_path: Path) -> None:
    out = chat(tmp_path / "db.sqlite3", ["lang en", "quit", "never reached"])
    assert "Switched to English" in out
    assert "have you fully repaid" in out
    assert "Bye." in out


def test_no_token_runs_the_chat_with_a_hint(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "PAIDOFF_DB_PATH": str(tmp_path / "db.sqlite3"),
        "PAIDOFF_KNOWLEDGE_DIR": str(KNOWLEDGE_DIR),
    }
    env.pop("TELEGRAM_BOT_TOKEN", None)
    done = subprocess.run(
        [sys.executable, "-m", "bot"], input="", capture_output=True, text=True, timeout=60,
        env=env, cwd=ROOT, check=False,
    )
    assert done.returncode == 0
    assert "TELEGRAM_BOT_TOKEN" in done.stdout


def test_a_pasted_sms_gets_a_card_and_fills_in_the_facts(tmp_path: Path) -> None:
    db = tmp_path / "db.sqlite3"
    sms = "邓强，你欠的借呗逾期款再不还，我们就联系你的家人和单位，后果自负。"
    out = chat(db, [sms, "1", "今天", "从没逾期", "普通手机号"])
    assert "🟠 催收短信" in out
    assert "「联系你的家人」" in out
    assert "短信称呼的是「邓强」。这是你的名字吗？" in out
    assert "哪一笔借款" not in out  # the message named the loan
    raw = sqlite3.connect(db)
    try:
        assert raw.execute("SELECT COUNT(*) FROM evidence").fetchone()[0] == 0  # no consent
    finally:
        raw.close()


def test_a_pasted_scam_ranks_scam_first_through_its_verdict(tmp_path: Path) -> None:
    db = tmp_path / "db.sqlite3"
    sms = "【借呗】您的借款已逾期，请点击 a1ipay-jb.top 输入验证码处理，否则影响征信"
    chat(db, [sms])
    facts = _stored_facts(db)
    assert facts["sms_verdict"] == "scam"  # the verdict is a fact the ranking uses
