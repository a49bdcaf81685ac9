"""The core is pure (STYLE.md §1): the engine, the knowledge and the SMS analyzer import
no adapter, no Telegram and no database, so they run with the adapters absent; the engine
and the analyzer do not read the clock either."""

from __future__ import annotations

import ast
import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

CORE_PACKAGES = ("bot.engine", "bot.knowledge")
CORE_MODULES = ("bot.sms.analyzer",)
FORBIDDEN = ("telegram", "aiosqlite", "bot.channels", "bot.storage")
CLOCK = {"time", "datetime"}


def _core_modules() -> list[str]:
    names = list(CORE_MODULES)
    for package in CORE_PACKAGES:
        names.append(package)
        path = ROOT / Path(*package.split("."))
        names += [f"{package}.{m.name}" for m in pkgutil.iter_modules([str(path)])]
    return sorted(names)


def _forbidden(name: str) -> bool:
    return any(name == f or name.startswith(f + ".") for f in FORBIDDEN)


def test_importing_the_core_loads_no_adapter() -> None:
    """In a fresh interpreter, every core module together pulls in none of the adapters."""
    code = (
        "import importlib, json, sys\n"
        f"for name in {_core_modules()!r}:\n"
        "    importlib.import_module(name)\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120,
        check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    loaded = json.loads(done.stdout)
    assert "bot.engine.advisor" in loaded  # the walk did import the core
    assert not [m for m in loaded if _forbidden(m)]


@pytest.mark.parametrize("module", _core_modules())
def test_no_core_module_names_an_adapter(module: str) -> None:
    """Also imports that run late (inside a function) or only for type checking."""
    path = ROOT / Path(*module.split("."))
    source = path / "__init__.py" if path.is_dir() else path.with_suffix(".py")
    names: set[str] = set()
    for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            names.add(_absolute(module, path.is_dir(), node.level, node.module or ""))
    assert not sorted(n for n in names if _forbidden(n)), source
    if not module.startswith("bot.knowledge"):  # the engine and the analyzer take the time
        assert not names & CLOCK, f"{source} reads the clock: pass the time in instead"


def _absolute(module: str, is_package: bool, level: int, name: str) -> str:
    """``from ..storage import x`` in ``bot.engine.advisor`` names ``bot.storage``."""
    if level == 0:
        return name
    parts = module.split(".")
    base = parts[: len(parts) - level + (1 if is_package else 0)]
    return ".".join([*base, name] if name else base)


OPTIONAL = ("reportlab", "rapidocr", "onnxruntime", "asyncpg", "PIL", "ahocorasick")
"""Runtimes only one feature needs: the PDF, screenshots, PostgreSQL, matching SMS (a
knowledge check never analyses a message)."""


def test_paidoff_check_runs_without_the_optional_runtimes() -> None:
    """A venv without reportlab (or the OCR stack, or asyncpg) still checks the knowledge:
    each is imported only by the feature that needs it (it used to stop with
    ModuleNotFoundError: reportlab, through bootstrap → conversation → report)."""
    code = (
        "import sys\n"
        f"for name in {OPTIONAL!r}: sys.modules[name] = None  # import raises ImportError\n"
        "from bot.cli import main\n"
        f"sys.exit(main(['check', {str(ROOT / 'knowledge')!r}]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "knowledge: ok" in done.stdout


def test_a_pdf_without_reportlab_is_a_report_error() -> None:
    """Then the export says the PDF cannot be made (as for a missing font), not a crash."""
    code = (
        "import sys\n"
        "sys.modules['reportlab'] = None\n"
        "from bot.errors import ReportError\n"
        "from bot.report import render_pdf\n"
        "try:\n"
        "    render_pdf(None, None)  # type: ignore[arg-type]\n"
        "except ReportError as exc:\n"
        "    print('ReportError', exc)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert done.stdout.startswith("ReportError the PDF report needs reportlab"), done.stderr
