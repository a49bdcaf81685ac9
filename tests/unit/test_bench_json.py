"""`python -m bench --json`: every figure the issue names is written, a number or a reason."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.__main__ import KEYS, main


def test_json_names_every_figure_with_a_number_or_a_reason(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "figures.json"
    assert main(["--quick", "--only", "engine", "--no-postgres", "--json", str(path)]) == 0
    figures = json.loads(path.read_text("utf-8"))
    for key in KEYS:
        value = figures[key]
        if value is None:
            assert figures[f"{key}_reason"], f"{key} is null without a reason"
        else:
            assert isinstance(value, int | float), (key, value)
    assert isinstance(figures["engine_step_us_p50"], float)  # the section that ran
    assert figures["rss_mb"] is None  # one that did not
    assert "engine step" in capsys.readouterr().out  # and the table was printed
