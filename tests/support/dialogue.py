"""Dialogue scripts (tests/data/dialogues/*.yaml) and a driver that plays them on the engine.

A script is a list of turns: ``user`` (typed text, ``/start``, ``/restart``, ``back``),
``press`` (an option of the current question, or ``done``) and expectations. The same
scripts are played, unchanged, through the conversation layer, the terminal chat and the
Telegram adapter (``ChannelDriver``), and through the terminal in a subprocess.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bot.channels.console import ConsoleChat
from bot.channels.telegram.deps import DEPS_KEY
from bot.conversation import (
    Act,
    Command,
    Conversation,
    Intent,
    OutcomeCard,
    Pressed,
    Reply,
    Typed,
)
from bot.engine.advisor import Advisor, Notice, Turn
from bot.engine.session import Session
from bot.i18n import lang_from_code
from bot.service import AdvisorService
from tests.support.telegram_chat import BotUnderTest

__all__ = [
    "ChannelDriver",
    "ConsoleDriver",
    "ConversationDriver",
    "Dialogue",
    "EngineDriver",
    "TelegramDriver",
    "check_expectation",
    "load_dialogues",
    "titles_after",
]

DIALOGUES = Path(__file__).resolve().parents[1] / "data" / "dialogues"
EXPECT_KEYS = {
    "expect_question",
    "expect_reask",
    "expect_cause_top",
    "expect_causes_include",
    "expect_causes_exclude",
    "expect_steps_include",
    "expect_steps_first",
}


@dataclass(frozen=True)
class Dialogue:
    """One script: its file name, language and turns."""

    name: str
    lang: str
    turns: list[dict[str, Any]]


def load_dialogues() -> list[Dialogue]:
    """Every script, sorted by file name."""
    out = []
    for path in sorted(DIALOGUES.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        out.append(Dialogue(path.stem, str(data.get("lang", "zh-Hans")), list(data["turns"])))
    return out


class EngineDriver:
    """Plays a dialogue directly on the pure engine."""

    def __init__(self, advisor: Advisor, lang: str) -> None:
        self.advisor = advisor
        self.session: Session = advisor.new_session(lang_from_code(lang))
        self.last: Turn | None = None

    def play(self, turn: dict[str, Any]) -> None:
        """Apply one input turn (``user`` or ``press``)."""
        if "user" in turn:
            text = str(turn["user"])
            if text in {"/start", "/restart"}:
                self.last = self.advisor.restart(self.session)
            elif text == "back":
                self.last = self.advisor.back(self.session)
            else:
                self.last = self.advisor.reply(self.session, text)
        else:
            option = str(turn["press"])
            question = self.advisor.current(self.session)
            assert question is not None, f"press {option!r} but the questions are over"
            if option == "done":
                self.last = self.advisor.confirm(self.session, question.id)
            else:
                self.last = self.advisor.choose(self.session, question.id, option)
        self.session = self.last.session


def check_expectation(advisor: Advisor, driver: EngineDriver, turn: dict[str, Any]) -> None:
    """Assert one ``expect_*`` turn against the driver's current state."""
    session = driver.session
    question = advisor.current(session)
    outcome = advisor.outcome(session)
    causes = [c.id for c in outcome.causes]
    if "expect_question" in turn:
        where = question.id if question else "the outcome"
        assert where == turn["expect_question"], f"expected {turn['expect_question']}, at {where}"
    if turn.get("expect_reask"):
        assert driver.last is not None
        assert driver.last.notice is Notice.REASK
    if "expect_cause_top" in turn:
        assert question is None, f"still asking {question and question.id}"
        assert causes[0] == turn["expect_cause_top"], outcome.causes
    for cause in turn.get("expect_causes_include", []):
        assert cause in causes[: advisor.knowledge.show_top], (cause, outcome.causes)
    for cause in turn.get("expect_causes_exclude", []):
        assert cause not in causes[: advisor.knowledge.show_top], (cause, outcome.causes)
    for step in turn.get("expect_steps_include", []):
        assert step in outcome.steps, (step, outcome.steps)
    if "expect_steps_first" in turn:
        assert outcome.steps[0] == turn["expect_steps_first"], outcome.steps


# --- the same scripts through the channels -------------------------------------------
# Each driver plays the turns as a person would in that channel (a tap, a typed number, a
# typed word) and reads back the stored session and the plan the user was shown.


class ChannelDriver:
    """The interface the parametrized dialogue test plays: inputs in, session out."""

    lang: str

    async def play(self, turn: dict[str, Any]) -> None:
        """Apply one input turn (``user`` or ``press``)."""
        raise NotImplementedError

    async def session(self) -> Session:
        """The conversation as stored now."""
        raise NotImplementedError

    def steps_shown(self) -> list[str]:
        """The step titles of the last plan the user was shown, in order."""
        raise NotImplementedError


def titles_after(text: str, intro: str) -> list[str]:
    """The numbered lines ("1. …") that follow the last ``intro`` in ``text``."""
    if intro not in text:
        return []
    out: list[str] = []
    for line in text.rsplit(intro, 1)[1].splitlines()[1:]:
        match = re.match(r"^\s*\d+\.\s+(?:✓ )?(.*)$", line)
        if match is None:
            if out:
                break
            continue
        out.append(match[1].strip())
    return out


class ConversationDriver(ChannelDriver):
    """Plays a dialogue on ``bot.conversation`` directly, as intents."""

    def __init__(self, service: AdvisorService, lang: str, user: str = "direct:1") -> None:
        self.service = service
        self.conversation = Conversation(service)
        self.lang = lang
        self.user = user
        self.replies: list[Reply] = []

    async def play(self, turn: dict[str, Any]) -> None:
        lang = lang_from_code(self.lang)
        if "user" in turn:
            text = str(turn["user"])
            intent: Intent = Command(text[1:]) if text.startswith("/") else Typed(text)
        else:
            question = self.service.advisor.current(await self.session())
            assert question is not None, f"press {turn['press']!r} but the questions are over"
            option = str(turn["press"])
            if option == "done":
                intent = Pressed(Act.DONE, question.id)
            else:
                intent = Pressed(Act.ANSWER, question.id, option)
        self.replies.append(await self.conversation.handle(self.user, intent, lang))

    async def session(self) -> Session:
        session, _ = await self.service.load(self.user)
        return session

    def steps_shown(self) -> list[str]:
        cards = [v for r in self.replies for v in r.views if isinstance(v, OutcomeCard)]
        return [title for _, title, _ in cards[-1].view.steps] if cards else []


class ConsoleDriver(ChannelDriver):
    """Plays a dialogue through the terminal chat: option numbers, typed words."""

    def __init__(self, service: AdvisorService, lang: str, user: str = "console:1") -> None:
        self.service = service
        self.lang = lang
        self.user = user
        self.out = io.StringIO()
        self.chat = ConsoleChat(service, _no_input, self.out, user=user, lang=lang_from_code(lang))
        self.started = False

    async def play(self, turn: dict[str, Any]) -> None:
        if not self.started:
            await self.chat.start()
            self.started = True
        if "user" in turn:
            await self.chat.handle(str(turn["user"]))
            return
        question = self.service.advisor.current(await self.session())
        assert question is not None
        option = str(turn["press"])
        ids = [o.id for o in question.options]
        await self.chat.handle("done" if option == "done" else str(ids.index(option) + 1))

    async def session(self) -> Session:
        session, _ = await self.service.load(self.user)
        return session

    def steps_shown(self) -> list[str]:
        k = self.service.advisor.knowledge
        intro = k.text("outcome_intro", lang_from_code(self.lang))
        text = self.out.getvalue()
        if intro not in text:
            return []
        steps = k.text("steps_intro", lang_from_code(self.lang), count=0).split("0")[0]
        return titles_after(text.rsplit(intro, 1)[1], steps)


async def _no_input() -> str | None:
    return None


class TelegramDriver(ChannelDriver):
    """Plays a dialogue through the Telegram adapter and the fake Bot API: taps, texts."""

    def __init__(self, bot: BotUnderTest, lang: str, user_id: int = 4242) -> None:
        self.bot = bot
        self.lang = lang
        self.chat = bot.user(user_id, language_code=lang.lower())

    async def play(self, turn: dict[str, Any]) -> None:
        if "user" in turn:
            await self.chat.send(str(turn["user"]))
            return
        live = self.chat.live
        assert live is not None, "no live question"
        option = str(turn["press"])
        for row in live.buttons:
            for _, data in row:
                parts = (data or "").split("|")
                done = option == "done" and parts[0] == "d"
                if done or (parts[0] == "a" and parts[-1] == option):
                    await self.chat.press_raw(live.message_id, str(data))
                    return
        raise AssertionError(f"no button for {option!r} on {live.buttons}")

    async def session(self) -> Session:
        item = self.bot.app.bot_data[DEPS_KEY]
        session, _ = await item.ready().load(f"tg:{self.chat.user_id}")
        return session  # type: ignore[no-any-return]

    def steps_shown(self) -> list[str]:
        k = self.bot.app.bot_data[DEPS_KEY].knowledge
        lang = lang_from_code(self.lang)
        intro = k.text("outcome_intro", lang)
        # The summary starts with the answers given ("✔ …"), then the intro.
        summaries = [m.text for m in self.chat.messages if intro in m.text]
        if not summaries:
            return []
        steps = k.text("steps_intro", lang, count=0).split("0")[0]
        return titles_after(summaries[-1], steps)
