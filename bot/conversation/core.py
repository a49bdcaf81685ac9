"""The conversation: one intent in, one ``Reply`` out, the same for every channel.

It owns routing (is this text an SMS, a command word or an answer), the SMS→facts merge,
branching, language change and evidence keeping, all through the service it is given.
Pure otherwise: no channel types, no store, no clock.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from bot.conversation.evidence_desk import EvidenceDesk
from bot.conversation.evidence_payoff import ASK, PAID_ON
from bot.conversation.followups import FollowupDesk
from bot.conversation.intents import Act, Command, Intent, Photo, Pressed, Typed
from bot.conversation.photo import PhotoDesk, PhotoReader, Progress
from bot.conversation.port import AdvisorPort
from bot.conversation.routing import is_word, lang_word, numbers, own_words
from bot.conversation.screens import after_answer, current, step_card
from bot.conversation.sms import SmsDesk
from bot.conversation.views import Button, ChoiceCard, NoticeView, Reply, Tone
from bot.engine.advisor import Notice, Turn
from bot.engine.session import Session
from bot.engine.views import quote_input
from bot.i18n import known_lang, lang_from_code
from bot.knowledge.model import Lang
from bot.sms.analyzer import SmsAnalyzer
from bot.sms.intake import clip, is_probably_sms

__all__ = ["LANGUAGES", "Conversation"]

LANGUAGES = (("简体中文", "zh-Hans"), ("繁體中文", "zh-Hant"), ("English", "en"))
_GLOBAL = (
    "help", "privacy", "forget", "restart", "back", "check", "evidence", "export", "reminders",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class _At:
    """Who is talking, where their conversation stands, and which update this is."""

    user: str
    session: Session
    resumed: bool
    origin: str | None
    progress: Progress | None = None


class Conversation:
    """Turns intents into replies for any channel."""

    def __init__(
        self,
        service: AdvisorPort,
        analyzer: SmsAnalyzer | None = None,
        reader: PhotoReader | None = None,
    ) -> None:
        """``reader`` reads screenshots (``OcrPool.read``); without one a photo is
        answered with "copy the text and paste it"."""
        self.service = service
        self.advisor = service.advisor
        self.k = service.advisor.knowledge
        self.evidence = EvidenceDesk(service)  # consent, /evidence, exports (s4-evidence)
        self.sms = SmsDesk(service, analyzer or SmsAnalyzer.from_knowledge(self.k), self.evidence)
        self.photos = PhotoDesk(service, self.sms, reader)
        self.followups = FollowupDesk(service, self.evidence)  # s5-follow: reminders

    async def handle(
        self,
        user: str,
        intent: Intent,
        lang: Lang = Lang.ZH_HANS,
        origin: str | None = None,
        progress: Progress | None = None,
    ) -> Reply:
        """Answer one intent of ``user``; ``lang`` is for a first contact, ``origin``
        identifies the update so that answering it again keeps its SMS once;
        ``progress`` shows a note at once while a photo is being read."""
        session, resumed, anchor = await self.service.load_with_anchor(user, lang)
        if session.pending and _moves_on(intent):  # s4-photo: a read waits no longer
            session = replace(session, pending={})
            await self.service.save(user, session)
        at = _At(user, session, resumed, origin, progress)
        if isinstance(intent, Typed):
            reply = await self._typed(at, intent)
        elif isinstance(intent, Pressed):
            reply = await self._pressed(at, intent)
        elif isinstance(intent, Command):
            reply = await self._command(at, intent.name, intent.arg)
        else:
            reply = await self._photo(at, intent)
        return replace(reply, lang=reply.lang or session.lang, anchor=anchor)

    async def set_language(self, user: str, lang: Lang) -> Session:
        """Switch ``user`` to ``lang`` without a word (the terminal's ``--lang``)."""
        session, _, _ = await self.service.load_with_anchor(user, lang)
        session = replace(session, lang=lang)
        await self.service.save(user, session)
        return session

    # --- commands ------------------------------------------------------------
    async def _command(self, at: _At, name: str, arg: str = "") -> Reply:
        session, lang, k = at.session, at.session.lang, self.k
        if name == "start":
            await self.service.save(at.user, session)
            if arg == "sms":
                return Reply((NoticeView(k.text("welcome", lang)), _prompt(self, lang)))
            started = at.resumed and (session.answered or session.facts)
            return Reply(
                current(self.advisor, session, k.text("resumed" if started else "welcome", lang))
            )
        if name == "restart":
            return await self._engine(at, self.advisor.restart(session), k.text("restarted", lang))
        if name == "back":
            return await self._engine(at, self.advisor.back(session))
        if name == "help":
            return Reply((NoticeView(k.text("help", lang)),))
        if name == "privacy":
            days = self.service.retention_days
            return Reply((NoticeView(k.text("privacy", lang, days=days)),))
        if name == "forget":
            buttons: tuple[Button, ...] = (
                Button(k.text("forget_yes", lang), Act.FORGET, "yes"),
                Button(k.text("forget_no", lang), Act.FORGET, "no"),
            )
            return Reply((ChoiceCard(k.text("forget_confirm", lang), buttons),))
        if name == "lang":
            chosen = known_lang(arg) if arg else None
            if chosen is not None:
                return await self._language(at, chosen, in_place=False)
            buttons = tuple(Button(label, Act.LANG, code) for label, code in LANGUAGES)
            return Reply((ChoiceCard(k.text("lang_choose", lang), buttons),))
        if name == "check":
            return Reply((_prompt(self, lang),))
        if name == "evidence":
            return await self.evidence.show(at.user, session)
        if name == "export":
            return await self.evidence.export(at.user, session)
        if name == "reminders":  # s5-follow
            return await self.followups.show(at.user, session)
        return Reply((NoticeView(k.text("help", lang)),))  # an unknown command

    async def _language(self, at: _At, lang: Lang, in_place: bool) -> Reply:
        session = replace(at.session, lang=lang)
        await self.service.save(at.user, session)
        said = NoticeView(self.k.text("lang_set", lang), Tone.OK)
        return Reply((said, *current(self.advisor, session)), in_place=in_place, lang=lang)

    async def _photo(self, at: _At, photo: Photo) -> Reply:
        if photo.text:
            intake = self.sms.analyzer.read_intake(photo.text)
            return await self.sms.paste(
                at.user, at.session, intake.text, intake.sender, intake.cut, at.origin
            )
        return await self.photos.read(at.user, at.session, photo, at.progress)

    # --- typed text ------------------------------------------------------------
    async def _typed(self, at: _At, typed: Typed) -> Reply:
        text, cut = clip(typed.text)  # the rest is not read (the paste says so)
        k, session = self.k, at.session
        for name in _GLOBAL:
            if is_word(k, name, text):
                return await self._command(at, name)
        asked_lang, code = lang_word(k, text)
        if asked_lang:
            return await self._command(at, "lang", code)
        if session.pending.get(ASK):  # s5-follow: a payoff day or a due day, typed
            desk = self.evidence if session.pending[ASK] == PAID_ON else self.followups
            session, day = await desk.typed(at.user, session, text)
            if day is not None:
                return day
            at = replace(at, session=session)
        if session.pending.get("read") and text.strip():  # s4-photo: the user's own text
            return await self.photos.correct(
                at.user, session, text, typed.forwarded, cut, at.origin
            )
        intake = self.sms.analyzer.read_intake(text, forwarded=typed.forwarded)
        if intake.is_sms:
            return await self.sms.paste(
                at.user, session, intake.text, intake.sender, cut, at.origin
            )
        question = self.advisor.current(session)
        if question is None:
            return await self._guidance_typed(at, text, cut)
        if question.multi and (is_word(k, "done", text) or numbers(text)):
            return await self._multi(at, question.id, text)
        turn = self.advisor.reply(session, text)
        if turn.notice is Notice.ANSWERED:
            await self.service.save(at.user, turn.session)
            return Reply(after_answer(self.advisor, session, turn))
        lang = session.lang
        if turn.notice is Notice.EMPTY:
            return Reply(current(self.advisor, session, k.text("empty_input", lang), Tone.WARN))
        if is_probably_sms(text):
            if own_words(k, text):
                return Reply(current(self.advisor, session, k.text("own_words", lang), Tone.WARN))
            return await self.sms.paste(at.user, session, text, None, cut, at.origin)
        if not at.resumed:  # a first "你好": greet, then ask
            await self.service.save(at.user, session)
            return Reply(current(self.advisor, session, k.text("welcome", lang)))
        said = k.text("reask", lang, answer=quote_input(turn.text))
        return Reply(current(self.advisor, session, said, Tone.WARN))

    async def _multi(self, at: _At, question_id: str, text: str) -> Reply:
        if is_word(self.k, "done", text):
            return await self._engine(at, self.advisor.confirm(at.session, question_id))
        options = self.k.questions[question_id].options
        chosen = [options[n - 1].id if 1 <= n <= len(options) else str(n) for n in numbers(text)]
        turn = self.advisor.choose_many(at.session, question_id, chosen)
        if turn.notice is Notice.REASK:
            said = self.k.text("reask", at.session.lang, answer=quote_input(text))
            return Reply(current(self.advisor, at.session, said, Tone.WARN))
        return await self._engine(at, turn)

    async def _guidance_typed(self, at: _At, text: str, cut: int) -> Reply:
        k, session = self.k, at.session
        step = session.step
        if is_word(k, "summary", text):
            return await self._engine(at, self.advisor.show_step(session, None))
        if not text.strip() or is_word(k, "next", text) or is_word(k, "done", text):
            if step is None:
                return await self._engine(at, self.advisor.show_step(session, 0))
            return await self._engine(at, self.advisor.finish_step(session, step))
        if is_word(k, "details", text) and step is not None:
            card = step_card(self.advisor, session, step, full=True)
            return Reply((card,) if card else current(self.advisor, session))
        picked = numbers(text)
        lang = session.lang
        if len(picked) == 1:
            count = len(self.advisor.outcome(session).guide)
            if not 1 <= picked[0] <= count:  # "99": say how many there are
                said = k.text("no_such_step", lang, number=picked[0], count=count)
                return Reply((NoticeView(said, Tone.WARN),))
            return await self._engine(at, self.advisor.show_step(session, picked[0] - 1))
        if is_probably_sms(text) and not own_words(k, text):
            return await self.sms.paste(at.user, session, text, None, cut, at.origin)
        key = "own_words" if is_probably_sms(text) else "guidance_typed"
        return Reply((NoticeView(k.text(key, lang), Tone.WARN),))

    async def _engine(self, at: _At, turn: Turn, lead: str = "", in_place: bool = False) -> Reply:
        """Save an engine turn and show where it leads (typed input: a new screen)."""
        session, k, lang = at.session, self.k, at.session.lang
        if turn.notice is Notice.STALE:
            return _stale(self, session)
        if turn.session != session:
            await self.service.save(at.user, turn.session)
        if turn.notice is Notice.ANSWERED:
            return Reply(after_answer(self.advisor, session, turn), in_place=in_place)
        toast = None
        if turn.notice is Notice.NO_BACK:
            toast = k.text("nothing_to_go_back", lang)
        elif turn.notice is Notice.COMPLETE:
            toast = k.text("all_done", lang)
        if not in_place and toast and not lead:
            lead = toast
        views = current(self.advisor, turn.session, lead, Tone.OK if lead != toast else Tone.WARN)
        return Reply(views, in_place=in_place, toast=toast)

    # --- buttons ---------------------------------------------------------------
    async def _pressed(self, at: _At, pressed: Pressed) -> Reply:
        session, k, lang, act = at.session, self.k, at.session.lang, pressed.act
        if act in (Act.REMIND, Act.CHECKIN):  # s5-follow: valid whatever the revision
            return await self.followups.pressed(at.user, session, pressed)
        if not pressed.fresh:
            return _stale(self, session)
        if act is Act.FORGET:
            if pressed.arg == "yes":
                await self.service.forget(at.user)
                self.evidence.forget(at.user)
                done = NoticeView(k.text("forget_done", lang), Tone.OK)
                return Reply((done,), in_place=True, forgot=True)
            return Reply((NoticeView(k.text("forget_cancelled", lang)),), in_place=True)
        if act is Act.LANG:
            return await self._language(at, lang_from_code(pressed.arg), in_place=True)
        if act is Act.RESTART:
            return await self._engine(at, self.advisor.restart(session), k.text("restarted", lang))
        if act in (Act.EVIDENCE, Act.CONSENT):
            return await self.evidence.pressed(at.user, session, pressed)
        if act in (Act.ADVISE, Act.REPORT, Act.REPLACE):
            desk = {Act.ADVISE: self.sms.advise, Act.REPORT: self.sms.report}
            reply = await desk.get(act, self.sms.replace)(at.user, session, pressed.arg)
            return reply or Reply(toast=k.text("stale", lang))
        if act is Act.KEEP:
            return Reply(current(self.advisor, session), in_place=True)
        if act is Act.READ_OK:  # s4-photo
            read = await self.photos.accept(at.user, session, pressed.arg, at.origin)
            return read or Reply(toast=k.text("stale", lang), stale=True)
        if act is Act.DETAIL:
            card = None
            if self.advisor.current(session) is None and _number(pressed.arg):
                card = step_card(self.advisor, session, int(pressed.arg), full=True)
            return Reply((card,), in_place=True) if card else _stale(self, session)
        return await self._engine(at, self._move(session, pressed), in_place=True)

    def _move(self, session: Session, pressed: Pressed) -> Turn:
        advisor, arg = self.advisor, pressed.arg
        if pressed.act is Act.ANSWER:
            return advisor.choose(session, arg, pressed.arg2)
        if pressed.act is Act.DONE:
            return advisor.confirm(session, arg)
        if pressed.act is Act.BACK:
            return advisor.back(session, shown=arg)
        if pressed.act is Act.REVISE:
            if advisor.current(session) is not None:
                return Turn(session, Notice.STALE)
            return advisor.back(session)
        if pressed.act is Act.STEP:
            return advisor.show_step(session, int(arg) if _number(arg) else None)
        if pressed.act is Act.FINISH:
            return advisor.finish_step(session, int(arg) if _number(arg) else -1)
        return Turn(session, Notice.STALE)


def _prompt(conversation: Conversation, lang: Lang) -> NoticeView:
    return NoticeView(conversation.k.text("sms_prompt", lang))


def _stale(conversation: Conversation, session: Session) -> Reply:
    toast = conversation.k.text("stale", session.lang)
    return Reply(current(conversation.advisor, session), toast=toast, stale=True)


def _moves_on(intent: Intent) -> bool:
    """A button other than "that's it", or a command other than help: a screenshot's
    read text no longer waits to be confirmed (typed text is handled in ``_typed``)."""
    if isinstance(intent, Pressed):
        return intent.act is not Act.READ_OK
    return isinstance(intent, Command) and intent.name not in ("help", "privacy")


def _number(text: str) -> bool:
    """ASCII digits only: ``int()`` rejects many characters that ``isdigit()`` accepts."""
    return text.isascii() and text.isdigit()
