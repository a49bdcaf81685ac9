"""The conversation engine: which question comes next, what an answer does, where Back goes.

Pure: it takes a Session and an input and returns a Turn (the new Session and a notice for
the channel to show). It never does I/O; the channels store and send what it returns.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from enum import StrEnum

from bot.engine.resolve import Matcher, Reading, Resolution
from bot.engine.scoring import Outcome, rank
from bot.engine.session import FactValue, Session
from bot.knowledge.base import Knowledge
from bot.knowledge.model import OUTCOME, Lang, Question, any_holds

__all__ = ["Advisor", "Notice", "Turn"]

_LEFT_CACHE = 4096
"""Sets of known facts whose remaining path length is kept (cleared when full)."""


class Notice(StrEnum):
    """Something the channel should tell the user besides the current question."""

    ANSWERED = "answered"  # an answer was taken; show it, then the next question
    TOGGLED = "toggled"  # a multi-select option was ticked or unticked
    REASK = "reask"  # the typed answer was not understood
    EMPTY = "empty"  # nothing usable was typed
    STALE = "stale"  # a button from an old message or knowledge version
    NO_BACK = "no_back"  # Back on the first question
    BACK = "back"
    RESTARTED = "restarted"
    COMPLETE = "complete"  # the questions are over; show the outcome


@dataclass(frozen=True, slots=True)
class Turn:
    """The result of one user input: the new session and what to tell the user."""

    session: Session
    notice: Notice | None = None
    question: str | None = None  # the question the input was about
    chosen: tuple[str, ...] = ()  # the options taken for it
    text: str = ""  # the typed input, when the notice is about it (REASK)


class Advisor:
    """The decision tree of one Knowledge, with its answer matchers built once."""

    def __init__(self, knowledge: Knowledge) -> None:
        self.knowledge = knowledge
        reading = Reading.of(knowledge.language)
        self._matchers = {q.id: Matcher(q, reading) for q in knowledge.questions.values()}
        # s6-cost: where each answer leads, looked up once (``Knowledge.next_node`` scans
        # the options), and the remaining length from each set of known facts, computed
        # once per set (the walk visits every branch; a conversation meets few sets).
        self._next: dict[tuple[str, str | None], str] = {}
        self._targets: dict[str, frozenset[str]] = {}
        for q in knowledge.questions.values():
            self._next[(q.id, None)] = knowledge.next_node(q, None)
            for o in q.options:
                self._next[(q.id, o.id)] = knowledge.next_node(q, o.id)
            self._targets[q.id] = frozenset(self._next[(q.id, o.id)] for o in q.options)
        self._left: dict[frozenset[tuple[str, FactValue]], tuple[str | None, int]] = {}

    # --- state -------------------------------------------------------------
    def new_session(
        self,
        lang: Lang = Lang.ZH_HANS,
        facts: Mapping[str, FactValue] | None = None,
        context: Mapping[str, str] | None = None,
    ) -> Session:
        """A fresh session, optionally with facts already known (from an SMS) and context
        for the questions' wording (``{"name": "邓强"}`` asks "Is 邓强 your name?")."""
        known = self.valid_facts(facts or {})
        return Session(
            lang=lang, facts=known, revision=self.knowledge.revision, context=dict(context or {})
        )

    def valid_facts(self, facts: Mapping[str, FactValue]) -> dict[str, FactValue]:
        """``facts`` without unknown facts or values (e.g. saved under an older knowledge)."""
        out: dict[str, FactValue] = {}
        for fact, value in facts.items():
            question = self.knowledge.question_for_fact(fact)
            if question is None:
                given = self.knowledge.given.get(fact)  # e.g. sms_verdict, from an SMS
                if given is not None and isinstance(value, str) and value in given:
                    out[fact] = value
                continue
            allowed = {o.id for o in question.options}
            if isinstance(value, frozenset):
                if question.multi and value and value <= allowed:
                    out[fact] = value
            elif value in allowed and not question.multi:
                out[fact] = value
        return out

    def current(self, session: Session) -> Question | None:
        """The question to ask now, skipping those whose fact is known; None at the outcome."""
        node = self.knowledge.start
        for _ in range(len(self.knowledge.questions) + 1):
            if node == OUTCOME:
                return None
            question = self.knowledge.questions[node]
            value = session.facts.get(question.fact)
            if value is None:
                if _asked(question, session.facts):
                    return question
                node = self._step(question, None)  # does not apply: pass by
                continue
            node = self._step(question, None if question.multi else str(value))
        raise AssertionError("cycle in a validated tree")  # pragma: no cover

    def progress(self, session: Session) -> tuple[int, int]:
        """(number of this question, questions in all) along the longest remaining path."""
        done = len(session.answered)
        key = frozenset(session.facts.items())
        left = self._left.get(key)
        if left is None:
            question = self.current(session)
            left = (
                (None, 0)
                if question is None
                else (question.id, self._remaining(question.id, session.facts))
            )
            if len(self._left) >= _LEFT_CACHE:
                self._left.clear()
            self._left[key] = left
        if left[0] is None:
            return done, done
        return done + 1, done + left[1]

    def _step(self, question: Question, option_id: str | None) -> str:
        """``Knowledge.next_node`` from the table built at construction."""
        found = self._next.get((question.id, option_id))
        return found if found is not None else self.knowledge.next_node(question, option_id)

    def _remaining(self, node: str, facts: Mapping[str, FactValue]) -> int:
        if node == OUTCOME:
            return 0
        question = self.knowledge.questions[node]
        here = 0 if question.fact in facts or not _asked(question, facts) else 1
        known = facts.get(question.fact)
        if known is not None and not question.multi:
            return self._remaining(self._step(question, str(known)), facts)
        return here + max(self._remaining(t, facts) for t in self._targets[question.id])

    def pending(self, session: Session) -> list[str]:
        """The questions still to ask, in order, along the longest remaining path."""
        out: list[str] = []
        node = self.knowledge.start
        while node != OUTCOME:
            question = self.knowledge.questions[node]
            known = session.facts.get(question.fact)
            if known is None:
                if _asked(question, session.facts):
                    out.append(question.id)
                targets = {self._step(question, o.id) for o in question.options}
                node = max(targets, key=lambda t: self._remaining(t, session.facts))
            else:
                node = self._step(question, None if question.multi else str(known))
        return out

    def outcome(self, session: Session) -> Outcome:
        """The ranked causes and ordered steps for what is known so far."""
        return rank(self.knowledge, session.facts)

    # --- answers -----------------------------------------------------------
    def choose(self, session: Session, question_id: str, option_id: str) -> Turn:
        """A tapped option. Multi-select options toggle; an exclusive one answers at once."""
        question = self.current(session)
        if question is None or question.id != question_id:
            return Turn(session, Notice.STALE)
        if option_id not in {o.id for o in question.options}:
            return Turn(session, Notice.STALE)
        if not question.multi:
            return self._take(session, question, (option_id,))
        if option_id in question.exclusive:
            return self._take(session, question, (option_id,))
        selection = session.selection ^ {option_id}
        return Turn(replace(session, selection=selection), Notice.TOGGLED, question.id)

    def choose_many(self, session: Session, question_id: str, option_ids: list[str]) -> Turn:
        """Several options of a multi-select question at once ("1 3" typed in a terminal).

        The exclusive option ("none of these") counts only when it comes alone, as when
        the same words are typed: "link, none" keeps the link.
        """
        question = self.current(session)
        if question is None or question.id != question_id or not question.multi:
            return Turn(session, Notice.STALE)
        known = {o.id for o in question.options}
        if not option_ids or any(o not in known for o in option_ids):
            return Turn(session, Notice.REASK, question.id, text=" ".join(option_ids))
        ticked = [o for o in option_ids if o not in question.exclusive]
        if not ticked:
            return self._take(session, question, (option_ids[0],))
        return Turn(
            replace(session, selection=session.selection ^ set(ticked)),
            Notice.TOGGLED,
            question.id,
        )

    def with_known(
        self, session: Session, facts: Mapping[str, FactValue], context: Mapping[str, str]
    ) -> Session:
        """Add what an analyzed SMS tells to the user's answers. The message's facts (who
        sent it, whom it names, what it asks) replace earlier answers about a message; the
        user's own facts (paid off? when? overdue?) are kept, as the SMS gives none."""
        given = self.valid_facts(facts)
        merged = {**session.facts, **given}
        answered = tuple(
            q
            for q in session.answered
            if q in self.knowledge.questions and self.knowledge.questions[q].fact not in given
        )
        return self._settled(
            replace(
                session,
                facts=merged,
                answered=answered,
                selection=frozenset(),
                context={**session.context, **context},
            )
        )

    def confirm(self, session: Session, question_id: str) -> Turn:
        """Confirm a multi-select question ("Done"): the ticked options, or the exclusive one."""
        question = self.current(session)
        if question is None or question.id != question_id or not question.multi:
            return Turn(session, Notice.STALE)
        chosen = tuple(o.id for o in question.options if o.id in session.selection)
        if not chosen:
            chosen = tuple(question.exclusive[:1])
        if not chosen:
            return Turn(session, Notice.REASK, question.id)
        return self._take(session, question, chosen)

    def reply(self, session: Session, text: str) -> Turn:
        """A typed answer to the current question."""
        question = self.current(session)
        if question is None:
            return Turn(session, Notice.COMPLETE)
        if not text.strip():
            return Turn(session, Notice.EMPTY, question.id)
        resolution = self.resolve(question.id, text)
        if not resolution.understood:
            return Turn(session, Notice.REASK, question.id, text=text)
        return self._take(session, question, resolution.options)

    def resolve(self, question_id: str, text: str) -> Resolution:
        """What ``text`` answers to question ``question_id`` (no state change)."""
        return self._matchers[question_id].resolve(text)

    def _take(self, session: Session, question: Question, chosen: tuple[str, ...]) -> Turn:
        value: FactValue = frozenset(chosen) if question.multi else chosen[0]
        new = session.with_fact(question.id, question.fact, value)
        return Turn(self._settled(new), Notice.ANSWERED, question.id, chosen)

    def _settled(self, session: Session) -> Session:
        """Where guidance starts: the first step once the questions are over, else none."""
        return replace(session, step=0 if self.current(session) is None else None)

    # --- navigation --------------------------------------------------------
    def back(self, session: Session, shown: str | None = None) -> Turn:
        """Undo the last answer the user gave (facts given up front stay).

        ``shown`` is the question on the screen where Back was tapped: if that is no
        longer the current question, the tap is stale and changes nothing.
        """
        if shown is not None:
            question = self.current(session)
            if question is None or question.id != shown:
                return Turn(session, Notice.STALE)
        if session.selection:
            return Turn(replace(session, selection=frozenset()), Notice.BACK)
        if not session.answered:
            return Turn(session, Notice.NO_BACK)
        last = self.knowledge.questions.get(session.answered[-1])
        facts = dict(session.facts)
        if last is not None:
            facts.pop(last.fact, None)
        new = replace(session, facts=facts, answered=session.answered[:-1], step=None)
        return Turn(new, Notice.BACK)

    def restart(self, session: Session) -> Turn:
        """Forget every answer; keep the language and the settings."""
        fresh = replace(self.new_session(session.lang), settings=session.settings)
        return Turn(fresh, Notice.RESTARTED)

    # --- guidance ----------------------------------------------------------
    def show_step(self, session: Session, index: int | None) -> Turn:
        """Show guidance step ``index`` (None: the summary), clamped to the steps there are.

        Stale while questions remain (a guidance button from an earlier conversation).
        """
        if self.current(session) is not None:
            return Turn(session, Notice.STALE)
        steps = self.outcome(session).guide  # the plan, then the further steps ("more")
        if index is None or not steps:
            return Turn(replace(session, step=None))
        return Turn(replace(session, step=max(0, min(index, len(steps) - 1))))

    def finish_step(self, session: Session, index: int) -> Turn:
        """Mark step ``index`` done and move on; after the last step, back to the summary."""
        if self.current(session) is not None:
            return Turn(session, Notice.STALE)
        outcome = self.outcome(session)
        steps = outcome.guide
        if not 0 <= index < len(steps):
            return Turn(session, Notice.STALE)
        done = session.done_steps | {steps[index]}
        if index + 1 < len(outcome.steps):  # a further step leads back to the summary
            return Turn(replace(session, done_steps=done, step=index + 1))
        return Turn(replace(session, done_steps=done, step=None), Notice.COMPLETE)


def _asked(question: Question, facts: Mapping[str, FactValue]) -> bool:
    """Whether ``question`` applies to what is known (its ``ask_when``): a question that
    depends on facts not yet learnt is not counted or listed until they are."""
    return not question.ask_when or any_holds(question.ask_when, facts)
