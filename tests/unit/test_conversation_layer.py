"""The conversation layer stays channel-neutral, and its command words are checked knowledge."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot.bootstrap import Core
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


SCAM = "【支付宝】您的借呗账户异常，请立即登录 alipay-jb.top 处理，并将资金转入安全账户。"
NAMED = "邓强，你欠的借呗逾期款再不还，我们就联系你的家人和单位，后果自负。"


def test_messages_one_per_line_are_set_apart_but_one_message_stays_whole(core: Core) -> None:
    from bot.conversation.routing import one_per_line

    assert one_per_line(f"{SCAM}\n{NAMED}", core.analyzer) == f"{SCAM}\n\n{NAMED}"
    one = "尊敬的客户：\n您的借呗已逾期，请尽快处理，详询95188。"
    assert one_per_line(one, core.analyzer) == one


def test_own_words_speak_as_i_and_not_to_you() -> None:
    from bot.conversation.routing import own_words

    k = load_knowledge(KNOWLEDGE_DIR)
    assert own_words(k, "我已经还清了但是还一直收到催收短信")
    assert own_words(k, "I paid it all back but they keep texting me")
    assert not own_words(k, NAMED)  # speaks to "you": a message received
    assert not own_words(k, "Imagine a world")  # "i" only as a word
    # A company speaking of itself is not a person telling their story.
    assert not own_words(k, "我司受蚂蚁委托通知：借呗欠款已逾期三十天，请尽快处理。")
    assert not own_words(k, "我行提醒：信用卡账单已出，请按时还款。")
    assert own_words(k, "短信里写着我司，可是我早就还清了")  # the person's own "我" counts
