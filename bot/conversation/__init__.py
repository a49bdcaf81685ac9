"""The channel-neutral conversation: intents in, a ``Reply`` of view models out.

Telegram and the terminal only parse their input into intents (``bot.conversation.intents``)
and lay out the views (``bot.conversation.views``); every decision is made here. The names
below load on first use (``bot.lazy``): a channel importing the intents does not load the
conversation's SMS, OCR and report desks before it is polling.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.lazy import exports

if TYPE_CHECKING:
    from bot.conversation.core import LANGUAGES, Conversation
    from bot.conversation.intents import Act, Command, Intent, Photo, Pressed, Typed
    from bot.conversation.photo import PhotoReader, Progress
    from bot.conversation.port import AdvisorPort
    from bot.conversation.views import (
        AnsweredCard,
        Button,
        ChoiceCard,
        DocumentView,
        NoticeView,
        OutcomeCard,
        PlanCard,
        QuestionCard,
        ReadCard,
        Reply,
        StepCard,
        Tone,
        VerdictCard,
        View,
    )

__all__ = [
    "LANGUAGES",
    "Act",
    "AdvisorPort",
    "AnsweredCard",
    "Button",
    "ChoiceCard",
    "Command",
    "Conversation",
    "DocumentView",
    "Intent",
    "NoticeView",
    "OutcomeCard",
    "Photo",
    "PhotoReader",
    "PlanCard",
    "Pressed",
    "Progress",
    "QuestionCard",
    "ReadCard",
    "Reply",
    "StepCard",
    "Tone",
    "Typed",
    "VerdictCard",
    "View",
]

__getattr__, __dir__ = exports(
    __name__,
    {
        "LANGUAGES": "bot.conversation.core",
        "Conversation": "bot.conversation.core",
        **dict.fromkeys(["Act", "Command", "Intent", "Photo", "Pressed", "Typed"],
                        "bot.conversation.intents"),
        "PhotoReader": "bot.conversation.photo",
        "Progress": "bot.conversation.photo",
        "AdvisorPort": "bot.conversation.port",
        **dict.fromkeys(["AnsweredCard", "Button", "ChoiceCard", "DocumentView", "NoticeView",
                         "OutcomeCard", "PlanCard", "QuestionCard", "ReadCard", "Reply",
                         "StepCard", "Tone", "VerdictCard", "View"], "bot.conversation.views"),
    },
)  # fmt: skip
