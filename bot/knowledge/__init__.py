"""The knowledge base: schema, loader with checks, and diagram export.

The names below load on first use (``bot.lazy``): importing the models (``bot.knowledge
.model``) does not load the loader and every check with them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.lazy import exports

if TYPE_CHECKING:
    from bot.knowledge.base import Knowledge, localize, localize_lines
    from bot.knowledge.loader import load_knowledge
    from bot.knowledge.model import OUTCOME, Lang

__all__ = ["OUTCOME", "Knowledge", "Lang", "load_knowledge", "localize", "localize_lines"]

__getattr__, __dir__ = exports(
    __name__,
    {
        **dict.fromkeys(["Knowledge", "localize", "localize_lines"], "bot.knowledge.base"),
        "load_knowledge": "bot.knowledge.loader",
        **dict.fromkeys(["OUTCOME", "Lang"], "bot.knowledge.model"),
    },
)  # fmt: skip
