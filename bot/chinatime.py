"""China's clock: the time zone every date the bot shows or schedules is counted in."""

from __future__ import annotations

from datetime import timedelta, timezone

__all__ = ["BEIJING"]

BEIJING = timezone(timedelta(hours=8), "CST")
"""Asia/Shanghai local time (UTC+8, no daylight saving)."""
