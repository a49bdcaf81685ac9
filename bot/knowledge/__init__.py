"""The knowledge base: schema, loader with checks, and diagram export."""

from bot.knowledge.base import Knowledge, localize, localize_lines
from bot.knowledge.loader import load_knowledge
from bot.knowledge.model import OUTCOME, Lang

__all__ = ["OUTCOME", "Knowledge", "Lang", "load_knowledge", "localize", "localize_lines"]
