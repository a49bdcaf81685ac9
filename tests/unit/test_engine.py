"""The engine asks the right next question, skips known facts, goes back and starts over."""

from __future__ import annotations

from bot.engine.advisor import Advisor, Notice
from bot.engine.session import Session
from bot.engine.views import outcome_view, question_view, step_view
from bot.knowledge.base import Knowledge
from bot.knowledge.model import Lang
from bot.sms import SmsAnalyzer


def _answer(advisor: Advisor, session: Session, *options: str) -> Session:
    for option in options:
        question = advisor.current(session)
        assert question is not None
        session = advisor.choose(session, question.id, option).session
    return session


def test_the_first_question_is_whether_it_is_paid_off(advisor: Advisor) -> None:
    session = advisor.new_session()
    view = question_view(advisor, session)
    assert view is not None
    assert view.id == "paid_off"
    assert not view.can_back
    # "1 of N": N is every question still to ask along the longest path.
    total = len(advisor.pending(session))
    unconditional = [q for q in advisor.knowledge.questions.values() if not q.ask_when]
    assert total == len(unconditional)  # the conditional ones (did you act on it?) may not come
    line = advisor.knowledge.text("progress", Lang.ZH_HANS, current=1, total=total)
    assert view.progress == line


def test_not_paid_off_skips_the_payoff_date(advisor: Advisor) -> None:
    session = _answer(advisor, advisor.new_session(), "no")
    assert advisor.current(session).id == "overdue"  # type: ignore[union-attr]
    current, total = advisor.progress(session)
    assert (current, total) == (2, 5)


def test_known_facts_are_not_asked(advisor: Advisor) -> None:
    session = advisor.new_session(facts={"sender": "mobile", "red_flags": frozenset({"link"})})
    asked = []
    while (question := advisor.current(session)) is not None:
        asked.append(question.id)
        session = advisor.choose(session, question.id, question.options[0].id).session
        if question.multi:  # "did you already act?" follows the link given up front
            session = advisor.confirm(session, question.id).session
    assert "sender" not in asked
    assert "red_flags" not in asked
    assert session.facts["sender"] == "mobile"


def test_back_undoes_only_the_last_answer(advisor: Advisor) -> None:
    session = _answer(advisor, advisor.new_session(), "yes", "today")
    turn = advisor.back(session)
    assert turn.notice is Notice.BACK
    assert advisor.current(turn.session).id == "paid_when"  # type: ignore[union-attr]
    assert turn.session.facts == {"paid_off": "yes"}


def test_back_keeps_facts_given_up_front(advisor: Advisor) -> None:
    session = advisor.new_session(facts={"sender": "official"})
    session = _answer(advisor, session, "no")
    session = advisor.back(session).session
    assert session.facts == {"sender": "official"}
    assert advisor.back(session).notice is Notice.NO_BACK


def test_restart_forgets_answers_but_keeps_language(advisor: Advisor) -> None:
    session = _answer(advisor, advisor.new_session(Lang.EN), "yes", "today")
    turn = advisor.restart(session)
    assert turn.session.facts == {}
    assert turn.session.lang is Lang.EN


def test_a_button_for_another_question_is_stale(advisor: Advisor) -> None:
    session = _answer(advisor, advisor.new_session(), "yes")
    turn = advisor.choose(session, "paid_off", "no")
    assert turn.notice is Notice.STALE
    assert turn.session == session


def test_an_unknown_option_is_stale(advisor: Advisor) -> None:
    session = advisor.new_session()
    assert advisor.choose(session, "paid_off", "maybe").notice is Notice.STALE


def test_multi_select_toggles_then_confirms(advisor: Advisor) -> None:
    session = _answer(advisor, advisor.new_session(), "no", "never", "mobile", "me")
    assert advisor.current(session).id == "red_flags"  # type: ignore[union-attr]
    session = advisor.choose(session, "red_flags", "link").session
    session = advisor.choose(session, "red_flags", "upfront_fee").session
    session = advisor.choose(session, "red_flags", "link").session  # untick
    view = question_view(advisor, session)
    assert view is not None
    assert [o.id for o in view.options if o.selected] == ["upfront_fee"]
    turn = advisor.confirm(session, "red_flags")
    assert turn.session.facts["red_flags"] == frozenset({"upfront_fee"})
    assert advisor.current(turn.session).id == "acted"  # type: ignore[union-attr]
    assert advisor.progress(turn.session) == (6, 6)  # a scam sign asks one more question


def test_no_scam_sign_means_no_question_about_having_paid(advisor: Advisor) -> None:
    session = _answer(advisor, advisor.new_session(), "no", "never", "mobile", "me")
    turn = advisor.confirm(session, "red_flags")
    assert advisor.current(turn.session) is None
    assert advisor.pending(turn.session) == []


def test_done_with_nothing_ticked_means_none(advisor: Advisor) -> None:
    session = _answer(advisor, advisor.new_session(), "no", "never", "mobile", "me")
    turn = advisor.confirm(session, "red_flags")
    assert turn.session.facts["red_flags"] == frozenset({"none"})


def test_an_unclear_typed_answer_is_asked_again(advisor: Advisor) -> None:
    session = advisor.new_session()
    turn = advisor.reply(session, "你好")
    assert turn.notice is Notice.REASK
    assert turn.session == session
    assert advisor.reply(session, "   ").notice is Notice.EMPTY


def test_outcome_ranks_causes_with_distinct_reasons(advisor: Advisor) -> None:
    session = advisor.new_session(
        facts={"paid_off": "yes", "paid_when": "1_3_days", "loan": "jiebei", "overdue": "never",
               "sender": "official", "addressed_to": "me", "red_flags": frozenset({"none"})}
    )
    outcome = advisor.outcome(session)
    scores = [c.score for c in outcome.causes]
    assert scores == sorted(scores, reverse=True)
    assert outcome.causes[0].id == "processing_delay"
    whys = [c.why for c in outcome.causes[:3]]
    assert len(set(map(id, whys))) == len(whys)
    view = outcome_view(advisor, session)
    assert len(view.causes) == advisor.knowledge.show_top
    assert view.steps[0][0] == outcome.steps[0]


def test_guidance_walks_the_steps_and_marks_them_done(advisor: Advisor) -> None:
    session = advisor.new_session(
        facts={"paid_off": "no", "overdue": "long", "sender": "mobile", "addressed_to": "me",
               "red_flags": frozenset({"none"})}
    )
    steps = advisor.outcome(session).steps
    session = advisor.show_step(session, 0).session
    session = advisor.finish_step(session, 0).session
    assert session.step == 1
    assert steps[0] in session.done_steps
    view = step_view(advisor, session, 1)
    assert view is not None
    assert view.header.startswith(f"第 2/{len(steps)} 步")
    assert view.how
    last = advisor.finish_step(advisor.show_step(session, 99).session, len(steps) - 1)
    assert last.notice is Notice.COMPLETE
    assert last.session.step is None  # back to the summary after the last step


def test_guidance_buttons_are_stale_while_questions_remain(advisor: Advisor) -> None:
    session = advisor.new_session()
    assert advisor.show_step(session, 0).notice is Notice.STALE
    assert advisor.finish_step(session, 0).notice is Notice.STALE
    assert advisor.back(session, shown="overdue").notice is Notice.STALE


def test_session_survives_json_round_trip(advisor: Advisor) -> None:
    session = _answer(advisor, advisor.new_session(Lang.ZH_HANT), "yes", "today")
    session = advisor.choose(session, "loan", "jiebei").session
    assert Session.from_json(session.to_json()) == session


def test_a_named_message_asks_whether_the_name_is_yours(advisor: Advisor) -> None:
    session = advisor.new_session(
        facts={"paid_off": "yes", "paid_when": "today", "loan": "jiebei", "overdue": "never",
               "sender": "mobile"},
        context={"name": "邓强"},
    )
    view = question_view(advisor, session)
    assert view is not None
    assert view.id == "addressed_to"
    assert view.text == "短信称呼的是「邓强」。这是你的名字吗？"
    assert Session.from_json(session.to_json()).context == {"name": "邓强"}


def test_intake_tells_an_sms_from_an_answer(knowledge: Knowledge) -> None:
    read_intake = SmsAnalyzer(knowledge.sms).read_intake

    assert not read_intake("前天还的").is_sms
    assert not read_intake("95188发的").is_sms
    assert not read_intake("有个链接，还要验证码").is_sms
    assert read_intake("【借呗】您的借款已逾期，请尽快还款").is_sms
    assert read_intake("点击 a1ipay-jb.top 处理").is_sms
    assert read_intake("嗯", forwarded=True).is_sms
    pasted = read_intake("发件人: 10690000123\n邓强，你欠的钱再不还就上门")
    assert pasted.is_sms
    assert pasted.sender == "10690000123"
    assert pasted.text == "邓强，你欠的钱再不还就上门"


def test_sms_facts_join_the_users_answers(advisor: Advisor) -> None:
    session = _answer(advisor, advisor.new_session(), "yes", "today", "jiebei", "never")
    session = advisor.choose(session, "sender", "official").session
    merged = advisor.with_known(
        session, {"sender": "mobile", "red_flags": frozenset({"link"})}, {"name": "邓强"}
    )
    assert merged.facts["paid_off"] == "yes"  # the user's own answer is kept
    assert merged.facts["sender"] == "mobile"  # the message decides what it looks like
    assert "sender" not in merged.answered  # Back will not undo a fact the SMS gave
    assert advisor.current(merged).id == "addressed_to"  # type: ignore[union-attr]


def test_several_ticks_at_once_keep_a_flag_beside_none(advisor: Advisor) -> None:
    session = _answer(advisor, advisor.new_session(), "no", "never", "mobile", "me")
    turn = advisor.choose_many(session, "red_flags", ["link", "none"])
    assert turn.session.selection == frozenset({"link"})
    assert advisor.choose_many(session, "red_flags", ["99"]).notice is Notice.REASK
    assert advisor.choose_many(session, "red_flags", ["none"]).notice is Notice.ANSWERED


def test_long_answers_stay_answers_but_long_messages_to_you_are_sms(
    knowledge: Knowledge,
) -> None:
    read_intake = SmsAnalyzer(knowledge.sms).read_intake

    assert not read_intake("I paid it off the day before yesterday, all of it").is_sms
    assert not read_intake("我是前天还清的，之前逾期过两个月，现在还一直收到催收短信").is_sms
    assert read_intake("邓强，你欠的借呗逾期款再不还，我们就联系你的家人和单位，后果自负。").is_sms


def test_steps_beyond_six_are_offered_as_more_and_open_by_number(advisor: Advisor) -> None:
    session = advisor.new_session(
        facts={"paid_off": "yes", "paid_when": "over_7_days", "loan": "jiebei", "overdue": "long",
               "sender": "mobile", "addressed_to": "me", "acted": frozenset({"none"}),
               "red_flags": frozenset({"link", "third_party_threat", "night_contact"})}
    )
    outcome = advisor.outcome(session)
    assert len(outcome.steps) == 6
    assert outcome.more
    view = outcome_view(advisor, session)
    assert view.more_intro == f"还有 {len(outcome.more)} 个步骤可能用得上，需要时按编号打开："
    assert [s for s, _, _ in view.more] == list(outcome.more)
    opened = advisor.show_step(session, 6).session  # the 7th: the first further step
    step = step_view(advisor, opened, 6)
    assert step is not None
    assert step.id == outcome.more[0]
    done = advisor.finish_step(opened, 6)
    assert done.session.step is None  # a further step leads back to the summary
    assert outcome.more[0] in done.session.done_steps
    last_of_plan = step_view(advisor, advisor.show_step(session, 5).session, 5)
    assert last_of_plan is not None
    assert last_of_plan.count == 6  # "step 6/6": the plan, not the extras


def test_equally_likely_causes_share_the_first_rank_and_are_told(advisor: Advisor) -> None:
    session = advisor.new_session(
        facts={"paid_off": "unsure", "overdue": "never", "sender": "bulk_106",
               "addressed_to": "no_name", "red_flags": frozenset({"none"})}
    )
    outcome = advisor.outcome(session)
    assert set(outcome.top) == {"still_owing", "other_lender"}
    view = outcome_view(advisor, session)
    assert [c.line[:2] for c in view.causes[:2]] == ["1.", "1."]
    assert view.causes[2].line.startswith("3.")
    assert "排在最前面的 2 个原因可能性一样大" in view.intro
