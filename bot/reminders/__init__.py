"""Follow-ups and repayment reminders: the reminder model, its calendar, and the runner.

Pure except ``run_due``, which takes the store and the sending function it is given.
"""

from bot.reminders.model import Kind, Reminder, following, repayment
from bot.reminders.runner import run_due

__all__ = ["Kind", "Reminder", "following", "repayment", "run_due"]
