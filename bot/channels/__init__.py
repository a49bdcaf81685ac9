"""The channels the advisor speaks through: the terminal and Telegram."""

__all__: list[str] = []
