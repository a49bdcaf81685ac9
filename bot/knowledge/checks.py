"""Cross-file checks of the knowledge folder: references, reachability, languages, sources.

Schemas catch malformed nodes; these checks catch a tree that is well-formed but wrong:
an option that leads nowhere, a cause nothing can rank, a number with no source.
"""

from __future__ import annotations

import re
import string
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from bot.errors import Problem
from bot.knowledge.base import REQUIRED_COMMANDS, REQUIRED_TEXTS
from bot.knowledge.language_checks import Hedging, check_languages
from bot.knowledge.language_model import LanguageFile
from bot.knowledge.model import (
    OUTCOME,
    CausesFile,
    Grade,
    QuestionsFile,
    RulesFile,
    SourcesFile,
    StepsFile,
    Text,
    TextList,
    TextsFile,
)
from bot.knowledge.safety_checks import check_safety
from bot.knowledge.sms_checks import check_sms, sms_cited
from bot.knowledge.sms_model import SmsFile
from bot.knowledge.vocabulary_checks import check_vocabulary
from bot.knowledge.yamlsrc import Path, YamlDoc
from bot.normalize import normalize

__all__ = ["Files", "check_all"]

# A stated figure: two or more digits (phone numbers, days, years, times, amounts), with
# thousands separators and date hyphens ("10,000", "2025-12-31"). Compared whole: "20"
# is not backed by a claim of "2020".
_FIGURE = re.compile(r"(?<![\d,-])\d(?:[\d,-]*\d)?(?![\d,-]*\d)")


@dataclass(frozen=True)
class Files:
    """The schema-valid model of each knowledge file."""

    questions: QuestionsFile
    causes: CausesFile
    rules: RulesFile
    steps: StepsFile
    sources: SourcesFile
    texts: TextsFile
    sms: SmsFile
    language: LanguageFile


class _Report:
    def __init__(self, docs: dict[str, YamlDoc]) -> None:
        self.docs = docs
        self.problems: list[Problem] = []

    def add(self, file: str, path: Path, message: str) -> None:
        self.problems.append(self.docs[file].problem(path, message))


def check_all(files: Files, docs: dict[str, YamlDoc]) -> list[Problem]:
    """Every cross-reference problem of a schema-valid knowledge folder."""
    report = _Report(docs)
    _unique_ids(files, report)
    _tree(files.questions, report)
    _causes(files, report)
    _rules(files, report)
    _recommended(files, report)
    _texts(files.texts, report)
    check_sms(files.sms, files.questions, report.add)
    check_safety(files.questions, files.texts, files.sms, report.add)
    _sources(files, report)
    check_languages(files, report.add)
    check_vocabulary(files.language, report.add)
    return report.problems


def _unique_ids(files: Files, report: _Report) -> None:
    groups: list[tuple[str, str, list[str]]] = [
        ("questions.yaml", "questions", [q.id for q in files.questions.questions]),
        ("causes.yaml", "causes", [c.id for c in files.causes.causes]),
        ("rules.yaml", "rules", [r.id for r in files.rules.rules]),
        ("steps.yaml", "steps", [s.id for s in files.steps.steps]),
        ("sources.yaml", "sources", [s.id for s in files.sources.sources]),
    ]
    for file, key, ids in groups:
        for index in _repeats(ids):
            report.add(file, (key, index, "id"), f"duplicate id '{ids[index]}'")
    facts = [q.fact for q in files.questions.questions]
    for index in _repeats(facts):
        report.add("questions.yaml", ("questions", index, "fact"), "another question learns this")
    for qi, question in enumerate(files.questions.questions):
        option_ids = [o.id for o in question.options]
        for index in _repeats(option_ids):
            path = ("questions", qi, "options", index, "id")
            report.add("questions.yaml", path, f"duplicate option id '{option_ids[index]}'")


def _repeats(ids: list[str]) -> Iterator[int]:
    counts = Counter(ids)
    seen: set[str] = set()
    for index, ident in enumerate(ids):
        if counts[ident] > 1 and ident in seen:
            yield index
        seen.add(ident)


def _tree(tree: QuestionsFile, report: _Report) -> None:
    file = "questions.yaml"
    by_id = {q.id: q for q in tree.questions}
    if tree.start not in by_id:
        report.add(file, ("start",), f"start question '{tree.start}' does not exist")
        return
    edges: dict[str, set[str]] = {}
    for qi, question in enumerate(tree.questions):
        targets: set[str] = set()
        option_ids = {o.id for o in question.options}
        for ei, ident in enumerate(question.exclusive):
            if ident not in option_ids:
                report.add(file, ("questions", qi, "exclusive", ei), f"no option '{ident}'")
        if question.exclusive and not question.multi:
            report.add(file, ("questions", qi, "exclusive"), "only multi questions have these")
        named = question.named_text
        if named is not None and not all(
            _placeholders(t) == {"name"} for t in (named.zh_hans, named.en)
        ):
            report.add(file, ("questions", qi, "named_text"), "must use {name}, and only it")
        if question.next is not None and question.next != OUTCOME and question.next not in by_id:
            report.add(file, ("questions", qi, "next"), f"no question '{question.next}'")
        for oi, option in enumerate(question.options):
            target = option.next or question.next
            path = ("questions", qi, "options", oi)
            if target is None:
                report.add(file, path, "no 'next' here or on the question: the path ends nowhere")
            elif target != OUTCOME and target not in by_id:
                report.add(file, (*path, "next"), f"no question '{target}'")
            elif question.multi and option.next is not None:
                report.add(file, (*path, "next"), "options of a multi question cannot branch")
            else:
                targets.add(target)
        edges[question.id] = targets - {OUTCOME}
    reached = _reachable(tree.start, edges)
    for qi, question in enumerate(tree.questions):
        if question.id not in reached:
            report.add(file, ("questions", qi), "unreachable from the start question")
    cycle = _find_cycle(tree.start, edges)
    if cycle:
        index = next(i for i, q in enumerate(tree.questions) if q.id == cycle[-1])
        report.add(file, ("questions", index), "cycle: " + " → ".join(cycle))


def _reachable(start: str, edges: dict[str, set[str]]) -> set[str]:
    seen, todo = {start}, [start]
    while todo:
        for nxt in edges.get(todo.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def _find_cycle(start: str, edges: dict[str, set[str]]) -> list[str]:
    stack: list[str] = []
    done: set[str] = set()

    def visit(node: str) -> list[str]:
        if node in stack:
            return [*stack[stack.index(node) :], node]
        if node in done:
            return []
        stack.append(node)
        for nxt in sorted(edges.get(node, ())):
            found = visit(nxt)
            if found:
                return found
        stack.pop()
        done.add(node)
        return []

    return visit(start)


def _causes(files: Files, report: _Report) -> None:
    steps = {s.id for s in files.steps.steps}
    sources = {s.id for s in files.sources.sources}
    for ci, cause in enumerate(files.causes.causes):
        for si, step in enumerate(cause.steps):
            if step not in steps:
                report.add("causes.yaml", ("causes", ci, "steps", si), f"no step '{step}'")
        for si, source in enumerate(cause.sources):
            if source not in sources:
                report.add("causes.yaml", ("causes", ci, "sources", si), f"no source '{source}'")


def _rules(files: Files, report: _Report) -> None:
    values = {q.fact: {o.id for o in q.options} for q in files.questions.questions}
    values |= {g.fact: set(g.values) for g in files.questions.given}  # e.g. sms_verdict
    causes = {c.id for c in files.causes.causes}
    steps = {s.id for s in files.steps.steps}
    scored: set[str] = set()  # a prior alone only breaks ties; some rule must raise it
    for ri, rule in enumerate(files.rules.rules):
        base = ("rules", ri)
        for fact, wanted in rule.when.items():
            if fact not in values:
                report.add("rules.yaml", (*base, "when", fact), f"no question learns '{fact}'")
                continue
            for vi, value in enumerate(wanted):
                if value not in values[fact]:
                    path = (*base, "when", fact, vi)
                    report.add("rules.yaml", path, f"'{fact}' has no value '{value}'")
        for cause_id, points in rule.add.items():
            if cause_id not in causes:
                report.add("rules.yaml", (*base, "add", cause_id), f"no cause '{cause_id}'")
            elif points > 0:
                scored.add(cause_id)
        for si, step in enumerate(rule.steps):
            if step not in steps:
                report.add("rules.yaml", (*base, "steps", si), f"no step '{step}'")
    for ci, cause in enumerate(files.causes.causes):
        if cause.id not in scored:
            report.add("causes.yaml", ("causes", ci), "no rule scores this cause: never ranked")


def _recommended(files: Files, report: _Report) -> None:
    used = {s for c in files.causes.causes for s in c.steps}
    used |= {s for r in files.rules.rules for s in r.steps}
    for si, step in enumerate(files.steps.steps):
        if step.id not in used:
            report.add("steps.yaml", ("steps", si), "no cause or rule recommends this step")


def _commands(texts: TextsFile, report: _Report) -> None:
    for name in sorted(REQUIRED_COMMANDS - texts.commands.keys()):
        report.add("texts.yaml", ("commands",), f"missing command words '{name}'")
    owner: dict[str, str] = {}
    for name, words in texts.commands.items():
        if name not in REQUIRED_COMMANDS:
            report.add("texts.yaml", ("commands", name), "unknown command: nothing reads it")
        if name in {"first_person", "not_first_person"}:
            continue  # not a command: words that may appear inside any text
        for word in words:
            key = normalize(word)
            if key in owner and owner[key] != name:
                report.add(
                    "texts.yaml", ("commands", name), f"'{word}' is also a '{owner[key]}' word"
                )
            owner.setdefault(key, name)


def _texts(texts: TextsFile, report: _Report) -> None:
    _commands(texts, report)
    for key in sorted(REQUIRED_TEXTS - texts.texts.keys()):
        report.add("texts.yaml", ("texts",), f"missing text '{key}'")
    for key, text in texts.texts.items():
        if key not in REQUIRED_TEXTS:
            report.add("texts.yaml", ("texts", key), "unknown text: nothing shows it")
        zh, en = _placeholders(text.zh_hans), _placeholders(text.en)
        if zh is None or en is None:
            report.add("texts.yaml", ("texts", key), "unbalanced { } in a placeholder")
        elif zh != en:
            shown = ", ".join(sorted(zh ^ en))
            report.add("texts.yaml", ("texts", key), f"placeholders differ by language: {shown}")


def _placeholders(text: str) -> set[str] | None:
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError:
        return None


def _sources(files: Files, report: _Report) -> None:
    by_id = {s.id: s for s in files.sources.sources}
    hedging = Hedging(files.language.hedges)
    used: set[str] = set()
    cited: list[tuple[str, Path, list[str], list[str]]] = []
    for si, step in enumerate(files.steps.steps):
        parts = [step.title, step.why, step.how, step.script, step.keep, step.detail]
        cited.append(("steps.yaml", ("steps", si), step.sources, _strings(parts)))
    for ci, cause in enumerate(files.causes.causes):
        parts = [cause.title, cause.summary]
        cited.append(("causes.yaml", ("causes", ci), cause.sources, _strings(parts)))
    for key, text in files.texts.texts.items():
        cited.append(("texts.yaml", ("texts", key), text.sources, _strings([text])))
    for ri, rule in enumerate(files.rules.rules):
        cited.append(("rules.yaml", ("rules", ri), rule.sources, _strings([rule.why])))
    cited += sms_cited(files.sms)
    for file, path, source_ids, texts in cited:
        known = [by_id[s] for s in source_ids if s in by_id]
        used.update(s.id for s in known)
        for si, source_id in enumerate(source_ids):
            if source_id not in by_id:
                report.add(file, (*path, "sources", si), f"no source '{source_id}'")
        claims = {f for s in known for c in s.claims for f in _FIGURE.findall(c)}
        for figure in sorted({f for t in texts for f in _FIGURE.findall(t)}):
            if figure not in claims:
                report.add(file, path, f"states '{figure}' but no cited source claims it")
        if any(s.grade is Grade.UNVERIFIED for s in known):
            _hedged(hedging, report, file, path, texts)
    for si, source in enumerate(files.sources.sources):
        if source.id not in used:
            report.add("sources.yaml", ("sources", si), "source is never cited")


def _hedged(hedging: Hedging, report: _Report, file: str, path: Path, texts: list[str]) -> None:
    joined = " ".join(texts)
    if hedging.zh(joined) is None or not hedging.en(joined):
        report.add(file, path, "cites an unverified source without hedged wording (通常/usually)")


def _strings(parts: Iterable[Text | TextList | None]) -> list[str]:
    out: list[str] = []
    for part in parts:
        if isinstance(part, TextList):
            out += part.zh_hans + part.en
        elif part is not None:
            out += [part.zh_hans, part.en]
    return out
