"""The pure conversation engine: sessions, answer resolution, scoring and views.

The names below load on first use (``bot.lazy``): importing ``bot.engine.session`` does
not build the answer matcher's imports.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.lazy import exports

if TYPE_CHECKING:
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

__getattr__, __dir__ = exports(
    __name__,
    {
        **dict.fromkeys(["Advisor", "Notice", "Turn"], "bot.engine.advisor"),
        "Resolution": "bot.engine.resolve",
        **dict.fromkeys(["Outcome", "RankedCause"], "bot.engine.scoring"),
        **dict.fromkeys(["FactValue", "Session"], "bot.engine.session"),
    },
)  # fmt: skip
