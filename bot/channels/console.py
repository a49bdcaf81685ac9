"""The terminal chat: the same engine and store as the bot, numbers or free text as answers,
and SMS pasted on one line (analysed like in Telegram, their facts filled in).

Works at an interactive terminal (colours unless NO_COLOR) and when piped (plain text,
one answer per line, EOF ends the chat with the progress saved).
"""

from __future__ import annotations

import asyncio
import os
import sys
import threading
from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import TextIO

from bot.engine.advisor import Notice, Turn
from bot.engine.session import Session
from bot.engine.views import answer_text, outcome_view, question_view, quote_input, step_view
from bot.i18n import lang_from_code
from bot.knowledge.model import Lang
from bot.normalize import normalize
from bot.service import AdvisorService
from bot.sms.analyzer import SmsAnalyzer
from bot.sms.intake import clip, is_probably_sms
from bot.sms.view import evidence_record, verdict_view

__all__ = ["ConsoleChat", "run_console"]

_QUIT = {"quit", "exit", "q", "退出", "再见", "bye"}
_BACK = {"back", "b", "返回", "上一步", "上一题"}
_RESTART = {"restart", "/restart", "/start", "重新开始", "重来"}
_DONE = {"done", "d", "完成", "好了", "ok"}
_NEXT = {"", "next", "n", "下一步", "继续"}
_SUMMARY = {"summary", "s", "总结", "概要"}
_HELP = {"help", "/help", "h", "帮助", "?"}
_PRIVACY = {"privacy", "/privacy", "隐私"}
_FORGET = {"forget", "/forget", "删除"}

ReadLine = Callable[[], Awaitable[str | None]]


class _Style:
    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled

    def __call__(self, text: str, code: str) -> str:
        return f"\033[{code}m{text}\033[0m" if self.enabled else text


class ConsoleChat:
    """One terminal conversation; ``run`` loops until quit or end of input."""

    def __init__(
        self,
        service: AdvisorService,
        read_line: ReadLine,
        out: TextIO,
        *,
        user: str = "console:local",
        lang: Lang | None = None,
        color: bool = False,
        echo: bool = False,
    ) -> None:
        self.service = service
        self.k = service.advisor.knowledge
        self.analyzer = SmsAnalyzer.from_knowledge(self.k)
        self.read_line = read_line
        self.out = out
        self.user = user
        self.lang_override = lang
        self.style = _Style(color)
        self.echo = echo  # piped input is not shown by a terminal: echo it for a readable log

    def say(self, text: str = "", code: str | None = None) -> None:
        """Print one block of text, optionally styled."""
        self.out.write((self.style(text, code) if code else text) + "\n")
        self.out.flush()

    async def run(self, hint: bool = False) -> int:
        """Chat until the user quits or input ends; return the exit status (0)."""
        session, resumed = await self.service.load(self.user, self.lang_override or Lang.ZH_HANS)
        if self.lang_override is not None:
            session = _with_lang(session, self.lang_override)
        if not resumed or self.lang_override is not None:
            await self.service.save(self.user, session)
        lang = session.lang
        self.say(self.k.text("console_title", session.lang), "1;36")
        if hint:
            self.say(self.k.text("console_hint", lang), "2")
        self.say(self.k.text("resumed" if resumed else "welcome", lang))
        self.say(self.k.text("console_commands", lang), "2")
        self.show(session)
        while True:
            line = await self.read_line()
            if self.echo and line is not None:
                self.say(line[:80] + ("…" if len(line) > 80 else ""), "2")
            if line is None:
                self.say()
                self.say(self.k.text("goodbye", session.lang), "2")
                return 0
            line, cut = clip(line)
            if cut:
                values = {"total": len(line) + cut, "kept": len(line), "cut": cut}
                self.say(self.k.text("input_cut", session.lang, **values), "33")
            result = await self.handle(line.strip())
            if result is None:
                self.say(self.k.text("goodbye", session.lang), "2")
                return 0
            session = result

    async def handle(self, line: str) -> Session | None:
        """Act on one input line; None means quit."""
        command = normalize(line)
        session, _ = await self.service.load(self.user)
        question = self.service.advisor.current(session)
        if command in _QUIT:
            return None
        words = command.split()
        if words and words[0] in {"lang", "/lang"}:
            if len(words) < 2:
                self.say(self.k.text("console_commands", session.lang), "2")
                return session
            lang = lang_from_code(words[1])
            session = await self.service.update(self.user, lambda s: _with_lang(s, lang))
            self.say(self.k.text("lang_set", lang), "32")
            self.show(session)
            return session
        if command in _HELP:
            self.say(self.k.text("help", session.lang))
            return session
        if command in _PRIVACY:
            self.say(self.k.text("privacy", session.lang, days=self.service.retention_days))
            return session
        if command in _FORGET:
            await self.service.forget(self.user)
            session, _ = await self.service.load(self.user, session.lang)
            self.say(self.k.text("forget_done", session.lang), "32")
            self.show(session)
            return session
        advisor = self.service.advisor
        intake = self.analyzer.read_intake(line)
        unanswered = question is None or advisor.reply(session, line).notice is Notice.REASK
        if intake.is_sms or (unanswered and is_probably_sms(line)):
            return await self._sms(session, intake.text, intake.sender)
        if command in _RESTART:
            turn = await self.service.apply(self.user, advisor.restart)
        elif command in _BACK:
            turn = await self.service.apply(self.user, advisor.back)
        elif question is None:
            return await self._guidance(session, command)
        elif question.multi and (command in _DONE or _numbers(command)):
            turn = await self._multi(session, question.id, command)
        else:
            turn = await self.service.apply(self.user, lambda s: advisor.reply(s, line))
        self.report(turn)
        if turn.notice is Notice.ANSWERED and advisor.current(turn.session) is None:
            self._summary(turn.session)  # the causes first; show() then opens step 1
        self.show(turn.session, reask=turn.notice in {Notice.REASK, Notice.EMPTY})
        return turn.session

    async def _sms(self, session: Session, text: str, sender: str | None) -> Session:
        """Analyse a pasted SMS: a card per message, kept as evidence, facts filled in."""
        verdicts = self.analyzer.analyze_all(text, sender)
        lang = session.lang
        for verdict in verdicts:
            view = verdict_view(verdict, self.k, lang)
            self.say()
            self.say(f"{view.mark} {view.title} · {view.risk}", "1")
            self.say(view.meaning)
            if view.why:
                self.say(view.why, "2")
            if view.seen:
                self.say(view.seen_title, "1")
                for quoted, explain in view.seen:
                    self.say(f"  • 「{quoted}」— {explain}")
            self.say(view.now_title, "1")
            self.say(view.now, "33")
            kept = evidence_record(verdict, sender, lang)
            await self.service.add_evidence(self.user, kept)
        if not verdicts:
            return session
        first = verdicts[0]
        context = {"name": first.addressed_name} if first.addressed_name else {}
        facts = first.engine_facts()
        merged = self.service.advisor.with_known(session, facts, context)
        await self.service.save(self.user, merged)
        self.say()
        self.say(self.k.text("sms_prefilled", lang), "32")
        if self.service.advisor.current(merged) is None:
            self._summary(merged)
        self.show(merged)
        return merged

    async def _multi(self, session: Session, question_id: str, command: str) -> Turn:
        advisor = self.service.advisor
        if command in _DONE:
            return await self.service.apply(self.user, lambda s: advisor.confirm(s, question_id))
        options = advisor.knowledge.questions[question_id].options
        chosen = [
            options[n - 1].id if 1 <= n <= len(options) else str(n) for n in _numbers(command)
        ]
        return await self.service.apply(
            self.user, lambda s: advisor.choose_many(s, question_id, chosen)
        )

    async def _guidance(self, session: Session, command: str) -> Session:
        advisor = self.service.advisor
        if command in _SUMMARY:
            session = (
                await self.service.apply(self.user, lambda s: advisor.show_step(s, None))
            ).session
        elif command in _NEXT or command in _DONE:
            index = session.step if session.step is not None else -1
            if index >= 0:
                turn = await self.service.apply(self.user, lambda s: advisor.finish_step(s, index))
            else:
                turn = await self.service.apply(self.user, lambda s: advisor.show_step(s, 0))
            session = turn.session
        elif command.isascii() and command.isdigit():
            index = int(command) - 1
            turn = await self.service.apply(self.user, lambda s: advisor.show_step(s, index))
            session = turn.session
        else:
            self.say(self.k.text("console_commands", session.lang), "2")
            return session
        self.show(session)
        return session

    def report(self, turn: Turn) -> None:
        """Tell the user what their input did (answer taken, not understood, …)."""
        lang = turn.session.lang
        if turn.notice is Notice.ANSWERED and turn.question:
            text = answer_text(self.service.advisor, lang, turn.question, turn.chosen)
            self.say("✔ " + text, "32")
        elif turn.notice is Notice.REASK:
            self.say(self.k.text("reask", lang, answer=quote_input(turn.text)), "33")
        elif turn.notice is Notice.EMPTY:
            self.say(self.k.text("empty_input", lang), "33")
        elif turn.notice is Notice.NO_BACK:
            self.say(self.k.text("nothing_to_go_back", lang), "33")
        elif turn.notice is Notice.RESTARTED:
            self.say(self.k.text("restarted", lang), "32")

    def show(self, session: Session, reask: bool = False) -> None:
        """Print the current question, the summary, or the current guidance step."""
        advisor = self.service.advisor
        view = question_view(advisor, session)
        if view is not None:
            if not reask:
                self.say()
                self.say(f"── {view.progress} ──", "2")
                self.say(view.text, "1")
                if view.hint:
                    self.say(view.hint, "2")
            for option in view.options:
                mark = ("[x] " if option.selected else "[ ] ") if view.multi else ""
                self.say(f"  {option.number}. {mark}{option.label}")
            if view.multi:
                self.say(self.k.text("console_multi_hint", session.lang), "2")
            self.out.write(self.style("> ", "1;36"))
            self.out.flush()
            return
        if session.step is None:
            self._summary(session)
            self.say(self.k.text("console_summary_hint", session.lang), "2")
        else:
            self._step(session, session.step)
        self.out.write(self.style("> ", "1;36"))
        self.out.flush()

    def _summary(self, session: Session) -> None:
        view = outcome_view(self.service.advisor, session)
        self.say()
        self.say(view.intro, "1")
        for cause in view.causes:
            self.say(cause.line)
        self.say()
        self.say(view.steps_intro, "1")
        for number, (_, title, done) in enumerate(view.steps, start=1):
            self.say(f"  {number}. {'✓ ' if done else ''}{title}")
        if view.more_intro:  # "more steps": opened by their numbers, after the plan's
            self.say(view.more_intro, "2")
            for number, (_, title, done) in enumerate(view.more, start=len(view.steps) + 1):
                self.say(f"  {number}. {'✓ ' if done else ''}{title}", "2")
        self.say(view.disclaimer, "2")

    def _step(self, session: Session, index: int) -> None:
        view = step_view(self.service.advisor, session, index)
        if view is None:
            self._summary(session)
            return
        self.say()
        self.say(view.header + (" ✓" if view.done else ""), "1;36")
        self.say(view.why)
        self.say(view.how_title, "1")
        for number, line in enumerate(view.how, start=1):
            self.say(f"  {number}) {line}")
        if view.script and view.script_title:
            self.say(view.script_title, "1")
            self.say(f"  “{view.script}”", "3")
        if view.keep:
            self.say(view.keep)
        if view.detail and view.detail_title:
            self.say(view.detail_title, "2")
            for line in view.detail:
                self.say(f"  · {line}", "2")
        if view.sources:
            self.say(view.sources, "2")
        self.say(self.k.text("console_step_hint", session.lang), "2")


def _with_lang(session: Session, lang: Lang) -> Session:
    return replace(session, lang=lang)


def _numbers(command: str) -> list[int]:
    parts = command.replace(",", " ").replace("，", " ").replace("、", " ").split()
    ok = parts and all(p.isascii() and p.isdigit() for p in parts)
    return [int(p) for p in parts] if ok else []


async def _stdin_line() -> str | None:
    # A daemon thread, not asyncio.to_thread: Ctrl-C must not wait for a pending readline.
    loop = asyncio.get_running_loop()
    done: asyncio.Future[str] = loop.create_future()

    def deliver(line: str) -> None:
        if not done.done():
            done.set_result(line)

    def read() -> None:
        loop.call_soon_threadsafe(deliver, sys.stdin.readline())

    threading.Thread(target=read, name="stdin", daemon=True).start()
    line = await done
    return line.rstrip("\n") if line else None


def _color_wanted(stream: TextIO) -> bool:
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    return bool(getattr(stream, "isatty", lambda: False)())


async def run_console(
    service: AdvisorService, *, lang: Lang | None = None, hint: bool = False
) -> int:
    """Run the terminal chat on stdin/stdout."""
    if hasattr(sys.stdin, "reconfigure"):
        sys.stdin.reconfigure(errors="replace")  # bytes that are not UTF-8 become �
    user = "console:" + (os.environ.get("USER") or os.environ.get("USERNAME") or "local")
    chat = ConsoleChat(
        service,
        _stdin_line,
        sys.stdout,
        user=user,
        lang=lang,
        color=_color_wanted(sys.stdout),
        echo=not sys.stdin.isatty(),
    )
    return await chat.run(hint=hint)
