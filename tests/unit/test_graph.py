"""`paidoff graph` draws the tree the engine walks: a question asked only under a condition
looks conditional, with the path taken when it is passed by; the README shows that output."""

from __future__ import annotations

import re
from pathlib import Path

from bot.knowledge.base import Knowledge
from bot.knowledge.graph import to_dot, to_mermaid
from bot.knowledge.loader import load_knowledge
from tests.conftest import ROOT
from tests.unit.test_knowledge_broken import _replace, folder

__all__ = ["folder"]  # the fixture, shared with the other broken-folder tests


def _node_line(diagram: str, node: str) -> str:
    starts = (f"    {node}[", f"    {node}{{")
    return next(line for line in diagram.splitlines() if line.startswith(starts))


def _conditional(knowledge: Knowledge) -> list[str]:
    return [q.id for q in knowledge.questions.values() if q.ask_when]


def test_a_conditional_question_says_when_it_is_asked(knowledge: Knowledge) -> None:
    diagram = to_mermaid(knowledge)
    conditional = _conditional(knowledge)
    assert conditional, "the shipped tree has a question asked only under a condition"
    for qid in knowledge.questions:
        line = _node_line(diagram, qid)
        if qid not in conditional:
            assert line.startswith(f'    {qid}["')
            assert "asked only if" not in line
            continue
        assert line.startswith(f'    {qid}{{{{"'), line  # a hexagon, not a box
        for condition in knowledge.questions[qid].ask_when:
            for fact, values in condition.items():
                assert f"{fact}: {' / '.join(values)}" in line


def test_every_way_into_a_conditional_question_has_a_way_around_it(
    knowledge: Knowledge,
) -> None:
    mermaid, dot = to_mermaid(knowledge), to_dot(knowledge)
    expected = 0
    for qid in _conditional(knowledge):
        around = knowledge.next_node(knowledge.questions[qid], None)
        into = re.findall(rf"^    (\w+) -->\|\"([^\"]*)\"\| {qid}$", mermaid, re.MULTILINE)
        assert into, f"nothing leads to {qid}"
        expected += len(into)
        for source, label in into:
            assert f'    {source} -.->|"{label}, {qid} not asked"| {around}' in mermaid
            assert f'{source} -> {around} [label="{label}, {qid} not asked", style=dashed]' in dot
    assert mermaid.count(" -.->") == dot.count("style=dashed]") == expected  # no others


def test_a_question_without_a_condition_is_drawn_as_always_asked(folder: Path) -> None:
    _replace(
        "questions.yaml",
        "    ask_when:\n"
        "      - {red_flags: [link, pay_personal_account, verification_code, screen_share_app,"
        " upfront_fee]}\n"
        "      - {sms_verdict: [scam]}\n",
        "",
    )(folder)
    diagram = to_mermaid(load_knowledge(folder))
    assert "-.->" not in diagram
    assert "asked only if" not in diagram
    assert _node_line(diagram, "acted").startswith('    acted["')


def test_the_readme_shows_what_paidoff_graph_prints(knowledge: Knowledge) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```mermaid\n(.*?)```", readme, re.DOTALL)
    assert blocks == [to_mermaid(knowledge)], "run `paidoff graph` and paste it into README.md"
