"""``pip install .`` ships the knowledge: the installed ``paidoff`` runs from any folder.

The project is built and installed into a temporary ``--target`` folder (offline, no
dependencies: those come from this venv), then ``paidoff check`` and a piped
``paidoff chat`` run as real processes from an empty folder outside the repository.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.e2e

SOURCES = ("bot", "knowledge", "pyproject.toml", "setup.py", "README.md")


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder the project was installed into (``bot/`` and ``bin/paidoff`` inside)."""
    base = tmp_path_factory.mktemp("install")
    source = base / "src"  # a copy: building leaves build/ and *.egg-info behind
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name, ignore=_caches)
        else:
            shutil.copy2(ROOT / name, source / name)
    target = base / "site"
    done = subprocess.run(  # noqa: S603 - pip on our own project
        [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
         "--no-index", "--no-deps", "--no-build-isolation", "--target", str(target),
         str(source)],
        capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return target


def _caches(_: str, names: list[str]) -> list[str]:
    return [n for n in names if n == "__pycache__"]


def _paidoff(
    installed: Path, cwd: Path, *args: str, lines: str = ""
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PAIDOFF_", "TELEGRAM_"))}
    env.update(PYTHONPATH=str(installed), NO_COLOR="1", HOME=str(cwd))
    return subprocess.run(  # noqa: S603 - the installed entry point
        [str(installed / "bin" / "paidoff"), *args],
        input=lines, capture_output=True, text=True, timeout=120, env=env, cwd=cwd, check=False,
    )  # fmt: skip


def test_the_installed_check_reads_the_shipped_knowledge(installed: Path, tmp_path: Path) -> None:
    done = _paidoff(installed, tmp_path, "check")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"{installed / 'bot' / '_knowledge'}: ok — ")


def test_the_installed_chat_runs_from_any_folder(installed: Path, tmp_path: Path) -> None:
    done = _paidoff(installed, tmp_path, "chat", "--lang", "en", lines="1\n")
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert "Question 1/" in done.stdout
    assert "Question 2/" in done.stdout  # the typed "1" was taken as the first answer
    assert (tmp_path / "data" / "paidoff.sqlite3").is_file()  # progress saved where it ran
