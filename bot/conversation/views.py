"""What the conversation answers: a ``Reply`` of view models, every string localised.

Telegram lays these out as HTML messages with buttons, the terminal as lines; neither
decides anything from them beyond layout.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from bot.conversation.intents import Act
from bot.engine.views import OutcomeView, QuestionView, StepView
from bot.knowledge.model import Lang

if TYPE_CHECKING:  # s6-startup: a channel lays out views before the SMS stack is loaded
    from bot.sms.verdict import Verdict
    from bot.sms.view import VerdictView

__all__ = [
    "AnsweredCard",
    "Button",
    "ChoiceCard",
    "DocumentView",
    "NoticeView",
    "OutcomeCard",
    "PlanCard",
    "QuestionCard",
    "ReadCard",
    "Reply",
    "StepCard",
    "Tone",
    "VerdictCard",
    "View",
]


class Tone(StrEnum):
    """How a notice reads: the terminal colours it, Telegram ignores it."""

    INFO = "info"
    OK = "ok"
    WARN = "warn"


@dataclass(frozen=True, slots=True)
class Button:
    """A choice offered with a view: its label and what pressing it does."""

    label: str
    act: Act
    arg: str = ""
    arg2: str = ""


@dataclass(frozen=True, slots=True)
class NoticeView:
    """A sentence to the user; ``code`` is text to copy as it is (a 12321 report)."""

    text: str
    tone: Tone = Tone.INFO
    code: str | None = None


@dataclass(frozen=True, slots=True)
class QuestionCard:
    """The question to answer now, with ``lead`` (a greeting, a re-ask) said first."""

    view: QuestionView
    lead: str = ""
    lead_tone: Tone = Tone.INFO


@dataclass(frozen=True, slots=True)
class AnsweredCard:
    """A question as it stays once answered: the choice shown, no buttons."""

    view: QuestionView
    answer: str


@dataclass(frozen=True, slots=True)
class OutcomeCard:
    """The lasting summary: ranked causes and the plan."""

    view: OutcomeView


@dataclass(frozen=True, slots=True)
class PlanCard:
    """The guidance on its summary page: the steps to open, and a way back to questions."""

    view: OutcomeView
    buttons: tuple[Button, ...]


@dataclass(frozen=True, slots=True)
class StepCard:
    """One guidance step: its main text, and the rest when ``full`` (or a Details button)."""

    view: StepView
    full: bool
    sources: str | None
    buttons: tuple[tuple[Button, ...], ...]


@dataclass(frozen=True, slots=True)
class VerdictCard:
    """An analyzed SMS, kept as evidence ``evidence_id``."""

    verdict: Verdict
    view: VerdictView
    evidence_id: int
    buttons: tuple[Button, ...]


@dataclass(frozen=True, slots=True)
class ChoiceCard:
    """A question of the conversation itself (confirm /forget, pick a language …)."""

    text: str
    buttons: tuple[Button, ...]


@dataclass(frozen=True, slots=True)
class DocumentView:
    """A file to hand over (the /evidence export)."""

    filename: str
    content: bytes
    caption: str


@dataclass(frozen=True, slots=True)
class ReadCard:
    """What was read from a screenshot, one bubble each, to confirm before it is judged:
    ``lead`` first, then ``sender`` (the line naming the number shown, or ""), the
    bubbles (raw text: the channel escapes and defangs them), ``hint`` last."""

    lead: str
    bubbles: tuple[str, ...]
    sender: str
    hint: str
    buttons: tuple[Button, ...]


View = (
    NoticeView
    | ReadCard
    | QuestionCard
    | AnsweredCard
    | OutcomeCard
    | PlanCard
    | StepCard
    | VerdictCard
    | ChoiceCard
    | DocumentView
)


@dataclass(frozen=True, slots=True)
class Reply:
    """Everything to show for one intent, in order.

    ``in_place``: the first view replaces the message whose button was pressed.
    ``toast``: a short note about the button press (a Telegram pop-up).
    ``stale``: the button was from an old message; its buttons should go.
    ``forgot``: everything about the user was deleted (old buttons should go too).
    ``slow``: the reply took analysis (Telegram shows "typing…" first).
    ``lang``: the language the views are in (the conversation sets it).
    ``anchor``: the channel's message that showed the live screen before this reply.
    """

    views: tuple[View, ...] = ()
    in_place: bool = False
    toast: str | None = None
    stale: bool = False
    forgot: bool = False
    slow: bool = False
    lang: Lang | None = None
    anchor: int | None = None
