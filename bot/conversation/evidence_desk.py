"""The evidence desk: consent to keep SMS, the /evidence timeline, exports and deletion.

Consent is one setting in the session (``keep_sms``): unset until the first SMS, when the
question is asked once (``asked``, which counts as no), then ``yes`` or ``no``. Only with
``yes`` does an analyzed SMS reach the store. Without it the record is *held*: in this
process's memory only, the last few per user, so the card's "advice" and "12321" buttons
still work (until the bot restarts); saying yes later keeps the held ones too.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import secrets
from collections import OrderedDict
from dataclasses import replace

from bot.conversation.evidence_payoff import ASK, PAID_ON, candidate_days, paid_on, parse_day
from bot.conversation.intents import Act, Pressed
from bot.conversation.port import AdvisorPort
from bot.conversation.views import Button, ChoiceCard, DocumentView, NoticeView, Reply, Tone, View
from bot.engine.session import Session
from bot.errors import ReportError
from bot.evidence import EvidenceRecord
from bot.report import ReportInput, ready_texts, render_csv, render_pdf, report_input, summarize
from bot.report.model import BEIJING, local_date, local_time

__all__ = ["ASKED", "HELD_PER_USER", "KEEP", "NO", "YES", "EvidenceDesk", "Held"]

KEEP = "keep_sms"
"""The session setting: may analyzed SMS be kept as evidence."""
ASKED, YES, NO = "asked", "yes", "no"
HELD_PER_USER = 10
"""SMS held in memory per user without consent (older ones drop out)."""
HELD_USERS = 1_000
"""Users whose SMS are held at once (the least recently active drop out)."""
_HELD = "h"  # a button's reference to a held record: "h3"; a kept one is its store id


class Held:
    """Analyzed SMS the user did not agree to keep: memory only, never the store."""

    def __init__(self) -> None:
        self._users: OrderedDict[str, OrderedDict[int, EvidenceRecord]] = OrderedDict()
        # s5-replicas: numbers start anywhere, so a button held by another replica (or
        # before a restart) is almost surely "gone" here, never another SMS of the user.
        self._next = secrets.randbelow(1 << 40) + 1

    def hold(self, user: str, record: EvidenceRecord) -> int:
        """Hold ``record``; return its number (the same origin held twice is one)."""
        mine = self._users.setdefault(user, OrderedDict())
        self._users.move_to_end(user)
        for number, held in mine.items():
            if record.origin is not None and held.origin == record.origin:
                return number
        number, self._next = self._next, self._next + 1
        mine[number] = record
        while len(mine) > HELD_PER_USER:
            mine.popitem(last=False)
        while len(self._users) > HELD_USERS:
            self._users.popitem(last=False)
        return number

    def get(self, user: str, number: int) -> EvidenceRecord | None:
        """A held record of ``user``, or None once it dropped out."""
        mine = self._users.get(user)
        return mine.get(number) if mine is not None else None

    def take(self, user: str) -> list[EvidenceRecord]:
        """Every record held for ``user``, oldest first, no longer held."""
        return list(self._users.pop(user, {}).values())

    def drop(self, user: str) -> None:
        """Forget what is held for ``user``."""
        self._users.pop(user, None)


class EvidenceDesk:
    """Keeps or holds analyzed SMS, and answers /evidence and its buttons."""

    def __init__(self, service: AdvisorPort) -> None:
        self.service = service
        self.k = service.advisor.knowledge
        self.held = Held()

    # --- keeping -------------------------------------------------------------
    @staticmethod
    def consent(session: Session) -> str:
        """``yes``, ``no``, ``asked`` (no answer yet) or "" (never asked)."""
        return session.settings.get(KEEP, "")

    async def keep(
        self, user: str, session: Session, record: EvidenceRecord, origin: str | None
    ) -> str:
        """Keep (with consent) or hold ``record``; return the reference its buttons carry."""
        if self.consent(session) == YES:
            return str(await self.service.add_evidence(user, record, origin=origin))
        stamped = replace(record, received_at=self.service.clock(), origin=origin)
        return f"{_HELD}{self.held.hold(user, stamped)}"

    async def record(self, user: str, ref: str) -> EvidenceRecord | None:
        """The record a button refers to; None once it is gone."""
        held = ref.startswith(_HELD)
        number = ref[1:] if held else ref
        if not (number.isascii() and number.isdigit()):
            return None
        if held:
            return self.held.get(user, int(number))
        return await self.service.get_evidence(user, int(number))

    def ask(self, session: Session) -> tuple[Session, ChoiceCard | None]:
        """The consent question, the first time only (the session then says it was asked)."""
        if self.consent(session):
            return session, None
        lang = session.lang
        buttons = (
            Button(self.k.text("keep_yes", lang), Act.CONSENT, YES),
            Button(self.k.text("keep_no", lang), Act.CONSENT, NO),
        )
        card = ChoiceCard(self.k.text("keep_ask", lang), buttons)
        return _with(session, ASKED), card

    def forget(self, user: str) -> None:
        """/forget: nothing of the user stays held either."""
        self.held.drop(user)

    # --- /evidence ---------------------------------------------------------------
    async def show(self, user: str, session: Session, in_place: bool = False) -> Reply:
        """The compact timeline, the consent state, and the export and delete buttons."""
        k, lang = self.k, session.lang
        data = await self.report_data(user, session)
        s = summarize(data)
        if s.count:
            none = k.text("evidence_none", lang)
            after = k.text("timeline_after_unknown", lang)
            if s.after_payoff is not None and data.payoff_date is not None:
                paid = data.payoff_date.isoformat()
                after = k.text("timeline_after", lang, count=s.after_payoff, date=paid)
            lines = k.text(
                "timeline",
                lang,
                count=s.count,
                first=local_time(s.first or 0.0),
                last=local_time(s.last or 0.0),
                senders=("、" if lang.value != "en" else ", ").join(s.senders) or none,
                after=after,
            )
        else:
            lines = k.text("evidence_empty", lang)
        on = self.consent(session) == YES
        state = k.text("keep_state_on" if on else "keep_state_off", lang)
        buttons = [
            Button(k.text("evidence_pdf_button", lang), Act.EVIDENCE, "pdf"),
            Button(k.text("evidence_csv_button", lang), Act.EVIDENCE, "csv"),
            Button(k.text("evidence_texts_button", lang), Act.EVIDENCE, "texts"),
        ]
        if s.count:
            buttons.append(Button(k.text("evidence_paid_button", lang), Act.EVIDENCE, "paid"))
            buttons.append(Button(k.text("evidence_delete_button", lang), Act.EVIDENCE, "delete"))
        toggle = "keep_switch_off" if on else "keep_switch_on"
        buttons.append(Button(k.text(toggle, lang), Act.CONSENT, NO if on else YES))
        card = ChoiceCard(f"{lines}\n\n{state}", tuple(buttons))
        return Reply((card,), in_place=in_place)

    async def export(self, user: str, session: Session) -> Reply:
        """The PDF report and the CSV (the terminal's ``export``)."""
        data = await self.report_data(user, session)
        return Reply((await self._pdf(data), self._csv(data)), slow=True)

    async def pressed(self, user: str, session: Session, pressed: Pressed) -> Reply:
        """A button of /evidence or of the consent question."""
        k, lang, arg = self.k, session.lang, pressed.arg
        if pressed.act is Act.CONSENT:
            return await self._consent(user, session, arg == YES)
        if arg == "pdf":
            return Reply((await self._pdf(await self.report_data(user, session)),), slow=True)
        if arg == "csv":
            return Reply((self._csv(await self.report_data(user, session)),))
        if arg == "texts":
            return Reply(self._texts(await self.report_data(user, session)))
        if arg == "delete":
            count = len(await self.service.evidence(user))
            buttons = (
                Button(k.text("evidence_delete_yes", lang), Act.EVIDENCE, "delete_yes"),
                Button(k.text("forget_no", lang), Act.EVIDENCE, "delete_no"),
            )
            ask = k.text("evidence_delete_confirm", lang, count=count)
            return Reply((ChoiceCard(ask, buttons),), in_place=True)
        if arg == "delete_yes":
            gone = await self.service.delete_evidence(user)
            self.held.drop(user)
            done = NoticeView(k.text("evidence_deleted", lang, count=gone), Tone.OK)
            return Reply((done,), in_place=True)
        if arg == "paid":  # s5-follow: the payoff day, for "after the payoff date"
            return await self._paid(user, session, pressed.arg2)
        if arg == "delete_no":
            return Reply((NoticeView(k.text("forget_cancelled", lang)),), in_place=True)
        return Reply(toast=k.text("stale", lang))

    # --- the payoff day (s5-follow) ------------------------------------------------------
    async def _paid(self, user: str, session: Session, chosen: str) -> Reply:
        k, lang = self.k, session.lang
        today = local_date(self.service.clock())
        day = parse_day(chosen, today) if chosen else None
        if day is not None:
            return await self._set_paid(user, session, day.isoformat())
        await self.service.save(user, replace(session, pending={ASK: PAID_ON}))
        days = candidate_days(session.facts.get("paid_when"), today)
        buttons = tuple(Button(d.isoformat(), Act.EVIDENCE, "paid", d.isoformat()) for d in days)
        ask = k.text("evidence_paid_ask", lang, example=today.isoformat())
        return Reply((ChoiceCard(ask, buttons) if buttons else NoticeView(ask),))

    async def typed(self, user: str, session: Session, text: str) -> tuple[Session, Reply | None]:
        """The payoff day typed while it is asked for; else (the session no longer waiting,
        saved, None) and the text goes its usual way."""
        today = local_date(self.service.clock())
        day = parse_day(text, today)
        if day is not None:
            return session, await self._set_paid(user, session, day.isoformat())
        if len(text) <= 16 and any(ch.isdigit() for ch in text):  # a day, mistyped
            again = self.k.text("evidence_paid_again", session.lang, example=today.isoformat())
            return session, Reply((NoticeView(again, Tone.WARN),))
        session = replace(session, pending={})
        await self.service.save(user, session)
        return session, None

    async def _set_paid(self, user: str, session: Session, day: str) -> Reply:
        session = replace(session, settings={**session.settings, PAID_ON: day}, pending={})
        await self.service.save(user, session)
        said = NoticeView(self.k.text("evidence_paid_set", session.lang, date=day), Tone.OK)
        timeline = await self.show(user, session)
        return Reply((said, *timeline.views))

    async def _consent(self, user: str, session: Session, yes: bool) -> Reply:
        lang = session.lang
        await self.service.save(user, _with(session, YES if yes else NO))
        if not yes:
            return Reply((NoticeView(self.k.text("keep_off_done", lang)),), in_place=True)
        held = self.held.take(user)
        for record in held:
            await self.service.add_evidence(user, record, origin=record.origin)
        said = self.k.text("keep_on_done", lang, count=len(held)) if held else ""
        said = said or self.k.text("keep_on_later", lang)  # switched on in /evidence
        return Reply((NoticeView(said, Tone.OK),), in_place=True)

    async def report_data(self, user: str, session: Session) -> ReportInput:
        """What a report of ``user`` is made from: their answers and kept messages."""
        records = await self.service.evidence(user)
        now = self.service.clock()
        paid = paid_on(session.settings)  # s5-follow: asked once in /evidence, optional
        return report_input(self.k, session.lang, now, session.facts, records, paid)

    async def _pdf(self, data: ReportInput) -> View:
        try:
            content = await asyncio.to_thread(render_pdf, data, self.k)
        except ReportError:
            return NoticeView(self.k.text("evidence_pdf_failed", data.lang), Tone.WARN)
        count = len(data.evidence)
        caption = self.k.text(
            "evidence_pdf_caption", data.lang, count=count, days=self.service.retention_days
        )
        return DocumentView(_filename(data, "pdf"), content, caption)

    def _csv(self, data: ReportInput) -> DocumentView:
        caption = self.k.text("evidence_csv_caption", data.lang, count=len(data.evidence))
        return DocumentView(_filename(data, "csv"), render_csv(data, self.k), caption)

    def _texts(self, data: ReportInput) -> tuple[View, ...]:
        views: list[View] = [NoticeView(self.k.text("evidence_texts_intro", data.lang))]
        for ready in ready_texts(data, self.k):
            head = f"{ready.title}\n{ready.note}" if ready.note else ready.title
            views.append(NoticeView(head, code=ready.body))
        return tuple(views)


def _with(session: Session, value: str) -> Session:
    return replace(session, settings={**session.settings, KEEP: value})


def _filename(data: ReportInput, ext: str) -> str:
    day = dt.datetime.fromtimestamp(data.generated_at, BEIJING).strftime("%Y%m%d")
    return f"paidoff-evidence-{day}.{ext}"
