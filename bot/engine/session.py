"""A conversation's state: the facts learnt so far, how, and where the user is."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from bot.knowledge.model import Lang

__all__ = ["FactValue", "Session"]

FactValue = str | frozenset[str]
"""A single option ID, or a set of them for multi-select questions."""


@dataclass(frozen=True)
class Session:
    """Immutable conversation state; every engine call returns a new one.

    ``answered`` lists the questions the user answered, in order (Back pops the last);
    facts that are not in it were given up front (an analyzed SMS, ``advise --facts``).
    ``selection`` holds the ticked options of a multi-select question not yet confirmed.
    ``step`` is None on the summary, or the index of the guidance step being shown.
    """

    lang: Lang = Lang.ZH_HANS
    facts: Mapping[str, FactValue] = field(default_factory=dict)
    answered: tuple[str, ...] = ()
    selection: frozenset[str] = frozenset()
    step: int | None = None
    done_steps: frozenset[str] = frozenset()
    revision: str = ""
    context: Mapping[str, str] = field(default_factory=dict)  # e.g. {"name": "邓强"}
    settings: Mapping[str, str] = field(default_factory=dict)
    """The user's choices about the bot itself (``keep_sms``: asked / yes / no); a restart
    of the questions keeps them."""
    pending: Mapping[str, str] = field(default_factory=dict)
    """What the conversation waits for the user to confirm (the text read from a
    screenshot); the engine never reads it. Saved, so a restart does not lose it."""

    def with_fact(self, question_id: str, fact: str, value: FactValue) -> Session:
        """This session with ``fact`` answered by the user through ``question_id``."""
        facts = dict(self.facts)
        facts[fact] = value
        return replace(
            self, facts=facts, answered=(*self.answered, question_id), selection=frozenset()
        )

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict (the storage format; keep it backward compatible)."""
        return {
            "lang": self.lang.value,
            "facts": {
                k: sorted(v) if isinstance(v, frozenset) else v for k, v in self.facts.items()
            },
            "answered": list(self.answered),
            "selection": sorted(self.selection),
            "step": self.step,
            "done_steps": sorted(self.done_steps),
            "revision": self.revision,
            "context": dict(self.context),
            "settings": dict(self.settings),
        } | ({"pending": dict(self.pending)} if self.pending else {})

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Session:
        """Rebuild a session saved by ``to_json``; unknown keys are ignored."""
        facts: dict[str, FactValue] = {
            str(k): frozenset(map(str, v)) if isinstance(v, list) else str(v)
            for k, v in dict(data.get("facts", {})).items()
        }
        step = data.get("step")
        return cls(
            lang=Lang(data.get("lang", Lang.ZH_HANS.value)),
            facts=facts,
            answered=tuple(map(str, data.get("answered", ()))),
            selection=frozenset(map(str, data.get("selection", ()))),
            step=int(step) if isinstance(step, int) else None,
            done_steps=frozenset(map(str, data.get("done_steps", ()))),
            revision=str(data.get("revision", "")),
            context={str(k): str(v) for k, v in dict(data.get("context", {})).items()},
            settings={str(k): str(v) for k, v in dict(data.get("settings", {})).items()},
            pending={str(k): str(v) for k, v in dict(data.get("pending", {})).items()},
        )
