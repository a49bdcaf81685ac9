"""YAML documents that remember where each node came from, so errors can name file and line."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import yaml

from bot.errors import Problem

__all__ = ["Path", "YamlDoc", "parse_yaml"]

Path = tuple[str | int, ...]


# libyaml's parser when PyYAML was built with it (about 5× faster); same nodes and marks.
_Base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):  # type: ignore[valid-type,misc]
    """SafeLoader with YAML 1.2 booleans: only true/false are booleans.

    Content editors write option IDs such as ``yes``/``no``/``on``; YAML 1.1 would turn
    them into booleans and silently break references.
    """


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


@dataclass(frozen=True)
class YamlDoc:
    """A parsed YAML file with the line of every node, addressed by its path from the root."""

    file: str
    data: Any
    lines: dict[Path, int] = field(repr=False)

    def line(self, path: Sequence[str | int]) -> int:
        """The line of the deepest known node on ``path`` (1-based; 1 for the root)."""
        key = tuple(path)
        while key:
            if key in self.lines:
                return self.lines[key]
            key = key[:-1]
        return 1

    def node(self, path: Sequence[str | int]) -> str:
        """A readable name for ``path``; list items are named by their ``id`` if they have one."""
        parts: list[str] = []
        cur: Any = self.data
        for part in path:
            if isinstance(part, int):
                item = cur[part] if isinstance(cur, list) and part < len(cur) else None
                ident = item.get("id") if isinstance(item, dict) else None
                parts.append(f"[{ident}]" if isinstance(ident, str) else f"[{part}]")
                cur = item
            else:
                parts.append(f".{part}" if parts else str(part))
                cur = cur.get(part) if isinstance(cur, dict) else None
        return "".join(parts) or "(root)"

    def problem(self, path: Sequence[str | int], message: str) -> Problem:
        """A Problem located at ``path`` in this file."""
        return Problem(self.file, self.line(path), self.node(path), message)


def parse_yaml(file: str, text: str) -> tuple[YamlDoc | None, list[Problem]]:
    """Parse one YAML file; syntax errors and duplicate keys become Problems."""
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
        shared = _first_alias(root) if root is not None else None
        if shared is not None:
            message = "YAML aliases (*name) are not allowed in knowledge files: write it out"
            return None, [Problem(file, shared.start_mark.line + 1, "(syntax)", message)]
        data = loader.construct_document(root) if root is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        return None, [Problem(file, line, "(syntax)", str(exc.problem or exc).strip())]
    except yaml.YAMLError as exc:
        return None, [Problem(file, 1, "(syntax)", str(exc).strip())]
    finally:
        loader.dispose()
    lines: dict[Path, int] = {}
    duplicates: list[tuple[Path, int]] = []
    if root is not None:
        _walk(root, (), lines, duplicates)
    doc = YamlDoc(file, data, lines)
    problems = [
        Problem(file, line, doc.node(path), "duplicate key (the later value wins silently)")
        for path, line in duplicates
    ]
    return doc, problems


def _first_alias(root: yaml.Node) -> yaml.Node | None:
    """The first node reached twice (an ``&anchor`` used by an alias), or None.

    Checked before anything expands the document: nine levels of ten aliases are a few
    hundred bytes of YAML and a billion nodes once built (the check once hung at 4.45 GB).
    Each node is visited once, so this is linear in the size of the file.
    """
    seen: set[int] = set()
    todo = [root]
    while todo:
        node = todo.pop()
        if id(node) in seen:
            return node
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                todo += [key, value]
        elif isinstance(node, yaml.SequenceNode):
            todo += node.value
    return None


def _walk(
    node: yaml.Node, path: Path, lines: dict[Path, int], duplicates: list[tuple[Path, int]]
) -> None:
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key in seen:
                duplicates.append((path + (key,), key_node.start_mark.line + 1))
            seen.add(key)
            lines[path + (key,)] = key_node.start_mark.line + 1
            _walk(value_node, path + (key,), lines, duplicates)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, path + (index,), lines, duplicates)
