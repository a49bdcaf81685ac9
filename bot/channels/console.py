"""The terminal chat: the same conversation, engine and store as the bot; numbers or free
text as answers, and SMS pasted on one line.

It only turns lines into intents and prints the conversation's views. Works at an
interactive terminal (colours unless NO_COLOR) and when piped (plain text, one answer per
line, EOF ends the chat with the progress saved).
"""

from __future__ import annotations

import asyncio
import os
import sys
import threading
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TextIO

from bot.conversation import (
    AnsweredCard,
    Button,
    ChoiceCard,
    Command,
    Conversation,
    DocumentView,
    Intent,
    NoticeView,
    OutcomeCard,
    PlanCard,
    Pressed,
    QuestionCard,
    ReadCard,
    Reply,
    StepCard,
    Tone,
    Typed,
    VerdictCard,
    View,
)
from bot.conversation.routing import is_word, numbers
from bot.engine.views import OutcomeView
from bot.knowledge.model import Lang
from bot.reminders import Reminder, run_due
from bot.service import AdvisorService

__all__ = ["ConsoleChat", "run_console"]

ReadLine = Callable[[], Awaitable[str | None]]
_TONES = {Tone.INFO: None, Tone.OK: "32", Tone.WARN: "33"}


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
        folder: Path | None = None,
    ) -> None:
        self.service = service
        self.k = service.advisor.knowledge
        self.conversation = Conversation(service)
        self.read_line = read_line
        self.out = out
        self.user = user
        self.lang_override = lang
        self.lang = lang or Lang.ZH_HANS
        self.style = _Style(color)
        self.echo = echo  # piped input is not shown by a terminal: echo it for a readable log
        self.choices: tuple[Button, ...] = ()  # the numbered choices just offered
        self.folder = folder or Path.cwd()  # where `export` writes its files

    def say(self, text: str = "", code: str | None = None) -> None:
        """Print one block of text, optionally styled."""
        self.out.write((self.style(text, code) if code else text) + "\n")
        self.out.flush()

    async def start(self, hint: bool = False) -> None:
        """Greet (or welcome back) and show where the conversation stands."""
        if self.lang_override is not None:
            await self.conversation.set_language(self.user, self.lang_override)
        reply = await self.conversation.handle(self.user, Command("start"), self.lang)
        self.lang = reply.lang or self.lang
        self.say(self.k.text("console_title", self.lang), "1;36")
        if hint:
            self.say(self.k.text("console_hint", self.lang), "2")
        due = await self.due_reminders()
        self.show(reply, commands=True, prompt=not due)
        self.show_due(due)

    async def run(self, hint: bool = False) -> int:
        """Chat until the user quits or input ends; return the exit status (0)."""
        await self.start(hint)
        while True:
            line = await self.read_line()
            if self.echo and line is not None:
                self.say(line[:80] + ("…" if len(line) > 80 else ""), "2")
            if line is None or is_word(self.k, "quit", line):
                if line is None:
                    self.say()
                self.say(self.k.text("goodbye", self.lang), "2")
                return 0
            await self.handle(line)

    async def handle(self, line: str) -> Reply:
        """Hand one input line to the conversation and print its reply (then any reminder
        that came due meanwhile)."""
        intent = self.intent(line.strip())
        due = await self.due_reminders()  # s5-follow: sent (and retired) before the reply
        reply = await self.conversation.handle(self.user, intent, self.lang)
        self.lang = reply.lang or self.lang
        self.show(reply, prompt=not due)
        self.show_due(due)
        return reply

    def intent(self, text: str) -> Intent:
        """A line as an intent: a number picks a choice just offered, "/cmd arg" is a
        command, anything else is typed text."""
        choices, self.choices = self.choices, ()
        picked = numbers(text)
        if choices and len(picked) == 1 and 1 <= picked[0] <= len(choices):
            button = choices[picked[0] - 1]
            return Pressed(button.act, button.arg, button.arg2)
        if text.startswith("/") and text[1:2].isalpha():
            name, _, arg = text[1:].partition(" ")
            return Command(name.lower(), arg.strip())
        return Typed(text)

    async def due_reminders(self) -> list[Reply]:
        """This user's reminders that have come due, retired (s5-follow). A terminal runs
        no timer between lines: they are taken at the start and with each line, and shown
        after its reply, last before the prompt, so a number typed next picks their
        choices (a number picks the choice just offered)."""
        due: list[Reply] = []

        async def send(reminder: Reminder) -> None:
            due.append(await self.conversation.followups.due(reminder))

        await run_due(self.service.store, self.service.clock(), send, user=self.user)
        return due

    def show_due(self, due: list[Reply]) -> None:
        """Print the reminders that came due, then the prompt."""
        for number, reply in enumerate(due, start=1):
            self.say()
            self.show(reply, prompt=number == len(due))

    # --- views ---------------------------------------------------------------
    def show(self, reply: Reply, commands: bool = False, prompt: bool = True) -> None:
        """Print every view of a reply, then the prompt (unless more follows)."""
        if reply.toast and reply.in_place:
            self.say(reply.toast, "33")
        for index, view in enumerate(reply.views):
            later = reply.views[index + 1 :]
            if isinstance(view, ChoiceCard) and any(_numbered(v) for v in later):
                self._aside(view)  # numbers answer what comes after it
            else:
                self.view(view)
        if commands:
            self.say(self.k.text("console_commands", self.lang), "2")
        if prompt:
            self.out.write(self.style("> ", "1;36"))
            self.out.flush()

    def view(self, view: View) -> None:
        """Print one view."""
        if isinstance(view, NoticeView):
            self.say(view.text, _TONES[view.tone])
            if view.code is not None:
                self.say(view.code, "1")
        elif isinstance(view, QuestionCard):
            self._question(view)
        elif isinstance(view, AnsweredCard):
            self.say("✔ " + view.answer, "32")
        elif isinstance(view, OutcomeCard):
            self._outcome(view.view)
        elif isinstance(view, PlanCard):
            self._plan(view.view)
        elif isinstance(view, StepCard):
            self._step(view)
        elif isinstance(view, VerdictCard):
            self._verdict(view)
        elif isinstance(view, ChoiceCard):
            self.say(view.text, "1")
            for number, button in enumerate(view.buttons, start=1):
                self.say(f"  {number}. {button.label}")
            self.choices = view.buttons
        elif isinstance(view, DocumentView):
            self._document(view)
        elif isinstance(view, ReadCard):  # s4-photo (a terminal sends no photos today)
            self.say(view.lead, "1")
            for line in (view.sender, *view.bubbles, view.hint):
                if line:
                    self.say(line)

    def _aside(self, card: ChoiceCard) -> None:
        """A choice shown before a question: its options unnumbered, to pick later."""
        self.say(card.text, "1")
        self.say("  " + " / ".join(button.label for button in card.buttons), "2")
        self.say(self.k.text("console_choose_later", self.lang), "2")

    def _question(self, card: QuestionCard) -> None:
        view = card.view
        if card.lead:
            self.say(card.lead, _TONES[card.lead_tone])
        self.say()
        self.say(f"── {view.progress} ──", "2")
        self.say(view.text, "1")
        if view.hint:
            self.say(view.hint, "2")
        for option in view.options:
            mark = ("[x] " if option.selected else "[ ] ") if view.multi else ""
            self.say(f"  {option.number}. {mark}{option.label}")
        if view.multi:
            self.say(self.k.text("console_multi_hint", self.lang), "2")

    def _outcome(self, view: OutcomeView) -> None:
        self.say()
        self.say(view.intro, "1")
        for cause in view.causes:
            self.say(cause.line)
        self._steps(view)
        self.say(view.disclaimer, "2")

    def _plan(self, view: OutcomeView) -> None:
        self._steps(view)
        self.say(self.k.text("console_summary_hint", self.lang), "2")

    def _steps(self, view: OutcomeView) -> None:
        self.say()
        self.say(view.steps_intro, "1")
        for number, (_, title, done) in enumerate(view.steps, start=1):
            self.say(f"  {number}. {'✓ ' if done else ''}{title}")
        if view.more_intro:  # "more steps": opened by their numbers, after the plan's
            self.say(view.more_intro, "2")
            for number, (_, title, done) in enumerate(view.more, start=len(view.steps) + 1):
                self.say(f"  {number}. {'✓ ' if done else ''}{title}", "2")

    def _step(self, card: StepCard) -> None:
        view = card.view
        self.say()
        self.say(view.header + (" ✓" if view.done else ""), "1;36")
        self.say(view.why)
        self.say(view.how_title, "1")
        for number, line in enumerate(view.how, start=1):
            self.say(f"  {number}) {line}")
        if card.full:
            if view.script and view.script_title:
                self.say(view.script_title, "1")
                self.say(f"  “{view.script}”", "3")
            if view.keep:
                self.say(view.keep)
            if view.detail and view.detail_title:
                self.say(view.detail_title, "2")
                for line in view.detail:
                    self.say(f"  · {line}", "2")
        if card.sources:
            self.say(card.sources, "2")
        self.say(self.k.text("console_step_hint", self.lang), "2")

    def _verdict(self, card: VerdictCard) -> None:
        view = card.view
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

    def _document(self, document: DocumentView) -> None:
        """Write the file to ``folder`` (never over an existing one) and say where."""
        target = self.folder / document.filename
        stem, suffix = target.stem, target.suffix
        number = 1
        while target.exists():
            number += 1
            target = self.folder / f"{stem}-{number}{suffix}"
        target.write_bytes(document.content)
        self.say(document.caption)
        self.say(self.k.text("export_saved", self.lang, path=str(target)), "32")


def _numbered(view: View) -> bool:
    return isinstance(view, QuestionCard | ChoiceCard)


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
