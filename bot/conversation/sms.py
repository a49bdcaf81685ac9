"""A pasted or forwarded SMS: one card each, kept as evidence, its facts merged at once.

The facts of the first message are added to the user's answers straight away (the
terminal did so; Telegram used to wait for a button). A fact that would replace an
answer the user gave is not taken silently: the user is asked first.
"""

from __future__ import annotations

from collections.abc import Mapping

from bot.conversation.evidence import KeptSms, keep_record, read_kept
from bot.conversation.evidence_desk import EvidenceDesk
from bot.conversation.intents import Act
from bot.conversation.port import AdvisorPort
from bot.conversation.routing import one_per_line
from bot.conversation.screens import current, guidance, outcome
from bot.conversation.views import Button, ChoiceCard, NoticeView, Reply, Tone, VerdictCard, View
from bot.engine.session import FactValue, Session
from bot.knowledge.base import localize
from bot.sms.analyzer import SmsAnalyzer
from bot.sms.intake import MAX_INPUT, clip
from bot.sms.report import reportable
from bot.sms.view import verdict_view

__all__ = ["MAX_CARDS", "SmsDesk"]

MAX_CARDS = 5
"""SMS analysed from one paste (one card each)."""

Facts = Mapping[str, FactValue]


class SmsDesk:
    """Analyses pastes and merges their facts, through the service only."""

    def __init__(
        self, service: AdvisorPort, analyzer: SmsAnalyzer, keeper: EvidenceDesk | None = None
    ) -> None:
        self.service = service
        self.advisor = service.advisor
        self.k = service.advisor.knowledge
        self.analyzer = analyzer
        self.keeper = keeper or EvidenceDesk(service)
        """Keeps each SMS (with the user's consent) or holds it in memory."""

    async def paste(
        self,
        user: str,
        session: Session,
        text: str,
        sender: str | None,
        cut: int = 0,
        origin: str | None = None,
    ) -> Reply:
        """Cards for every SMS in ``text``, then the first one's facts merged."""
        lang, k = session.lang, self.k
        views: list[View] = []
        text, extra = clip(text)
        if cut or extra:
            read, left = (MAX_INPUT, cut) if cut else (len(text), extra)
            views.append(
                NoticeView(
                    k.text("input_cut", lang, total=read + left, kept=read, cut=left), Tone.WARN
                )
            )
        verdicts = self.analyzer.analyze_all(one_per_line(text, self.analyzer), sender)
        can_report = reportable(sender)
        first: str | None = None
        for index, verdict in enumerate(verdicts[:MAX_CARDS]):
            record = keep_record(verdict, sender, lang)
            kept_as = f"{origin}:{index}" if origin is not None else None
            ref = await self.keeper.keep(user, session, record, kept_as)
            first = ref if first is None else first
            buttons = [Button(k.text("sms_advice_button", lang), Act.ADVISE, ref)]
            if can_report:
                buttons.append(Button(k.text("sms_report_button", lang), Act.REPORT, ref))
            evidence_id = int(ref) if ref.isdigit() else 0  # 0: held, not kept
            views.append(
                VerdictCard(verdict, verdict_view(verdict, k, lang), evidence_id, tuple(buttons))
            )
        if len(verdicts) > MAX_CARDS:
            views.append(NoticeView(k.text("sms_more", lang, count=MAX_CARDS)))
        if not verdicts or first is None:
            return Reply(tuple(views), slow=True)
        session, ask = self.keeper.ask(session)  # asked once, before the next question
        if ask is not None:
            await self.service.save(user, session)
            views.append(ask)
        top = verdicts[0]
        context = {"name": top.addressed_name} if top.addressed_name else {}
        merged = await self.merge(user, session, top.engine_facts(), context, first)
        return Reply((*views, *merged), slow=True)

    async def advise(self, user: str, session: Session, evidence_id: str) -> Reply | None:
        """Go on with the facts of kept SMS ``evidence_id``; None if it is gone."""
        kept = await self.kept(user, evidence_id)
        if kept is None:
            return None
        context = {"name": kept.name} if kept.name else {}
        views = await self.merge(user, session, kept.facts, context, evidence_id, always=True)
        return Reply(views)

    async def replace(self, user: str, session: Session, evidence_id: str) -> Reply | None:
        """The user chose the message's facts over their answers."""
        kept = await self.kept(user, evidence_id)
        if kept is None:
            return None
        context = {"name": kept.name} if kept.name else {}
        fresh = self.advisor.with_known(session, kept.facts, context)
        await self.service.save(user, fresh)
        said = self.k.text("sms_replaced", session.lang)
        return Reply(self._after(session, fresh, said), in_place=True)

    async def report(self, user: str, session: Session, evidence_id: str) -> Reply | None:
        """The ready-to-send 12321 report; None if the message or its number is gone."""
        kept = await self.kept(user, evidence_id)
        if kept is None:
            return None
        try:
            text = self.analyzer.report_12321(kept.text, kept.sender or "")
        except ValueError:
            return None
        intro = self.k.text("sms_report_intro", session.lang)
        return Reply((NoticeView(intro, code=text),))

    async def kept(self, user: str, evidence_id: str) -> KeptSms | None:
        """Kept (or held) SMS ``evidence_id`` of ``user``, read back; None once it is gone."""
        record = await self.keeper.record(user, evidence_id)
        return read_kept(record) if record is not None else None

    async def merge(
        self,
        user: str,
        session: Session,
        facts: Facts,
        context: Mapping[str, str],
        evidence_id: str,
        always: bool = False,
    ) -> tuple[View, ...]:
        """Add the message's facts; ask before replacing an answer the user gave.

        ``always``: show the current screen even when nothing changed (the user asked).
        """
        given = self.advisor.valid_facts(facts)
        questions = self.k.questions
        mine = {questions[q].fact: q for q in session.answered if q in questions}
        conflicts = {f: v for f, v in given.items() if f in mine and session.facts.get(f) != v}
        # Facts the user already gave the same way stay their answers (Back still undoes them).
        keep = {f: v for f, v in given.items() if f not in conflicts and session.facts.get(f) != v}
        fresh = self.advisor.with_known(session, keep, context)
        if fresh != session:
            await self.service.save(user, fresh)
        if conflicts:
            return (self._ask(fresh, conflicts, mine, evidence_id),)
        changed = fresh.facts != session.facts
        said = self.k.text("sms_prefilled", session.lang) if changed else ""
        if not changed and not always:
            return ()  # nothing new: the card is the answer, the screen stays as it was
        return self._after(session, fresh, said)

    def _after(self, before: Session, fresh: Session, said: str) -> tuple[View, ...]:
        ended = self.advisor.current(fresh) is None
        if ended and (self.advisor.current(before) is not None or fresh.facts != before.facts):
            lead: tuple[View, ...] = (NoticeView(said, Tone.OK),) if said else ()
            return (*lead, outcome(self.advisor, fresh), guidance(self.advisor, fresh))
        return current(self.advisor, fresh, said, Tone.OK)

    def _ask(
        self, session: Session, conflicts: Facts, mine: Mapping[str, str], evidence_id: str
    ) -> ChoiceCard:
        lang, k = session.lang, self.k
        lines = []
        for fact, value in conflicts.items():
            question = k.questions[mine[fact]]
            had = session.facts.get(fact)
            lines.append(
                k.text(
                    "sms_change_line",
                    lang,
                    question=localize(question.text, lang),
                    mine=self._labels(session, question.id, had),
                    sms=self._labels(session, question.id, value),
                )
            )
        buttons = (
            Button(k.text("sms_replace_yes", lang), Act.REPLACE, evidence_id),
            Button(k.text("sms_replace_no", lang), Act.KEEP),
        )
        return ChoiceCard(k.text("sms_replace_ask", lang, changes="\n".join(lines)), buttons)

    def _labels(self, session: Session, question_id: str, value: FactValue | None) -> str:
        chosen = sorted(value) if isinstance(value, frozenset) else [value or ""]
        labels = []
        for option_id in chosen:
            option = self.k.option(question_id, option_id)
            labels.append(localize(option.label, session.lang) if option else option_id)
        return ("、" if session.lang.value != "en" else ", ").join(labels)
