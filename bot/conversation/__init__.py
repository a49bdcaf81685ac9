"""The channel-neutral conversation: intents in, a ``Reply`` of view models out.

Telegram and the terminal only parse their input into intents (``bot.conversation.intents``)
and lay out the views (``bot.conversation.views``); every decision is made here.
"""

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
