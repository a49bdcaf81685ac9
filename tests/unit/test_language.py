"""What each language keeps: Traditional that reads right, English that keeps the hedges,
short steps with detail below, and sources named in the user's language with a grade."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import opencc
import pytest

from bot.conversation.screens import step_card
from bot.engine.advisor import Advisor
from bot.engine.views import step_view
from bot.errors import KnowledgeError
from bot.i18n import HANT_CONFIG, to_traditional
from bot.knowledge.base import Knowledge, localize, localize_lines
from bot.knowledge.language_checks import MAX_STEP_MAIN, Hedging, hant_mistakes
from bot.knowledge.loader import load_knowledge
from bot.knowledge.model import Grade, Lang, Source
from tests.conftest import KNOWLEDGE_DIR


def test_traditional_says_after_days_not_the_goddess(knowledge: Knowledge) -> None:
    privacy = knowledge.text("privacy", Lang.ZH_HANT, days=30)
    assert "30 天後" in privacy
    assert "天后" not in privacy
    # OpenCC alone gets it wrong: the fix table is what makes it right.
    assert "天后" in opencc.OpenCC(HANT_CONFIG).convert("这些记录在 30 天后自动删除")


def test_traditional_keeps_mainland_terms(knowledge: Knowledge) -> None:
    lines = [
        hant
        for step in knowledge.steps.values()
        if step.detail is not None
        for zh, hant in zip(
            step.detail.zh_hans, localize_lines(step.detail, Lang.ZH_HANT), strict=True
        )
        if "注销" in zh
    ]
    assert lines, "a step should warn about the “注销校园贷” scam"
    assert all("註銷" in line and "登出" not in line for line in lines)
    assert to_traditional("链接") == "鏈接"  # not the Taiwan word 連結


def test_switching_to_traditional_confirms_in_traditional(knowledge: Knowledge) -> None:
    hant = knowledge.text("lang_set", Lang.ZH_HANT)
    assert "繁體" in hant
    assert "簡體" not in hant
    assert "简体" in knowledge.text("lang_set", Lang.ZH_HANS)


def test_every_derived_traditional_text_reads_right(knowledge: Knowledge) -> None:
    texts = [localize(t, Lang.ZH_HANT) for t in knowledge.texts.values()]
    for step in knowledge.steps.values():
        texts += [localize(step.title, Lang.ZH_HANT), localize(step.why, Lang.ZH_HANT)]
        texts += localize_lines(step.how, Lang.ZH_HANT)
        if step.detail:
            texts += localize_lines(step.detail, Lang.ZH_HANT)
    assert [t for t in texts if hant_mistakes(t)] == []


def test_the_mistake_finder_knows_the_goddess_and_a_stray_hou() -> None:
    assert hant_mistakes("這些記錄在 30 天後自動刪除") == []
    assert hant_mistakes("這些記錄在 30 天后自動刪除")
    assert hant_mistakes("幾小時后看結果")
    assert hant_mistakes("皇后") == []


def test_hedge_words(knowledge: Knowledge) -> None:
    hedging = Hedging(knowledge.language.hedges)
    assert hedging.zh("通常在「我的」里") == "通常"
    assert hedging.en("Usually under Me")
    assert hedging.zh("自己拨打95188") is None
    assert not hedging.en("Call 95188 yourself")
    assert not hedging.en("Mayday")  # whole words only


def _copy(tmp_path: Path) -> Path:
    folder = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE_DIR, folder)
    return folder


def _problems(folder: Path) -> list[str]:
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(folder)
    return [str(p) for p in caught.value.problems]


def _line_of(path: Path, text: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, start=1) if text in line)


def test_an_english_line_that_drops_the_hedge_is_refused(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    steps = folder / "steps.yaml"
    old = "typically comes within a few hours"
    text = steps.read_text(encoding="utf-8")
    assert old in text
    steps.write_text(text.replace(old, "comes within a few hours"), encoding="utf-8")
    line = _line_of(steps, "comes within a few hours")
    problems = _problems(folder)
    assert any(
        re.fullmatch(
            rf"\S*steps\.yaml:{line}: steps\[check_credit_report\]\.how\S*: "
            r"zh-Hans hedges \('一般'\) but en does not.*",
            p,
        )
        for p in problems
    ), problems


def test_a_step_whose_main_text_is_too_long_is_refused(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    steps = folder / "steps.yaml"
    text = steps.read_text(encoding="utf-8")
    old = '        - "逐笔看：每笔借款、每期分期都应显示已还清。"\n'
    assert old in text
    long_line = '        - "' + "逐笔核对每一期的金额和日期。" * 10 + '"\n'
    steps.write_text(text.replace(old, old + long_line), encoding="utf-8")
    problems = _problems(folder)
    assert any(
        re.fullmatch(
            rf"\S*steps\.yaml:\d+: steps\[verify_status\]\.how: main text .* at most "
            rf"{MAX_STEP_MAIN}: move the rest to 'detail'",
            p,
        )
        for p in problems
    ), problems


def test_a_source_without_a_label_is_refused(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    sources = folder / "sources.yaml"
    text = sources.read_text(encoding="utf-8")
    old = '    label: {zh-Hans: "支付宝客服热线95188", en: "Alipay customer service line 95188"}\n'
    assert old in text
    sources.write_text(text.replace(old, ""), encoding="utf-8")
    assert any(
        re.fullmatch(r"\S*sources\.yaml:\d+: sources\[alipay_95188\]: no 'label'.*", p)
        for p in _problems(folder)
    )


_PLAN_FACTS: dict[str, str | frozenset[str]] = {
    "paid_off": "yes",
    "paid_when": "over_7_days",
    "loan": "jiebei",
    "overdue": "long",
    "sender": "bulk_106",
    "addressed_to": "me",
    "red_flags": frozenset({"none"}),
}


def _source_lines(advisor: Advisor, lang: Lang) -> list[tuple[str, list[Source]]]:
    """(the line a step card shows, the step's sources) for every step of a plan."""
    session = advisor.new_session(facts=_PLAN_FACTS, lang=lang)
    k, out = advisor.knowledge, []
    for index, step in enumerate(advisor.outcome(session).guide):
        card = step_card(advisor, session, index, full=False)
        assert card is not None
        cited = [k.sources[s] for s in k.steps[step].sources if s in k.sources]
        if card.sources is not None:
            out.append((card.sources, cited))
    return out


def test_sources_are_named_in_the_users_language(advisor: Advisor) -> None:
    en = " ".join(line for line, _ in _source_lines(advisor, Lang.EN))
    assert "Credit Reference Center" in en
    assert not re.search(r"[\u4e00-\u9fff]{4}", en)  # no Chinese titles
    zh = " ".join(line for line, _ in _source_lines(advisor, Lang.ZH_HANS))
    assert "征信中心" in zh


def test_a_step_names_its_official_sources_before_the_others(advisor: Advisor) -> None:
    # The line is cut after a few names: an official source must not be the one cut.
    checked = 0
    for line, cited in _source_lines(advisor, Lang.EN):
        firm = [localize(s.label, Lang.EN) for s in cited if s.grade is Grade.FIRM and s.label]
        if firm and any(s.grade is not Grade.FIRM for s in cited):
            named = line.split(":", 1)[1].strip()
            assert any(named.startswith(label) for label in firm), line
            checked += 1
    assert checked


def test_detail_is_shown_below_the_main_text(advisor: Advisor, knowledge: Knowledge) -> None:
    session = advisor.new_session(
        facts={
            "paid_off": "yes",
            "paid_when": "over_7_days",
            "loan": "jiebei",
            "overdue": "long",
            "sender": "bulk_106",
            "addressed_to": "me",
            "red_flags": frozenset({"none"}),
        },
        lang=Lang.EN,
    )
    steps = advisor.outcome(session).steps
    with_detail = [i for i, s in enumerate(steps) if knowledge.steps[s].detail is not None]
    assert with_detail
    view = step_view(advisor, session, with_detail[0])
    assert view is not None
    assert view.detail_title == "More detail:"
    assert view.detail
    assert all(line not in view.how for line in view.detail)


def test_a_figure_in_a_steps_detail_needs_a_source(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    steps = folder / "steps.yaml"
    text = steps.read_text(encoding="utf-8")
    old = "一般在工作日。"
    assert old in text
    steps.write_text(text.replace(old, "一般在工作日9点到17点。"), encoding="utf-8")
    assert any(
        re.fullmatch(r"\S*steps\.yaml:\d+: steps\[verify_legal_claim\]: states '17' but .*", p)
        for p in _problems(folder)
    )


def test_a_written_traditional_text_must_be_traditional(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    texts = folder / "texts.yaml"
    text = texts.read_text(encoding="utf-8")
    old = "zh-Hant: 已切換為繁體中文。"
    assert old in text
    texts.write_text(text.replace(old, "zh-Hant: 已切换为繁体中文。"), encoding="utf-8")
    line = _line_of(texts, "已切换为繁体中文")
    assert any(
        re.fullmatch(rf"\S*texts\.yaml:{line}: texts\.lang_set\.zh-Hant: .*not Traditional", p)
        for p in _problems(folder)
    )
