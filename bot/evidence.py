"""What the store keeps of an analyzed SMS: a typed, frozen evidence record and its JSON.

The JSON is the shape the SQLite ``evidence.data`` column has held since schema 3
(``verdict``, ``risk``, ``signals``, ``facts``, ``addressed_name``, ``text``, ``sender``),
so rows kept by earlier versions read back unchanged; unknown keys are ignored and a
missing one takes its default. The time kept, the store id and the origin live in their
own columns, not in the JSON.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = ["EvidenceRecord", "EvidenceSignal", "FactValue"]

FactValue = str | tuple[str, ...]


@dataclass(frozen=True, slots=True)
class EvidenceSignal:
    """One signal seen in the SMS: its ``sms.yaml`` id, the text it matched, and why it
    matters (in the user's language when the message was kept)."""

    id: str
    text: str = ""
    explain: str = ""


@dataclass(frozen=True, slots=True)
class EvidenceRecord:
    """One analyzed SMS kept for ``/evidence`` and for advice from it.

    ``received_at`` (epoch seconds) and ``id`` are set by the service and the store when
    the record is kept; ``origin`` makes keeping it idempotent (the same origin kept twice
    is one record: an update answered again after a crash keeps its SMS once).
    """

    text: str
    verdict: str
    """``scam``, ``official_notice``, ``collection`` or ``unclear`` (DESIGN.md)."""
    risk: int = 0
    signals: tuple[EvidenceSignal, ...] = ()
    facts: Mapping[str, FactValue] = field(default_factory=dict)
    """The facts the SMS gives, with DESIGN.md's fact and option ids (sets as tuples)."""
    addressed_name: str | None = None
    sender: str | None = None
    """The sender's number or name when the channel knows it (a forward may not say)."""
    received_at: float = 0.0
    origin: str | None = None
    id: int | None = None

    def engine_facts(self) -> dict[str, str | frozenset[str]]:
        """The facts in the engine's shape (sets as frozensets), with the verdict as the
        fact ``sms_verdict``, as ``Verdict.engine_facts`` gives them."""
        facts: dict[str, str | frozenset[str]] = {
            key: frozenset(value) if isinstance(value, tuple) else value
            for key, value in self.facts.items()
        }
        facts["sms_verdict"] = self.verdict
        return facts

    def signal_ids(self) -> list[str]:
        """The ids of the signals seen, strongest first."""
        return [s.id for s in self.signals]

    def to_json(self) -> dict[str, object]:
        """The stored JSON (without the time, id and origin: those are columns)."""
        return {
            "verdict": self.verdict,
            "risk": self.risk,
            "signals": [{"id": s.id, "text": s.text, "explain": s.explain} for s in self.signals],
            "facts": {k: list(v) if isinstance(v, tuple) else v for k, v in self.facts.items()},
            "addressed_name": self.addressed_name,
            "text": self.text,
            "sender": self.sender,
        }

    @classmethod
    def from_json(
        cls,
        data: Mapping[str, Any],
        *,
        received_at: float = 0.0,
        origin: str | None = None,
        record_id: int | None = None,
    ) -> EvidenceRecord:
        """Read a stored record; ValueError when it is not one (not an object, no verdict)."""
        if not isinstance(data, Mapping) or not isinstance(data.get("verdict"), str):
            raise ValueError("not an evidence record")
        return cls(
            text=str(data.get("text") or ""),
            verdict=str(data["verdict"]),
            risk=_int(data.get("risk")),
            signals=tuple(_signal(s) for s in _list(data.get("signals")) if isinstance(s, dict)),
            facts=_facts(data.get("facts")),
            addressed_name=_str(data.get("addressed_name")),
            sender=_str(data.get("sender")),
            received_at=received_at,
            origin=origin,
            id=record_id,
        )


def _signal(raw: Mapping[str, Any]) -> EvidenceSignal:
    return EvidenceSignal(
        str(raw.get("id") or ""), str(raw.get("text") or ""), str(raw.get("explain") or "")
    )


def _facts(raw: object) -> dict[str, FactValue]:
    facts: dict[str, FactValue] = {}
    if isinstance(raw, dict):
        for key, value in raw.items():
            if isinstance(value, list):
                facts[str(key)] = tuple(map(str, value))
            elif isinstance(value, str):
                facts[str(key)] = value
    return facts


def _list(raw: object) -> list[object]:
    return raw if isinstance(raw, list) else []


def _str(raw: object) -> str | None:
    return raw if isinstance(raw, str) and raw else None


def _int(raw: object) -> int:
    if isinstance(raw, int | float | str):
        try:
            return int(raw)
        except ValueError:
            return 0
    return 0
