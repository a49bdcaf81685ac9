"""The Telegram channel (python-telegram-bot 22)."""

__all__: list[str] = []
