"""The conversation layer stays channel-neutral, and its command words are checked knowledge."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot.errors import KnowledgeError
from bot.knowledge.loader import load_knowledge
from tests.conftest import KNOWLEDGE_DIR, ROOT

ADAPTERS = [ROOT / "bot" / "channels" / "console.py"] + sorted(
    p
    for p in (ROOT / "bot" / "channels" / "telegram").glob("*.py")
    if p.stem in {"conversation", "screens", "render", "sms_render", "callbacks", "deps"}
)


def test_the_conversation_imports_no_channel_and_no_store() -> None:
    code = (
        "import sys, bot.conversation\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in {'telegram', 'aiosqlite', 'sqlite3'}"
        " or m.startswith('bot.storage') or m.startswith('bot.channels')]\n"
        "print(','.join(sorted(bad)))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert done.stdout.strip() == ""


@pytest.mark.parametrize("path", ADAPTERS, ids=lambda p: p.name)
def test_no_adapter_reaches_the_store_or_the_routing(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imported = {
        node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
    } | {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    assert not {m for m in imported if m.startswith("bot.storage")}
    assert "bot.sms.intake" not in imported  # is it an SMS? the conversation decides


def _knowledge_with(tmp_path: Path, old: str, new: str) -> Path:
    folder = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE_DIR, folder)
    texts = folder / "texts.yaml"
    text = texts.read_text(encoding="utf-8")
    assert old in text
    texts.write_text(text.replace(old, new, 1), encoding="utf-8")
    return folder


def test_a_missing_command_word_list_is_refused(tmp_path: Path) -> None:
    folder = _knowledge_with(tmp_path, "  back: [back, b, 返回, 上一步, 上一题]\n", "")
    with pytest.raises(KnowledgeError, match="missing command words 'back'"):
        load_knowledge(folder)


def test_a_word_of_two_commands_is_refused(tmp_path: Path) -> None:
    folder = _knowledge_with(tmp_path, "next: [next, n,", "next: [next, b,")
    with pytest.raises(KnowledgeError, match="'b' is also a 'back' word"):
        load_knowledge(folder)


def test_command_words_are_matched_as_typed(tmp_path: Path) -> None:
    k = load_knowledge(KNOWLEDGE_DIR)
    from bot.conversation.routing import is_word

    assert is_word(k, "back", " 返回 ")
    assert is_word(k, "back", "BACK")
    assert is_word(k, "details", "詳細")  # Traditional folds to Simplified
    assert not is_word(k, "back", "返回上一题吧")
