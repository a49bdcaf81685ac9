"""The checked knowledge kept between start-ups (bot.knowledge.cache): reused only while
the files are the ones that were checked; a file broken since is still refused at start-up
with its file, line and node, and a cache file that cannot be trusted is never loaded."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot.errors import KnowledgeError
from bot.knowledge import cache as cache_module
from bot.knowledge.base import Knowledge
from bot.knowledge.cache import CACHE_FILE, load_cached
from bot.knowledge.loader import load_knowledge
from bot.knowledge.model import Lang
from tests.conftest import KNOWLEDGE_DIR

BROKEN = ("next: sender", "next: senderr")
"""A question pointing at a question that does not exist (questions.yaml)."""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE_DIR, target)
    return target


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    made = tmp_path / "data"
    made.mkdir(mode=0o700)
    return made


def _break(folder: Path) -> None:
    path = folder / "questions.yaml"
    text = path.read_text(encoding="utf-8")
    assert BROKEN[0] in text
    path.write_text(text.replace(BROKEN[0], BROKEN[1], 1), encoding="utf-8")


def _same(a: Knowledge, b: Knowledge) -> None:
    assert a.revision == b.revision
    assert a == b
    assert a.text("welcome", Lang.ZH_HANT) == b.text("welcome", Lang.ZH_HANT)


def test_the_cached_knowledge_is_the_checked_one(
    folder: Path, cache: Path, knowledge: Knowledge
) -> None:
    first = load_cached(folder, cache)
    assert (cache / CACHE_FILE).is_file()
    again = load_cached(folder, cache)
    _same(first, knowledge)
    _same(again, knowledge)
    # Its SMS patterns compile as the checked ones did (they are not pickled).
    signal = next(s for s in again.sms.signals if s.patterns)
    assert signal.compiled == next(s for s in knowledge.sms.signals if s.patterns).compiled


def test_a_file_broken_after_a_cached_start_is_still_refused(folder: Path, cache: Path) -> None:
    load_cached(folder, cache)
    _break(folder)
    with pytest.raises(KnowledgeError) as cached:
        load_cached(folder, cache)
    with pytest.raises(KnowledgeError) as checked:
        load_knowledge(folder)
    assert cached.value.problems == checked.value.problems
    assert any("senderr" in p.message for p in cached.value.problems)


def test_paidoff_run_refuses_a_file_broken_since_the_last_start(
    folder: Path, cache: Path, tmp_path: Path
) -> None:
    """Before connecting to Telegram: exit 1, each problem as file:line: node: message."""
    load_cached(folder, cache)
    _break(folder)
    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": "777000:CACHE-test-token-not-a-real-one-0000",
        "TELEGRAM_API_BASE_URL": "http://127.0.0.1:9",  # never reached
        "PAIDOFF_KNOWLEDGE_DIR": str(folder),
        "PAIDOFF_CACHE_DIR": str(cache),
        "PAIDOFF_DB_PATH": str(tmp_path / "bot.sqlite3"),
    }
    done = subprocess.run(
        [sys.executable, "-m", "bot", "run"],
        capture_output=True, text=True, timeout=60, env=env, check=False,
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    line = next(x for x in done.stderr.splitlines() if "senderr" in x)
    file, number, node = line.split(":")[:3]
    assert file.endswith("questions.yaml")
    text = (folder / "questions.yaml").read_text(encoding="utf-8").splitlines()
    assert "senderr" in text[int(number) - 1]
    assert node.strip()


def test_a_changed_file_is_checked_and_cached_anew(folder: Path, cache: Path) -> None:
    before = load_cached(folder, cache)
    path = folder / "texts.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\n# a comment\n", encoding="utf-8")
    after = load_cached(folder, cache)
    assert after.revision != before.revision
    _same(after, load_knowledge(folder))
    _same(load_cached(folder, cache), after)


@pytest.mark.parametrize("damage", ["garbage", "truncated", "other_header"])
def test_a_damaged_cache_is_ignored_and_replaced(
    folder: Path, cache: Path, knowledge: Knowledge, damage: str
) -> None:
    load_cached(folder, cache)
    path = cache / CACHE_FILE
    raw = path.read_bytes()
    if damage == "garbage":
        path.write_bytes(b"\x00not a cache\n" * 10)
    elif damage == "truncated":
        path.write_bytes(raw[: len(raw) // 2])
    else:
        head, header, body = raw.split(b"\n", 2)
        path.write_bytes(head + b"\n" + header.replace(b'"key": "', b'"key": "0') + b"\n" + body)
    _same(load_cached(folder, cache), knowledge)
    _same(load_cached(folder, cache), knowledge)  # and rewritten


def test_a_cache_others_may_write_is_never_loaded(
    folder: Path, cache: Path, knowledge: Knowledge
) -> None:
    """Loading a pickle runs code: a file anyone else could have written is not trusted."""
    load_cached(folder, cache)
    path = cache / CACHE_FILE
    path.chmod(0o666)
    # What loading it would do: a pickle that raises if it is ever unpickled.
    head, header, _ = path.read_bytes().split(b"\n", 2)
    evil = b"cbuiltins\nexec\n(S'raise SystemExit(7)'\ntR."
    path.write_bytes(head + b"\n" + header + b"\n" + evil)
    _same(load_cached(folder, cache), knowledge)


def test_without_a_cache_folder_every_start_checks(folder: Path) -> None:
    _same(load_cached(folder, None), load_knowledge(folder))
    _break(folder)
    with pytest.raises(KnowledgeError):
        load_cached(folder, None)


def test_a_code_upgrade_with_the_same_files_checks_them_again(
    folder: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """An upgrade that adds a check (or changes normalisation) must not start from a cache
    the older code wrote: the key covers the package's sources, not only the YAML files."""
    package = tmp_path / "package"
    package.mkdir()
    (package / "checks.py").write_text("RULES = 1\n", encoding="utf-8")
    monkeypatch.setattr(cache_module, "_PACKAGE", package)
    before = cache_module.knowledge_key(folder)
    (package / "checks.py").write_text("RULES = 2\n", encoding="utf-8")
    assert cache_module.knowledge_key(folder) != before
