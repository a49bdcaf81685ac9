"""The words the bot reads answers with come from ``knowledge/language.yaml``: a word added
there changes what the bot understands, and a broken file is refused line by line."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.engine.advisor import Advisor
from bot.errors import KnowledgeError
from bot.knowledge.loader import load_knowledge
from tests.unit.test_knowledge_broken import Edit, _delete, _replace, assert_refused, folder

__all__ = ["folder"]  # the fixture, shared with the other broken-folder tests

LANGUAGE = "language.yaml"


def _advisor(folder: Path) -> Advisor:
    return Advisor(load_knowledge(folder))


def test_a_time_word_added_to_the_yaml_is_understood(folder: Path) -> None:
    assert _advisor(folder).resolve("paid_when", "头天还的").options == ()
    _replace(LANGUAGE, "      昨天: [1, 1]\n", "      昨天: [1, 1]\n      头天: [1, 1]\n")(folder)
    advisor = _advisor(folder)
    assert advisor.resolve("paid_when", "头天还的").options == ("1_3_days",)
    assert advisor.resolve("paid_when", "頭天還的").options == ("1_3_days",)  # Traditional


def test_a_number_word_added_to_the_yaml_is_understood(folder: Path) -> None:
    assert _advisor(folder).resolve("overdue", "逾期dozen days").options == ()
    _replace(LANGUAGE, "      thirty: 30\n", "      thirty: 30\n      dozen: 12\n")(folder)
    assert _advisor(folder).resolve("overdue", "逾期dozen days").options == ("short",)


def test_a_negator_added_to_the_yaml_cancels_the_word_after_it(folder: Path) -> None:
    assert _advisor(folder).resolve("paid_off", "莫还清").options == ("yes",)
    _replace(LANGUAGE, "木有]", "木有, 莫]")(folder)
    assert _advisor(folder).resolve("paid_off", "莫还清").options != ("yes",)


def test_a_negator_removed_from_the_yaml_no_longer_negates(folder: Path) -> None:
    assert _advisor(folder).resolve("paid_off", "haven't fully repaid").options == ("no",)
    _replace(LANGUAGE, 'endings: ["n\'t"]', "endings: []")(folder)
    assert _advisor(folder).resolve("paid_off", "haven't fully repaid").options != ("no",)


def test_an_asking_phrase_added_to_the_yaml_is_asked_again(folder: Path) -> None:
    assert _advisor(folder).resolve("paid_off", "还清了啥情况").options == ("yes",)
    _replace(LANGUAGE, "contains: [什么意思,", "contains: [啥情况, 什么意思,")(folder)
    assert _advisor(folder).resolve("paid_off", "还清了啥情况").options == ()


def test_a_hedge_added_to_the_yaml_is_checked_in_english(folder: Path) -> None:
    _replace("steps.yaml", "每期分期都应显示已还清。", "每期八成都应显示已还清。")(folder)
    load_knowledge(folder)  # 八成 is no hedge yet: the English may state it plainly
    _replace(LANGUAGE, "  zh-Hans: [通常,", "  zh-Hans: [八成, 通常,")(folder)
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(folder)
    assert any(
        "steps[verify_status].how" in str(p) and "zh-Hans hedges ('八成')" in str(p)
        for p in info.value.problems
    ), info.value.problems


def test_the_line_points_at_a_traditional_word(folder: Path) -> None:
    _replace(LANGUAGE, "      上个月: [30, 30]", "      上個月: [30, 30]")(folder)
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(folder)
    [problem] = info.value.problems
    lines = (folder / LANGUAGE).read_text(encoding="utf-8").splitlines()
    assert "上個月" in lines[problem.line - 1]
    assert problem.node == "time.zh-Hans.words.上個月"
    assert "write '上个月'" in problem.message


# (case, edit, file, node fragment, message fragment)
CASES: list[tuple[str, Edit, str, str, str]] = [
    ("missing language file", _delete(LANGUAGE), LANGUAGE, "(file)", "missing"),
    (
        "english word in capitals",
        _replace(LANGUAGE, "      yesterday: [1, 1]", "      Yesterday: [1, 1]"),
        LANGUAGE,
        "time.en.words.Yesterday",
        "never matches typed text: write 'yesterday'",
    ),
    (
        "full-width negator",
        _replace(LANGUAGE, '"never"', '"ｎｅｖｅｒ"'),
        LANGUAGE,
        "negators.en.words",
        "write 'never'",
    ),
    (
        "reversed time range",
        _replace(LANGUAGE, "几天: [2, 9]", "几天: [9, 2]"),
        LANGUAGE,
        "time.zh-Hans.words.几天",
        "reversed",
    ),
    (
        "chinese number of two characters",
        _replace(LANGUAGE, "{零: 0,", "{十五: 15, 零: 0,"),
        LANGUAGE,
        "time.zh-Hans.numbers",
        "single digits",
    ),
    (
        "unit of no days",
        _replace(LANGUAGE, "units: {天: 1,", "units: {天: 0,"),
        LANGUAGE,
        "time.zh-Hans.units.天",
        "greater than 0",
    ),
    (
        "negator that reaches nothing",
        _replace(LANGUAGE, "reach: 1", "reach: 0"),
        LANGUAGE,
        "negators.zh-Hans[1].reach",
        "greater than or equal to 1",
    ),
    (
        "unknown field",
        _replace(LANGUAGE, "between: 2", "betwen: 2"),
        LANGUAGE,
        "negators.en.betwen",
        "unknown field 'betwen'",
    ),
    (
        "hedge listed twice",
        _replace(LANGUAGE, "[通常, 一般,", "[通常, 一般, 通常,"),
        LANGUAGE,
        "hedges.zh-Hans[2]",
        "'通常' is listed twice",
    ),
    (
        "no english hedges",
        _replace(LANGUAGE, "  en: [usually,", "  en: []\n  old: [usually,"),
        LANGUAGE,
        "hedges.en",
        "at least 1 item",
    ),
    (
        "duplicate time word",
        _replace(LANGUAGE, "      前天: [2, 2]\n", "      前天: [2, 2]\n      前天: [1, 3]\n"),
        LANGUAGE,
        "time.zh-Hans.words.前天",
        "duplicate key",
    ),
]


@pytest.mark.parametrize(
    ("case", "edit", "file", "node", "message"), CASES, ids=[c[0] for c in CASES]
)
def test_broken_language_file_names_file_line_node(
    folder: Path, case: str, edit: Edit, file: str, node: str, message: str
) -> None:
    assert_refused(folder, case, edit, file, node, message)
