"""The conversation handlers: commands, typed answers and button taps in private chats.

Each handler turns an update into an engine call under the user's lock, saves the new
session and shows the result; the engine decides, ``Chat`` lays it out.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from html import escape

from telegram import Update
from telegram.ext import ContextTypes

from bot.channels.telegram.callbacks import Action, Callback
from bot.channels.telegram.deps import deps, log_id, user_key, user_lang
from bot.channels.telegram.render import (
    answered_screen,
    forget_screen,
    language_screen,
    question_screen,
    text_screen,
)
from bot.channels.telegram.screens import Chat, with_retry
from bot.channels.telegram.sms import advise_from_sms, analyze_and_reply, report_sms
from bot.engine.advisor import Notice, Turn
from bot.engine.session import Session
from bot.engine.views import answer_text, question_view, quote_input
from bot.i18n import lang_from_code
from bot.knowledge.model import Lang
from bot.sms.intake import Intake, is_probably_sms

__all__ = [
    "on_button",
    "on_forget",
    "on_help",
    "on_lang",
    "on_privacy",
    "on_restart",
    "on_start",
    "on_text",
]

log = logging.getLogger(__name__)
Context = ContextTypes.DEFAULT_TYPE


def _chat(update: Update, context: Context) -> Chat:
    chat = update.effective_chat
    assert chat is not None
    return Chat(context.bot, chat.id, user_key(update), deps(context).ready())


async def _session(update: Update, context: Context) -> tuple[Session, bool]:
    return await deps(context).ready().load(user_key(update), user_lang(update))


async def on_start(update: Update, context: Context) -> None:
    """/start [payload]: greet, then the current question (a returning user resumes).

    The deep link ``/start sms`` asks for the message itself instead of the questions.
    """
    service, chat = deps(context).ready(), _chat(update, context)
    async with service.lock(chat.user):
        session, resumed = await _session(update, context)
        await service.save(chat.user, session)
        if context.args and context.args[0] == "sms":
            await chat.say(session.lang, "welcome")
            await chat.say(session.lang, "sms_prompt")
            return
        greeting = "resumed" if resumed and (session.answered or session.facts) else "welcome"
        log.info("start user=%s resumed=%s", log_id(update), resumed)
        prefix = escape(chat.k.text(greeting, session.lang), False)
        await chat.show(session, prefix)


async def on_restart(update: Update, context: Context) -> None:
    """/restart: forget the answers, ask the first question again."""
    service, chat = deps(context).ready(), _chat(update, context)
    async with service.lock(chat.user):
        turn = await service.apply(chat.user, chat.advisor.restart, user_lang(update))
        await chat.show(turn.session, escape(chat.k.text("restarted", turn.session.lang), False))


async def on_help(update: Update, context: Context) -> None:
    """/help."""
    session, _ = await _session(update, context)
    await _chat(update, context).say(session.lang, "help")


async def on_privacy(update: Update, context: Context) -> None:
    """/privacy: what is kept, for how long, and how to delete it."""
    session, _ = await _session(update, context)
    days = deps(context).settings.retention_days
    await _chat(update, context).say(session.lang, "privacy", days=days)


async def on_forget(update: Update, context: Context) -> None:
    """/forget: ask for confirmation before deleting everything."""
    session, _ = await _session(update, context)
    await _chat(update, context).send(forget_screen(deps(context).knowledge, session.lang))


async def on_lang(update: Update, context: Context) -> None:
    """/lang: pick a language."""
    session, _ = await _session(update, context)
    await _chat(update, context).send(language_screen(deps(context).knowledge, session.lang))


async def on_text(update: Update, context: Context) -> None:
    """A typed answer to the current question, or a pasted SMS (see ``bot.sms.intake``)."""
    message = update.effective_message
    if message is None or message.text is None:
        return
    service, chat = deps(context).ready(), _chat(update, context)
    async with service.lock(chat.user):
        session, _, anchor = await service.load_with_anchor(chat.user, user_lang(update))
        forwarded = message.forward_origin is not None
        intake = deps(context).analyzer.read_intake(message.text, forwarded=forwarded)
        if intake.is_sms:
            await service.save(chat.user, session)
            await analyze_and_reply(chat, context, intake, session.lang)
            return
        turn = chat.advisor.reply(session, message.text)
        unanswered = turn.notice in (Notice.REASK, Notice.COMPLETE)
        if unanswered and is_probably_sms(message.text):
            # Not an answer, and long enough to be a message they copied: read it as one.
            await analyze_and_reply(chat, context, Intake(True, message.text), session.lang)
            return
        if turn.notice is Notice.COMPLETE:  # the questions are over: show the guidance again
            await chat.show(session)
            return
        await _after(chat, session, turn, anchor=anchor)


async def _after(chat: Chat, before: Session, turn: Turn, anchor: int | None) -> None:
    """Save the turn and show its result; ``anchor`` is the message showing the question."""
    service, lang = chat.service, turn.session.lang
    view = question_view(chat.advisor, before)
    if turn.notice is Notice.ANSWERED and view is not None and turn.question:
        answer = answer_text(chat.advisor, lang, turn.question, turn.chosen)
        if anchor is None or not await chat.edit(anchor, answered_screen(view, answer)):
            await chat.send(answered_screen(view, answer))
        if chat.advisor.current(turn.session) is None:  # the engine opened step 1
            await service.save(chat.user, turn.session)
            await chat.show_outcome(turn.session)
        else:
            await service.save(chat.user, turn.session)
            await chat.show(turn.session, old=None)  # the answered message keeps no buttons
        return
    if turn.session != before:
        await service.save(chat.user, turn.session)
    key = {Notice.REASK: "reask", Notice.EMPTY: "empty_input", Notice.STALE: "stale"}.get(
        turn.notice or Notice.REASK, "reask"
    )
    said = chat.k.text(key, lang, answer=quote_input(turn.text)) if key == "reask" else None
    await chat.show(turn.session, escape(said or chat.k.text(key, lang), False))


async def on_button(update: Update, context: Context) -> None:
    """Any inline button: answers, Done, Back, Start over, guidance, language, forget."""
    query = update.callback_query
    if query is None:
        return
    callback = Callback.decode(query.data)
    service, chat = deps(context).ready(), _chat(update, context)
    pressed = query.message.message_id if query.message else None
    async with service.lock(chat.user):
        session, _ = await _session(update, context)
        lang = session.lang
        if callback is None or not callback.current(chat.k.revision):
            await _answer_query(update, chat.k.text("stale", lang))
            await chat.drop_keyboard(pressed)
            await chat.show(session)
            return
        if callback.action is Action.FORGET:
            await _answer_query(update)
            await _forget(chat, pressed, lang, confirmed=callback.arg == "yes")
            return
        if callback.action is Action.LANG:
            await _answer_query(update)
            new = replace(session, lang=lang_from_code(callback.arg))
            await service.save(chat.user, new)
            if pressed is not None:
                await chat.edit(pressed, text_screen(chat.k.text("lang_set", new.lang)))
            await chat.show(new)
            return
        if callback.action in (Action.ADVISE, Action.REPORT):
            await _sms_button(update, context, chat, session, callback)
            return
        if callback.action is Action.RESTART:
            await _answer_query(update)
            turn = chat.advisor.restart(session)
            await service.save(chat.user, turn.session)
            await chat.show(turn.session, escape(chat.k.text("restarted", lang), False))
            return
        await _engine_button(update, chat, session, callback, pressed)


async def _engine_button(
    update: Update, chat: Chat, session: Session, callback: Callback, pressed: int | None
) -> None:
    advisor, lang = chat.advisor, session.lang
    if callback.action is Action.ANSWER:
        turn = advisor.choose(session, callback.arg, callback.arg2)
    elif callback.action is Action.DONE:
        turn = advisor.confirm(session, callback.arg)
    elif callback.action is Action.BACK:
        turn = advisor.back(session, shown=callback.arg)
    elif callback.action is Action.STEP:
        turn = advisor.show_step(session, int(callback.arg) if _number(callback.arg) else None)
    else:  # Action.FINISH
        turn = advisor.finish_step(session, int(callback.arg) if _number(callback.arg) else -1)
    if turn.notice is Notice.STALE:
        await _answer_query(update, chat.k.text("stale", lang))
        await chat.drop_keyboard(pressed)
        await chat.show(session)
        return
    toast = {Notice.NO_BACK: "nothing_to_go_back", Notice.COMPLETE: "all_done"}.get(
        turn.notice or Notice.ANSWERED
    )
    await _answer_query(update, chat.k.text(toast, lang) if toast else None)
    if turn.notice is Notice.ANSWERED:
        await _after(chat, session, turn, anchor=pressed)  # saves the new session
        return
    if turn.session != session:
        await chat.service.save(chat.user, turn.session)
    # Toggle, Back, guidance: redraw the pressed message in place.
    view = question_view(advisor, turn.session)
    screen = question_screen(view, chat.k, lang) if view else chat.guidance(turn.session)
    if pressed is None or not await chat.edit(pressed, screen):
        await chat.show(turn.session)


async def _sms_button(
    update: Update, context: Context, chat: Chat, session: Session, callback: Callback
) -> None:
    evidence_id = int(callback.arg) if _number(callback.arg) else -1
    if callback.action is Action.ADVISE:
        done = await advise_from_sms(chat, session, evidence_id)
    else:
        done = await report_sms(chat, session.lang, evidence_id, context)
    await _answer_query(update, None if done else chat.k.text("stale", session.lang))


async def _forget(chat: Chat, pressed: int | None, lang: Lang, confirmed: bool) -> None:
    if confirmed:
        await chat.drop_keyboard(await chat.service.anchor(chat.user))
        await chat.service.forget(chat.user)
    screen = text_screen(chat.k.text("forget_done" if confirmed else "forget_cancelled", lang))
    if pressed is None or not await chat.edit(pressed, screen):
        await chat.send(screen)


async def _answer_query(update: Update, text: str | None = None) -> None:
    query = update.callback_query
    if query is None:
        return
    try:
        await with_retry(lambda: query.answer(text))
    except Exception:  # noqa: BLE001 - a late answer must not stop the reply itself
        log.info("answerCallbackQuery failed for user=%s", log_id(update))


def _number(text: str) -> bool:
    """ASCII digits only: ``int()`` rejects many characters that ``isdigit()`` accepts."""
    return text.isascii() and text.isdigit()
