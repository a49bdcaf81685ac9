"""Switching language in the terminal chat, as a user types it."""

from __future__ import annotations

from pathlib import Path

from tests.integration.test_console import chat


def test_lang_hant_confirms_in_traditional_and_asks_in_traditional(tmp_path: Path) -> None:
    out = chat(tmp_path / "s.db", ["lang hant", "quit"])
    assert "已切換為繁體中文" in out
    assert "簡體中文" not in out
    assert "還清" in out.split("已切換為繁體中文", 1)[1]  # the next question is Traditional


def test_lang_zh_confirms_simplified(tmp_path: Path) -> None:
    out = chat(tmp_path / "s.db", ["lang hant", "lang zh", "quit"])
    assert "已切换为简体中文" in out
