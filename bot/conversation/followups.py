"""Follow-ups and repayment reminders: the offers, /reminders, and what is said on the day.

Three kinds (``bot.reminders.Kind``):
- the top cause is ``processing_delay``: "remind me to check in N days" on the waiting step
  (N is the user's choice; the bot states no processing time);
- on the "contact support" step: "ask me in a week whether it stopped"; on that day the bot
  asks, and "still coming" escalates to the 12378 complaint, filled in from the evidence;
- on the reminders step (DOMAIN 4.3): a monthly reminder, N days before a due day 1–31.

Pure like the rest of the conversation: reminders are written through the service, and a
channel's job asks ``due`` what to send when one comes due (``bot.reminders.run_due``).
"""

from __future__ import annotations

import re
from dataclasses import replace

from bot.conversation.evidence_desk import EvidenceDesk
from bot.conversation.evidence_payoff import ASK
from bot.conversation.intents import Act, Pressed
from bot.conversation.port import AdvisorPort
from bot.conversation.views import Button, ChoiceCard, NoticeView, Reply, Tone, View
from bot.engine.advisor import Advisor
from bot.engine.session import Session
from bot.i18n import known_lang
from bot.knowledge.model import Lang
from bot.normalize import fold
from bot.reminders.dates import REMIND_AT
from bot.reminders.model import Kind, Reminder, repayment
from bot.report.model import local_time
from bot.report.ready import ReadyKind, ready_text

__all__ = [
    "AHEAD_CHOICES",
    "ASK",
    "DAY_CHOICES",
    "SUPPORT_DAYS",
    "FollowupDesk",
    "followup_offers",
]

DAY_CHOICES = (2, 3, 5, 7)
"""Days after which to check a repayment still being processed (the user picks one)."""
SUPPORT_DAYS = 7
""""In a week": when to ask whether the messages stopped after contacting support."""
AHEAD_CHOICES = (1, 3, 7)
"""Days before the due day a repayment reminder may come."""
_DUE_DAY = "due_day"
_DAY = re.compile(r"^(?:每月|每个月|day)?\s*(\d{1,2})\s*(?:号|日|th|st|nd|rd)?$")
_ANY_NUMBER = re.compile(r"^\D{0,4}\d+\D{0,4}$")


def followup_offers(advisor: Advisor, session: Session, step_id: str) -> tuple[Button, ...]:
    """The reminder a guidance step offers (none for most steps)."""
    k, lang = advisor.knowledge, session.lang
    if step_id == "wait_processing":
        outcome = advisor.outcome(session)
        top = outcome.top or tuple(c.id for c in outcome.causes[:1])
        if "processing_delay" in top:
            return (Button(k.text("fu_processing_button", lang), Act.REMIND, Kind.PROCESSING),)
    if step_id == "contact_support":
        return (Button(k.text("fu_support_button", lang), Act.REMIND, Kind.SUPPORT),)
    if step_id == "set_reminders":
        return (Button(k.text("fu_repayment_button", lang), Act.REMIND, Kind.REPAYMENT),)
    return ()


class FollowupDesk:
    """Sets, lists, cancels and answers reminders."""

    def __init__(self, service: AdvisorPort, evidence: EvidenceDesk) -> None:
        self.service = service
        self.k = service.advisor.knowledge
        self.evidence = evidence

    # --- /reminders ------------------------------------------------------------
    async def show(self, user: str, session: Session, in_place: bool = False) -> Reply:
        """The user's reminders, each with a cancel button, and the monthly one to set."""
        k, lang = self.k, session.lang
        waiting = await self.service.reminders(user)
        lines = [k.text("reminders_title" if waiting else "reminders_none", lang)]
        buttons: list[Button] = []
        for number, reminder in enumerate(waiting, start=1):
            lines.append(self._line(number, reminder, lang))
            label = k.text("reminders_cancel_button", lang, number=number)
            buttons.append(Button(label, Act.REMIND, "cancel", str(reminder.id)))
        if waiting:
            lines.append(k.text("reminders_times", lang))
        buttons.append(Button(k.text("fu_repayment_button", lang), Act.REMIND, Kind.REPAYMENT))
        return Reply((ChoiceCard("\n".join(lines), tuple(buttons)),), in_place=in_place)

    def _line(self, number: int, reminder: Reminder, lang: Lang) -> str:
        when = local_time(reminder.due_at)
        if reminder.kind is Kind.PROCESSING:
            return self.k.text("rem_line_processing", lang, number=number, when=when)
        if reminder.kind is Kind.SUPPORT:
            return self.k.text("rem_line_support", lang, number=number, when=when)
        day, ahead = reminder.payload.get("day", "?"), reminder.payload.get("ahead", "?")
        return self.k.text(
            "rem_line_repayment", lang, number=number, when=when, day=day, ahead=ahead
        )

    # --- buttons -----------------------------------------------------------------
    async def pressed(self, user: str, session: Session, pressed: Pressed) -> Reply:
        """A reminder button (set, choose, cancel) or the answer to a follow-up question.

        These stay valid across knowledge updates: what they do is all in their data.
        """
        if pressed.act is Act.CHECKIN:
            return await self._checkin(user, session, pressed.arg == "still", pressed.arg2)
        what, value = pressed.arg, pressed.arg2
        if what == Kind.PROCESSING:
            return await self._processing(user, session, value)
        if what == Kind.SUPPORT:
            return await self._schedule(user, session, Kind.SUPPORT, SUPPORT_DAYS, False)
        if what == Kind.REPAYMENT:
            await self.service.save(user, replace(session, pending={ASK: _DUE_DAY}))
            return Reply((NoticeView(self._ask_day("repayment_ask_day", session.lang)),))
        if what == "ahead":
            return await self._repayment(user, session, value)
        if what == "cancel" and value.isascii() and value.isdigit():
            gone = await self.service.cancel_reminder(user, int(value))
            toast = self.k.text("reminders_cancelled" if gone else "reminders_gone", session.lang)
            return replace(await self.show(user, session, in_place=True), toast=toast)
        return Reply(toast=self.k.text("stale", session.lang), stale=True)

    async def _processing(self, user: str, session: Session, value: str) -> Reply:
        k, lang = self.k, session.lang
        if value.isascii() and value.isdigit() and int(value) in DAY_CHOICES:
            return await self._schedule(user, session, Kind.PROCESSING, int(value), True)
        buttons = tuple(
            Button(k.text("fu_days_option", lang, days=n), Act.REMIND, Kind.PROCESSING, str(n))
            for n in DAY_CHOICES
        )
        return Reply((ChoiceCard(k.text("fu_days_ask", lang), buttons),))

    async def _schedule(
        self, user: str, session: Session, kind: Kind, days: int, in_place: bool
    ) -> Reply:
        due = self.service.clock() + days * self.service.day_seconds
        payload = {"days": str(days), "lang": session.lang.value}
        await self.service.add_reminder(Reminder(user, kind, due, payload))
        said = self.k.text("fu_set", session.lang, when=local_time(due))
        return Reply((NoticeView(said, Tone.OK),), in_place=in_place)

    async def _repayment(self, user: str, session: Session, value: str) -> Reply:
        day_text, _, ahead_text = value.partition(":")
        if not (day_text.isdigit() and ahead_text.isdigit()):
            return Reply(toast=self.k.text("stale", session.lang), stale=True)
        day, ahead = int(day_text), int(ahead_text)
        if not 1 <= day <= 31 or ahead not in AHEAD_CHOICES:
            return Reply(toast=self.k.text("stale", session.lang), stale=True)
        lang = session.lang
        reminder = repayment(user, self.service.clock(), day, ahead, lang.value)
        await self.service.add_reminder(reminder)
        said = self.k.text(
            "repayment_set",
            lang,
            day=day,
            ahead=ahead,
            hour=REMIND_AT.hour,
            when=local_time(reminder.due_at),
        )
        return Reply((NoticeView(said, Tone.OK),), in_place=True)

    # --- typed: the due day --------------------------------------------------------
    async def typed(self, user: str, session: Session, text: str) -> tuple[Session, Reply | None]:
        """The due day typed while it is asked for; else (the session no longer waiting for
        it, saved, None) and the text goes its usual way."""
        lang = session.lang
        found = _DAY.match(fold(text).strip().lower())
        day = int(found.group(1)) if found else 0
        if 1 <= day <= 31:
            await self.service.save(user, replace(session, pending={}))
            return session, Reply((self._ahead_card(day, lang),))
        if _ANY_NUMBER.match(fold(text).strip()) and len(text) <= 12:
            return session, Reply((NoticeView(self._ask_day("repayment_ask_day_again", lang)),))
        session = replace(session, pending={})
        await self.service.save(user, session)
        return session, None

    def _ask_day(self, key: str, lang: Lang) -> str:
        return self.k.text(key, lang, low=1, high=31, example=15)

    def _ahead_card(self, day: int, lang: Lang) -> ChoiceCard:
        k = self.k
        buttons = tuple(
            Button(
                k.text("repayment_ahead_one", lang, days=ahead)
                if ahead == 1
                else k.text("repayment_ahead_option", lang, days=ahead),
                Act.REMIND,
                "ahead",
                f"{day}:{ahead}",
            )
            for ahead in AHEAD_CHOICES
        )
        return ChoiceCard(k.text("repayment_ask_ahead", lang, day=day), buttons)

    # --- on the day ------------------------------------------------------------------
    async def due(self, reminder: Reminder) -> Reply:
        """What to send when ``reminder`` comes due, in the user's language now."""
        fallback = known_lang(reminder.payload.get("lang", "")) or Lang.ZH_HANS
        session, resumed, _ = await self.service.load_with_anchor(reminder.user, fallback)
        lang = session.lang if resumed else fallback
        k = self.k
        if reminder.kind is Kind.REPAYMENT:
            ahead = reminder.payload.get("ahead", "?")
            said = k.text("repayment_due", lang, due=reminder.payload.get("due", "?"), ahead=ahead)
            return Reply((NoticeView(said),), lang=lang)
        buttons = (
            Button(k.text("fu_stopped_button", lang), Act.CHECKIN, "stopped", reminder.kind),
            Button(k.text("fu_still_button", lang), Act.CHECKIN, "still", reminder.kind),
        )
        if reminder.kind is Kind.PROCESSING:
            text = f"{k.text('fu_processing_due', lang)}\n\n{k.text('fu_ask', lang)}"
        else:
            text = k.text("fu_support_due", lang)
        return Reply((ChoiceCard(text, buttons),), lang=lang)

    async def _checkin(self, user: str, session: Session, still: bool, kind: str) -> Reply:
        k, lang = self.k, session.lang
        if not still:
            return Reply((NoticeView(k.text("fu_stopped_done", lang), Tone.OK),), in_place=True)
        again = Button(k.text("fu_support_button", lang), Act.REMIND, Kind.SUPPORT)
        if kind == Kind.PROCESSING:  # still coming after waiting: contact support next
            card = ChoiceCard(k.text("fu_still_processing", lang), (again,))
            return Reply((card,), in_place=True)
        # A week after contacting support: escalate to the regulator, the text filled in.
        data = await self.evidence.report_data(user, session)
        complaint = ready_text(ReadyKind.COMPLAINT_12378, data, k)
        ask_again = Button(k.text("fu_again_button", lang), Act.REMIND, Kind.SUPPORT)
        texts = Button(k.text("evidence_texts_button", lang), Act.EVIDENCE, "texts")
        views: tuple[View, ...] = (
            ChoiceCard(k.text("fu_still_support", lang), (ask_again, texts)),
            NoticeView(complaint.title, code=complaint.body),
        )
        return Reply(views, in_place=True)
