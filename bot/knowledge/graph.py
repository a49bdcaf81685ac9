"""The decision tree as a diagram: Mermaid (for the README) or Graphviz DOT.

A question with ``ask_when`` is drawn as conditional: its box says when it is asked (a
hexagon in Mermaid, a dashed box in DOT), and every edge into it has a dotted twin to
where the tree goes when it does not apply, the way ``Advisor.current`` passes it by.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from bot.knowledge.base import Knowledge, localize
from bot.knowledge.model import OUTCOME, Condition, Lang

__all__ = ["to_dot", "to_mermaid"]


@dataclass(frozen=True, slots=True)
class _Edge:
    source: str
    target: str
    label: str
    passed_by: bool = False  # dotted: the target did not apply and was passed by


def _edges(k: Knowledge) -> list[_Edge]:
    """Option IDs that share a target are joined into one label; conditional targets get
    a dotted twin to where the tree goes when they are not asked."""
    out: list[_Edge] = []
    for question in k.questions.values():
        by_target: dict[str, list[str]] = defaultdict(list)
        for option in question.options:
            by_target[k.next_node(question, option.id)].append(option.id)
        for target, labels in by_target.items():
            label = "any set" if question.multi else " / ".join(labels)
            out.append(_Edge(question.id, target, label))
            conditional = k.questions.get(target)
            if conditional is not None and conditional.ask_when:
                skip = k.next_node(conditional, None)
                out.append(_Edge(question.id, skip, f"{label}, {target} not asked", True))
    return out


def _when(conditions: list[Condition]) -> str:
    """``ask_when`` in words: "red_flags: link / upfront_fee, or sms_verdict: scam"."""
    return ", or ".join(
        " and ".join(f"{fact}: {' / '.join(values)}" for fact, values in c.items())
        for c in conditions
    )


def _node_label(k: Knowledge, node: str, lang: Lang) -> str:
    if node == OUTCOME:
        return "outcome: ranked causes → steps"
    question = k.questions[node]
    label = f"{node}: {localize(question.text, lang)}"
    return f"{label} — asked only if {_when(question.ask_when)}" if question.ask_when else label


def _conditional(k: Knowledge, node: str) -> bool:
    question = k.questions.get(node)
    return question is not None and bool(question.ask_when)


def _clean(text: str, forbidden: str) -> str:
    for ch in forbidden:
        text = text.replace(ch, " ")
    return " ".join(text.split())


def to_mermaid(k: Knowledge, lang: Lang = Lang.EN) -> str:
    """A Mermaid flowchart of the questions and where each answer leads."""
    lines = ["flowchart TD"]
    for node in [*k.questions, OUTCOME]:
        label = _clean(_node_label(k, node, lang), '"[]{}()<>|')
        lines.append(
            f'    {node}{{{{"{label}"}}}}' if _conditional(k, node) else f'    {node}["{label}"]'
        )
    for edge in _edges(k):
        arrow = "-.->" if edge.passed_by else "-->"
        label = _clean(edge.label, chr(34) + "|")
        lines.append(f'    {edge.source} {arrow}|"{label}"| {edge.target}')
    return "\n".join(lines) + "\n"


def to_dot(k: Knowledge, lang: Lang = Lang.EN) -> str:
    """A Graphviz digraph of the questions and where each answer leads."""
    lines = ["digraph paidoff {", "    rankdir=TB; node [shape=box, style=rounded];"]
    for node in [*k.questions, OUTCOME]:
        label = _clean(_node_label(k, node, lang), '"\\')
        style = ', style="rounded,dashed"' if _conditional(k, node) else ""
        lines.append(f'    {node} [label="{label}"{style}];')
    for edge in _edges(k):
        style = ", style=dashed" if edge.passed_by else ""
        label = _clean(edge.label, chr(34) + chr(92))
        lines.append(f'    {edge.source} -> {edge.target} [label="{label}"{style}];')
    lines.append("}")
    return "\n".join(lines) + "\n"
