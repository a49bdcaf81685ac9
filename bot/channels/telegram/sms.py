"""Forwarded or pasted SMS in the chat: analyse each, show a verdict card, keep it as
evidence, and on request start the questions from what the message already tells."""

from __future__ import annotations

import datetime as dt
import logging
from html import escape

from telegram import InputFile, Update
from telegram.ext import ContextTypes

from bot.channels.telegram.delivery import deliver
from bot.channels.telegram.deps import deps, log_id, user_key, user_lang
from bot.channels.telegram.render import Screen, text_screen
from bot.channels.telegram.screens import Chat
from bot.channels.telegram.sms_render import verdict_screen
from bot.engine.session import Session
from bot.knowledge.model import Lang
from bot.sms.intake import MAX_INPUT, Intake, clip
from bot.sms.report import reportable
from bot.sms.view import evidence_lines, evidence_record, facts_from_record

__all__ = ["MAX_CARDS", "advise_from_sms", "analyze_and_reply", "on_evidence", "report_sms"]

log = logging.getLogger(__name__)
Context = ContextTypes.DEFAULT_TYPE
MAX_CARDS = 5
"""SMS analysed from one Telegram message (one card each)."""


async def analyze_and_reply(chat: Chat, context: Context, intake: Intake, lang: Lang) -> None:
    """One verdict card per SMS in the text; each is kept for /evidence."""
    analyzer = deps(context).analyzer
    await chat.typing()
    text, extra = clip(intake.text)  # read_intake clipped already; a direct Intake may not
    if intake.cut or extra:
        read, cut = (MAX_INPUT, intake.cut) if intake.cut else (len(text), extra)
        await chat.say(lang, "input_cut", total=read + cut, kept=read, cut=cut)
    verdicts = analyzer.analyze_all(text, intake.sender)
    can_report = reportable(intake.sender)
    for index, verdict in enumerate(verdicts[:MAX_CARDS]):
        kept = evidence_record(verdict, intake.sender, lang)
        evidence_id = await chat.keep(kept, index)
        await chat.send(verdict_screen(verdict, chat.k, lang, evidence_id, can_report))
        log.info("sms analysed verdict=%s", verdict.verdict.value)
    if len(verdicts) > MAX_CARDS:
        await chat.say(lang, "sms_more", count=MAX_CARDS)


async def advise_from_sms(chat: Chat, session: Session, evidence_id: int) -> bool:
    """Start the questions with the message's facts filled in; False if it is gone."""
    record = await chat.service.get_evidence(chat.user, evidence_id)
    if record is None:
        return False
    name = record.addressed_name
    context = {"name": name} if name else {}
    facts = facts_from_record(record)
    fresh = chat.advisor.with_known(session, facts, context)
    if chat.advisor.current(fresh) is None:
        await chat.service.save(chat.user, fresh)
        await chat.show_outcome(fresh)
        return True
    await chat.service.save(chat.user, fresh)
    await chat.show(fresh, escape(chat.k.text("sms_prefilled", session.lang), False))
    return True


async def report_sms(chat: Chat, lang: Lang, evidence_id: int, context: Context) -> bool:
    """Send the ready-to-send 12321 report; False if the message or its number is gone."""
    record = await chat.service.get_evidence(chat.user, evidence_id)
    if record is None:
        return False
    try:
        report = deps(context).analyzer.report_12321(record.text, record.sender or "")
    except ValueError:
        return False
    intro = escape(chat.k.text("sms_report_intro", lang), False)
    await chat.send(Screen(f"{intro}\n\n<code>{escape(report, False)}</code>"))
    return True


async def on_evidence(update: Update, context: Context) -> None:
    """/evidence: the kept messages and their analysis, as a text file to keep or forward."""
    chat_obj = update.effective_chat
    if chat_obj is None:
        return
    service = deps(context).ready()
    user = user_key(update)
    session, _ = await service.load(user, user_lang(update))
    lang, k = session.lang, deps(context).knowledge
    kept = await service.evidence(user)
    if not kept:
        await Chat(context.bot, chat_obj.id, user, service).send(
            text_screen(k.text("evidence_empty", lang))
        )
        return
    lines = evidence_lines((_when(record.received_at), record) for record in kept)
    caption = k.text("evidence_caption", lang, count=len(kept), days=service.retention_days)
    document = InputFile("\n".join(lines).encode("utf-8"), filename="paidoff-evidence.txt")
    await deliver(
        context.bot,
        chat_obj.id,
        lambda: context.bot.send_document(chat_obj.id, document, caption=escape(caption, False)),
        None,
    )
    log.info("evidence exported user=%s count=%d", log_id(update), len(kept))


def _when(created: float) -> str:
    return dt.datetime.fromtimestamp(created, tz=dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
