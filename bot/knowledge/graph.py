"""The decision tree as a diagram: Mermaid (for the README) or Graphviz DOT."""

from __future__ import annotations

from collections import defaultdict

from bot.knowledge.base import Knowledge, localize
from bot.knowledge.model import OUTCOME, Lang

__all__ = ["to_dot", "to_mermaid"]


def _edges(k: Knowledge) -> list[tuple[str, str, str]]:
    """(from, to, label): option IDs that share a target are joined into one label."""
    out: list[tuple[str, str, str]] = []
    for question in k.questions.values():
        by_target: dict[str, list[str]] = defaultdict(list)
        for option in question.options:
            by_target[k.next_node(question, option.id)].append(option.id)
        for target, labels in by_target.items():
            label = "any set" if question.multi else " / ".join(labels)
            out.append((question.id, target, label))
    return out


def _node_label(k: Knowledge, node: str, lang: Lang) -> str:
    if node == OUTCOME:
        return "outcome: ranked causes → steps"
    return f"{node}: {localize(k.questions[node].text, lang)}"


def _clean(text: str, forbidden: str) -> str:
    for ch in forbidden:
        text = text.replace(ch, " ")
    return " ".join(text.split())


def to_mermaid(k: Knowledge, lang: Lang = Lang.EN) -> str:
    """A Mermaid flowchart of the questions and where each answer leads."""
    lines = ["flowchart TD"]
    nodes = [*k.questions, OUTCOME]
    for node in nodes:
        label = _clean(_node_label(k, node, lang), '"[]{}()<>|')
        lines.append(f'    {node}["{label}"]')
    for source, target, label in _edges(k):
        lines.append(f'    {source} -->|"{_clean(label, chr(34) + "|")}"| {target}')
    return "\n".join(lines) + "\n"


def to_dot(k: Knowledge, lang: Lang = Lang.EN) -> str:
    """A Graphviz digraph of the questions and where each answer leads."""
    lines = ["digraph paidoff {", "    rankdir=TB; node [shape=box, style=rounded];"]
    for node in [*k.questions, OUTCOME]:
        label = _clean(_node_label(k, node, lang), '"\\')
        lines.append(f'    {node} [label="{label}"];')
    for source, target, label in _edges(k):
        lines.append(f'    {source} -> {target} [label="{_clean(label, chr(34) + chr(92))}"];')
    lines.append("}")
    return "\n".join(lines) + "\n"
