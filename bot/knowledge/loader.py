"""Load the knowledge folder: parse each YAML file, check its schema, then every reference."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from bot.errors import KnowledgeError, Problem
from bot.knowledge.base import Knowledge
from bot.knowledge.checks import Files, check_all
from bot.knowledge.language_model import LanguageFile
from bot.knowledge.model import (
    CausesFile,
    QuestionsFile,
    RulesFile,
    SourcesFile,
    StepsFile,
    TextsFile,
)
from bot.knowledge.plan_checks import check_plan
from bot.knowledge.sms_model import SmsFile
from bot.knowledge.sms_weights import FILE_NAME as WEIGHTS_FILE
from bot.knowledge.sms_weights import SmsWeightsFile
from bot.knowledge.yamlsrc import YamlDoc, parse_yaml
from bot.normalize import normalize

__all__ = ["FILES", "load_knowledge"]

FILES: dict[str, type[BaseModel]] = {
    "questions.yaml": QuestionsFile,
    "causes.yaml": CausesFile,
    "rules.yaml": RulesFile,
    "steps.yaml": StepsFile,
    "sources.yaml": SourcesFile,
    "texts.yaml": TextsFile,
    "sms.yaml": SmsFile,
    "language.yaml": LanguageFile,
}
"""Every file the knowledge folder must hold, with the schema of each."""

M = TypeVar("M", bound=BaseModel)


def load_knowledge(directory: str | Path, *, with_model: bool = True) -> Knowledge:
    """Load and validate ``directory``; raise KnowledgeError listing every problem found.

    ``with_model=False`` leaves out the SMS model's weights file (``sms_model.json``), as the
    script that writes it needs: it trains from the rules alone, and a stale file (one with a
    field the code no longer knows) must not stop it from writing a fresh one.
    """
    root = Path(directory)
    if not root.is_dir():
        raise KnowledgeError([Problem(str(root), 1, "(folder)", "not a directory")])
    problems: list[Problem] = []
    docs: dict[str, YamlDoc] = {}
    models: dict[str, BaseModel] = {}
    digest = hashlib.sha256()
    for name, schema in FILES.items():
        path = root / name
        shown = _shown(path)
        if not path.is_file():
            problems.append(Problem(shown, 1, "(file)", "missing"))
            continue
        raw = path.read_bytes()
        digest.update(name.encode() + b"\0" + raw)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            problems.append(Problem(shown, line, "(file)", "not UTF-8 text"))
            continue
        doc, found = parse_yaml(shown, text)
        problems += found
        if doc is None:
            continue
        docs[name] = doc
        model = _validate(doc, schema, problems)
        if model is not None:
            models[name] = model
    for extra in sorted(root.glob("*.y*ml")):
        if extra.name not in FILES:
            problems.append(Problem(_shown(extra), 1, "(file)", "unknown knowledge file"))
    weights = _weights(root / WEIGHTS_FILE, digest, problems) if with_model else None
    if not problems:
        problems += check_all(_files(models), docs) + check_plan(_files(models), docs)
    if problems:
        raise KnowledgeError(sorted(set(problems), key=lambda p: (p.file, p.line, p.node)))
    return _index(_files(models), digest.hexdigest()[:8], weights)


def _weights(path: Path, digest: Any, problems: list[Problem]) -> SmsWeightsFile | None:
    """The optional weights of the SMS statistical layer (written by a script, not by hand)."""
    if not path.is_file():
        return None
    raw = path.read_bytes()
    digest.update(path.name.encode() + b"\0" + raw)
    try:
        return SmsWeightsFile.model_validate_json(raw)
    except ValidationError as exc:
        for err in exc.errors(include_url=False)[:10]:
            node = ".".join(str(x) for x in err["loc"]) or "(file)"
            problems.append(Problem(_shown(path), 1, node, _message(err)))
        return None


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _validate(doc: YamlDoc, schema: type[M], problems: list[Problem]) -> M | None:
    if not isinstance(doc.data, dict):
        problems.append(doc.problem((), "expected a mapping at the top of the file"))
        return None
    try:
        return schema.model_validate(doc.data)
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            problems.append(doc.problem(err["loc"], _message(err)))
        return None


def _message(err: Any) -> str:
    if err["type"] == "missing":
        return f"required field '{err['loc'][-1]}' is missing"
    if err["type"] == "extra_forbidden":
        return f"unknown field '{err['loc'][-1]}'"
    return str(err["msg"])


def _files(models: dict[str, BaseModel]) -> Files:
    return Files(
        questions=models["questions.yaml"],  # type: ignore[arg-type]
        causes=models["causes.yaml"],  # type: ignore[arg-type]
        rules=models["rules.yaml"],  # type: ignore[arg-type]
        steps=models["steps.yaml"],  # type: ignore[arg-type]
        sources=models["sources.yaml"],  # type: ignore[arg-type]
        texts=models["texts.yaml"],  # type: ignore[arg-type]
        sms=models["sms.yaml"],  # type: ignore[arg-type]
        language=models["language.yaml"],  # type: ignore[arg-type]
    )


def _index(files: Files, revision: str, weights: SmsWeightsFile | None) -> Knowledge:
    return Knowledge(
        revision=revision,
        start=files.questions.start,
        questions={q.id: q for q in files.questions.questions},
        causes={c.id: c for c in files.causes.causes},
        steps={s.id: s for s in files.steps.steps},
        rules=tuple(files.rules.rules),
        show_top=files.rules.show_top,
        sources={s.id: s for s in files.sources.sources},
        texts=dict(files.texts.texts),
        sms=files.sms,
        language=files.language,
        sms_model=weights,
        given={g.fact: frozenset(g.values) for g in files.questions.given},
        order=tuple(files.steps.order),
        plan_size=files.steps.plan_size,
        commands={c: frozenset(map(normalize, w)) for c, w in files.texts.commands.items()},
    )
