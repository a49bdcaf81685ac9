"""Follow-ups and repayment reminders: the reminder model, its calendar, and the runner.

Pure except ``run_due``, which takes the store and the sending function it is given. The
names below load on first use (``bot.lazy``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.lazy import exports

if TYPE_CHECKING:
    from bot.reminders.model import Kind, Reminder, following, repayment
    from bot.reminders.runner import run_due

__all__ = ["Kind", "Reminder", "following", "repayment", "run_due"]

__getattr__, __dir__ = exports(
    __name__,
    {
        **dict.fromkeys(["Kind", "Reminder", "following", "repayment"], "bot.reminders.model"),
        "run_due": "bot.reminders.runner",
    },
)  # fmt: skip
