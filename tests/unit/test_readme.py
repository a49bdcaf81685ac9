"""The README's decision-tree diagram is what ``paidoff graph`` draws from the knowledge."""

from __future__ import annotations

import re

import pytest

from bot.cli import main
from bot.knowledge.base import Knowledge
from tests.conftest import ROOT

_BLOCK = re.compile(r"^```mermaid\n(.*?)^```", re.DOTALL | re.MULTILINE)


def test_the_readme_diagram_matches_paidoff_graph(
    capsys: pytest.CaptureFixture[str], knowledge: Knowledge
) -> None:
    blocks = _BLOCK.findall((ROOT / "README.md").read_text(encoding="utf-8"))
    assert len(blocks) == 1, f"{len(blocks)} mermaid blocks in README.md"
    assert main(["graph"]) == 0
    drawn = capsys.readouterr().out
    assert all(q in drawn for q in knowledge.questions)  # the graph is the loaded tree
    assert blocks[0].strip() == drawn.strip(), (
        "README.md's diagram is out of date: paste the output of `paidoff graph` into it"
    )
