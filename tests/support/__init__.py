"""Test doubles for the Telegram Bot API: in-memory state, in-process PTB request, HTTP server.

Import from the submodules (``tests.support.fake_bot_api`` ...); nothing heavy happens here.
"""

from __future__ import annotations

__all__ = [
    "bot_api_server",
    "bot_api_wire",
    "fake_bot_api",
    "fake_bot_methods",
    "fake_bot_models",
    "fake_bot_state",
    "fake_bot_users",
    "fake_request",
    "telegram_html",
    "telegram_rules",
]
