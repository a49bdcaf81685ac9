"""A broken knowledge folder is refused with one line per problem: file:line: node: message."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.errors import KnowledgeError
from bot.knowledge.loader import load_knowledge
from tests.conftest import KNOWLEDGE_DIR

Edit = Callable[[Path], None]


def _replace(file: str, old: str, new: str) -> Edit:
    def edit(folder: Path) -> None:
        path = folder / file
        text = path.read_text(encoding="utf-8")
        assert old in text, f"fixture text not found in {file}: {old!r}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return edit


def _replace_all(file: str, old: str, new: str) -> Edit:
    def edit(folder: Path) -> None:
        path = folder / file
        text = path.read_text(encoding="utf-8")
        assert old in text, f"fixture text not found in {file}: {old!r}"
        path.write_text(text.replace(old, new), encoding="utf-8")

    return edit


# "Billion laughs": nine levels of ten aliases each would expand to 10^9 strings.
ALIAS_BOMB = (
    "version: 1\na: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
    + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n"
        for i in range(8)
    )
    + "sources: *i\n"
).encode()


def _write(file: str, content: bytes) -> Edit:
    def edit(folder: Path) -> None:
        (folder / file).write_bytes(content)

    return edit


def _delete(file: str) -> Edit:
    def edit(folder: Path) -> None:
        (folder / file).unlink()

    return edit


# (case, edit, file, node fragment, message fragment)
CASES: list[tuple[str, Edit, str, str, str]] = [
    ("missing file", _delete("steps.yaml"), "steps.yaml", "(file)", "missing"),
    (
        "yaml syntax",
        _replace("causes.yaml", "causes:\n", "causes: [\n"),
        "causes.yaml",
        "(syntax)",
        "did not find expected node content",
    ),
    (
        "not utf-8",
        _write("texts.yaml", b"version: 1\ntexts:\n  welcome: \xff\xfe\n"),
        "texts.yaml",
        "(file)",
        "not UTF-8",
    ),
    (
        "dangling next",
        _replace("questions.yaml", "next: sender", "next: senderr"),
        "questions.yaml",
        "questions[paid_off]",  # the first `next: sender` is "I never took this loan"
        "no question 'senderr'",
    ),
    (
        "unreachable",
        _replace("questions.yaml", "next: red_flags", "next: outcome"),
        "questions.yaml",
        "questions[red_flags]",
        "unreachable",
    ),
    (
        "cycle",
        _replace("questions.yaml", "next: red_flags", "next: paid_off"),
        "questions.yaml",
        "questions[",
        "cycle",
    ),
    (
        "missing english",
        _replace(
            "questions.yaml", "      en: Which loan does the collection message talk about?\n", ""
        ),
        "questions.yaml",
        "questions[loan].text.en",
        "required field 'en' is missing",
    ),
    (
        "duplicate option",
        _replace("questions.yaml", "      - id: short\n", "      - id: never\n"),
        "questions.yaml",
        "options[never].id",
        "duplicate option id",
    ),
    (
        "unknown rule value",
        _replace("rules.yaml", "when: {paid_when: [today]}", "when: {paid_when: [tomorrow]}"),
        "rules.yaml",
        "rules[paid_today].when.paid_when",
        "has no value 'tomorrow'",
    ),
    (
        "unknown fact",
        _replace("rules.yaml", "when: {sender: [unknown]}", "when: {sendr: [unknown]}"),
        "rules.yaml",
        "rules[unknown_sender].when.sendr",
        "no question learns 'sendr'",
    ),
    (
        "unknown cause",
        _replace("rules.yaml", "add: {scam: 10}\n", "add: {scamm: 10}\n"),
        "rules.yaml",
        "add.scamm",
        "no cause 'scamm'",
    ),
    (
        "unknown step",
        _replace("causes.yaml", "wait_processing", "wait_processin"),
        "causes.yaml",
        "causes[processing_delay].steps",
        "no step 'wait_processin'",
    ),
    (
        "unknown source",
        _replace("rules.yaml", "sources: [court_12368]", "sources: [court]"),
        "rules.yaml",
        "rules[legal_sender].sources",
        "no source 'court'",
    ),
    (
        "figure without source",
        _replace("texts.yaml", "已经是第一题了。", "已经是第一题了，共 7 题。"),
        "texts.yaml",
        "texts.nothing_to_go_back",
        "states '7' but no cited source",
    ),
    (
        "unknown field",
        _replace("causes.yaml", "  - id: scam\n", "  - id: scam\n    colour: red\n"),
        "causes.yaml",
        "causes[scam].colour",
        "unknown field 'colour'",
    ),
    (
        "duplicate key",
        _replace(
            "texts.yaml", "  restarted:\n", "  restart:\n    zh-Hans: x\n    en: x\n  restarted:\n"
        ),
        "texts.yaml",
        "texts.restart",
        "duplicate key",
    ),
    (
        "placeholder mismatch",
        _replace("texts.yaml", "第 {current}/{total} 题", "第 {current} 题"),
        "texts.yaml",
        "texts.progress",
        "placeholders differ",
    ),
    (
        "unknown text",
        _replace("texts.yaml", "texts:\n", "texts:\n  hello:\n    zh-Hans: 你好\n    en: Hi\n"),
        "texts.yaml",
        "texts.hello",
        "nothing shows it",
    ),
    (
        "unused source",
        _replace(
            "sources.yaml",
            "sources:\n",
            "sources:\n  - id: orphan\n"
            "    title: t\n    url: https://example.org\n    grade: firm\n    claims: [x]\n",
        ),
        "sources.yaml",
        "sources[orphan]",
        "never cited",
    ),
    (
        "unknown file",
        _write("step.yaml", b"version: 1\n"),
        "step.yaml",
        "(file)",
        "unknown knowledge file",
    ),
    (
        "sms bad regex",
        _replace("sms.yaml", "patterns: ['凌晨|深夜|半夜']", "patterns: ['凌晨|(深夜|半夜']"),
        "sms.yaml",
        "signals[night_contact].patterns",
        "bad regular expression: missing ), unterminated subpattern",
    ),
    (
        "sms unknown source",
        _replace("sms.yaml", "sources: [report_12321]", "sources: [report_1232]"),
        "sms.yaml",
        "report_12321.sources",
        "no source 'report_1232'",
    ),
    (
        "sms missing english",
        _replace(
            "sms.yaml",
            "      en: Collection late at night. Without consent, no collection contact between"
            " 22:00 and 08:00.\n",
            "",
        ),
        "sms.yaml",
        "signals[night_contact].explain.en",
        "required field 'en' is missing",
    ),
    (
        "sms figure without source",
        _replace(
            "sms.yaml",
            "      zh-Hans: 说你还欠着钱。",
            "      zh-Hans: 说你还欠着钱，已逾期30天。",
        ),
        "sms.yaml",
        "signals[debt_wording]",
        "states '30' but no cited source",
    ),
    (
        "sms disguised text signal",
        _replace(
            "sms.yaml",
            "patterns: ['凌晨|深夜|半夜']",
            "disguised: true\n    patterns: ['凌晨|深夜|半夜']",
        ),
        "sms.yaml",
        "signals[night_contact].disguised",
        "only url signals can ask for a disguised link",
    ),
    (
        "option bad regex",
        _replace("questions.yaml", "'(?<![0-9])95188(?![0-9])'", "'(?<![0-9]95188'"),
        "questions.yaml",
        "questions[sender].options[official].patterns",
        "bad regular expression",
    ),
    (
        "option nested quantifier",
        _replace("questions.yaml", "'(?<![0-9])95188(?![0-9])'", "'(1+)+x'"),
        "questions.yaml",
        "questions[sender].options[official].patterns",
        "catastrophic backtracking",
    ),
    (
        "sms overlapping alternatives under a repeat",
        _replace("sms.yaml", "patterns: ['凌晨|深夜|半夜']", "patterns: ['(?:凌|凌晨?)*半夜']"),
        "sms.yaml",
        "signals[night_contact].patterns",
        "catastrophic backtracking",
    ),
    (
        "sms nested quantifier",
        _replace("sms.yaml", "patterns: ['凌晨|深夜|半夜']", r"patterns: ['(?:\w+\s?)+$']"),
        "sms.yaml",
        "signals[night_contact].patterns",
        "catastrophic backtracking",
    ),
    (
        "option pattern matches nothing at all",
        _replace("questions.yaml", "'(?<![0-9])95188(?![0-9])'", "'[0-9]*'"),
        "questions.yaml",
        "questions[sender].options[official].patterns",
        "matches the empty string",
    ),
    (
        "placeholder renamed in both languages",
        _replace_all("texts.yaml", "{answer}", "{input}"),
        "texts.yaml",
        "texts.reask",
        "'{input}', which the bot never fills in",
    ),
    (
        "synonym under two options",
        _replace("questions.yaml", "zh-Hans: [手机号, 手机,", "zh-Hans: [座机, 手机号, 手机,"),
        "questions.yaml",
        "questions[sender].options[",
        "'座机' is a synonym of both 'mobile' and 'landline'",
    ),
    (
        "reversed days range",
        _replace("questions.yaml", "days: [1, 3]", "days: [3, 1]"),
        "questions.yaml",
        "questions[paid_when].options[1_3_days].days",
        "reversed",
    ),
    (
        "yaml alias bomb",
        _write("sources.yaml", ALIAS_BOMB),
        "sources.yaml",
        "(syntax)",
        "aliases",
    ),
]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE_DIR, target)
    return target


@pytest.mark.parametrize(
    ("case", "edit", "file", "node", "message"), CASES, ids=[c[0] for c in CASES]
)
def test_broken_folder_names_file_line_node(
    folder: Path, case: str, edit: Edit, file: str, node: str, message: str
) -> None:
    assert_refused(folder, case, edit, file, node, message)


def assert_refused(
    folder: Path, case: str, edit: Edit, file: str, node: str, message: str
) -> None:
    """After ``edit``, loading fails with a ``file:line: node: message`` line for the fault."""
    edit(folder)
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(folder)
    lines = str(info.value).splitlines()
    hits = [ln for ln in lines if file in ln.split(":")[0] and node in ln and message in ln]
    assert hits, f"{case}: no line for {file} {node} {message!r} in:\n" + "\n".join(lines)
    line_number = int(hits[0].split(":")[1])
    where = hits[0].split(":", 2)[2].split(": ", 1)[0].strip()  # the node the line names
    _assert_line_shows(folder, file, where, message, line_number, case)


def _assert_line_shows(
    folder: Path, file: str, node: str, message: str, line_number: int, case: str
) -> None:
    """The line number points at the fault: the node's own line, or the edited line."""
    path = folder / file
    if not path.exists():  # a missing file has no lines: the report points at line 1
        assert line_number == 1, case
        return
    lines = path.read_bytes().decode("utf-8", errors="replace").splitlines()
    assert 1 <= line_number <= len(lines), f"{case}: line {line_number} of {len(lines)}"
    shown = lines[line_number - 1]
    if node.startswith("("):  # (file), (syntax): where the edit made the file unreadable
        original = KNOWLEDGE_DIR / file
        before = original.read_text(encoding="utf-8").splitlines() if original.exists() else []
        # A parser may notice the fault on the line after the one that broke it.
        edited = [
            n
            for n in (line_number - 1, line_number)
            if n >= 1 and (n > len(before) or before[n - 1] != lines[n - 1])
        ]
        assert edited, f"{case}: line {line_number} {shown!r} is not where the edit was"
        return
    names, item = _node_names(node, missing="required field" in message)
    shows = any(name in shown for name in names) or (item and shown.lstrip().startswith("- "))
    assert shows, f"{case}: line {line_number} {shown!r} does not show {names}"


def _node_names(node: str, *, missing: bool) -> tuple[list[str], bool]:
    """What the node's line shows: its id or key, and whether it may be a ``- `` list item.

    ``steps[1]`` is an item of the ``steps`` list: a flow list shows ``steps``, a block
    list the item. A field reported as missing has no line of its own: its parent's shows.
    """
    segments = node.split(".")
    last = segments[-2] if missing and len(segments) > 1 else segments[-1]
    key, _, inner = last.partition("[")
    inner = inner.rstrip("]")
    if inner.isdigit():
        return [key], True
    return [inner or key], False


def test_yes_and_no_stay_strings(folder: Path) -> None:
    """YAML 1.1 would read an unquoted `yes` as true; our loader keeps it an option ID."""
    _replace("questions.yaml", '- id: "yes"', "- id: yes")(folder)
    knowledge = load_knowledge(folder)
    assert knowledge.option("paid_off", "yes") is not None


def test_the_line_points_at_the_broken_node(folder: Path) -> None:
    _replace("rules.yaml", "when: {paid_when: [today]}", "when: {paid_when: [tomorrow]}")(folder)
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(folder)
    problem = info.value.problems[0]
    text = (folder / "rules.yaml").read_text(encoding="utf-8").splitlines()
    assert "tomorrow" in text[problem.line - 1]


def test_every_problem_is_reported_not_just_the_first(folder: Path) -> None:
    _replace("rules.yaml", "when: {paid_when: [today]}", "when: {paid_when: [tomorrow]}")(folder)
    _replace("causes.yaml", "wait_processing", "wait_processin")(folder)
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(folder)
    files = {p.file.rsplit("/", 1)[-1] for p in info.value.problems}
    assert files >= {"rules.yaml", "causes.yaml"}


def test_check_command_lists_problems_and_exits_1(folder: Path) -> None:
    _replace("questions.yaml", "next: sender", "next: senderr")(folder)
    done = subprocess.run(
        [sys.executable, "-m", "bot", "check", str(folder)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1
    assert "questions.yaml:" in done.stderr
    assert "no question 'senderr'" in done.stderr


def test_check_command_accepts_the_shipped_folder() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bot", "check", str(KNOWLEDGE_DIR)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "ok" in done.stdout
