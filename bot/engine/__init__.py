"""The pure conversation engine: sessions, answer resolution, scoring and views."""

from bot.engine.advisor import Advisor, Notice, Turn
from bot.engine.resolve import Resolution
from bot.engine.scoring import Outcome, RankedCause
from bot.engine.session import FactValue, Session

__all__ = [
    "Advisor",
    "FactValue",
    "Notice",
    "Outcome",
    "RankedCause",
    "Resolution",
    "Session",
    "Turn",
]
