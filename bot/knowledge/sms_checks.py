"""Cross-checks of ``sms.yaml``: regexes compile, IDs are unique and known, texts complete.

``check_all`` (in ``checks``) calls ``check_sms``; ``sms_cited`` hands every SMS text with
its sources to the shared source check, so a figure such as 95188 needs a source that
claims it and the sources cited here count as used.
"""

from __future__ import annotations

import string
import unicodedata
from collections import Counter
from collections.abc import Callable

from bot.knowledge.model import QuestionsFile, Text
from bot.knowledge.sms_model import VERDICT_IDS, WHY_IDS, SmsFile, SmsSignal
from bot.knowledge.yamlsrc import Path

__all__ = ["FILE", "REQUIRED_SIGNALS", "check_sms", "sms_cited"]

FILE = "sms.yaml"

REQUIRED_SIGNALS = frozenset(
    {
        "link",
        "pay_personal_account",
        "verification_code",
        "screen_share_app",
        "upfront_fee",
        "legal_threat",
        "third_party_threat",
        "official_signature",
        "official_link",
        "student_account",
        "credit_repair",
        "lookalike_domain",
        "short_link",
        "contact_qq_wechat",
        "fear_wording",
        "limit_increase",
        "refund_lure",
        "fake_court",
        "code_warning",
        "overdue_wording",
        "amount",
    }
)
"""Signal IDs that DESIGN.md and its readers rely on: the red flags and the named signals."""

Add = Callable[[str, Path, str], None]
Cited = tuple[str, Path, list[str], list[str]]


def check_sms(sms: SmsFile, questions: QuestionsFile, add: Add) -> None:
    """Report every defect of a schema-valid ``sms.yaml`` through ``add(file, path, message)``."""
    _ids(sms, add)
    _patterns(sms, add)
    _shapes(sms, add)
    _facts(sms, questions, add)
    _texts(sms, add)
    if sms.thresholds.suspicious >= sms.thresholds.scam:
        add(FILE, ("thresholds", "suspicious"), "must be below thresholds.scam")


def sms_cited(sms: SmsFile) -> list[Cited]:
    """Every text of ``sms.yaml`` with the sources it cites, for the shared source check."""
    cited: list[Cited] = []
    for si, signal in enumerate(sms.signals):
        cited.append((FILE, ("signals", si), signal.sources, _both(signal.explain)))
    for key, text in sms.why.items():
        cited.append((FILE, ("why", key), text.sources, _both(text)))
    for ai, advice in enumerate(sms.advice):
        parts = [advice.now, *([advice.meaning] if advice.meaning is not None else [])]
        texts = [t for part in parts for t in _both(part)]
        cited.append((FILE, ("advice", ai), advice.sources, texts))
    for oi, org in enumerate(sms.orgs):
        texts = [*_both(org.name), *_both(org.channel), *org.numbers]
        cited.append((FILE, ("orgs", oi), org.sources, texts))
    report = sms.report_12321
    cited.append((FILE, ("report_12321",), report.sources, _both(report.explain)))
    return cited


def _both(text: Text) -> list[str]:
    return [text.zh_hans, text.en]


def _ids(sms: SmsFile, add: Add) -> None:
    for key, ids in (
        ("signals", [s.id for s in sms.signals]),
        ("platforms", [p.id for p in sms.platforms]),
        ("orgs", [o.id for o in sms.orgs]),
    ):
        counts = Counter(ids)
        seen: set[str] = set()
        for index, ident in enumerate(ids):
            if counts[ident] > 1 and ident in seen:
                add(FILE, (key, index, "id"), f"duplicate id '{ident}'")
            seen.add(ident)
    known = {s.id for s in sms.signals}
    for missing in sorted(REQUIRED_SIGNALS - known):
        add(FILE, ("signals",), f"missing signal '{missing}' (a contract ID, see DESIGN.md)")
    for si, signal in enumerate(sms.signals):
        for ri, required in enumerate(signal.requires):
            if required not in known:
                add(FILE, ("signals", si, "requires", ri), f"no signal '{required}'")
            elif required == signal.id:
                add(FILE, ("signals", si, "requires", ri), "a signal cannot require itself")
        for ui, blocker in enumerate(signal.unless):
            if blocker not in known:
                add(FILE, ("signals", si, "unless", ui), f"no signal '{blocker}'")
            elif blocker == signal.id:
                add(FILE, ("signals", si, "unless", ui), "a signal cannot exclude itself")
    for pi, proof in enumerate(sms.official_proof):
        if proof not in known:
            add(FILE, ("official_proof", pi), f"no signal '{proof}'")
    for key in type(sms.guards).model_fields:  # every guard is a list of signal ids
        for gi, guarded in enumerate(getattr(sms.guards, key)):
            if guarded not in known:
                add(FILE, ("guards", key, gi), f"no signal '{guarded}'")


def _patterns(sms: SmsFile, add: Add) -> None:
    groups: list[tuple[Path, list[str], tuple[object, ...]]] = [
        (("signals", si), s.patterns, s.compiled) for si, s in enumerate(sms.signals)
    ]
    groups += [(("platforms", pi), p.patterns, p.compiled) for pi, p in enumerate(sms.platforms)]
    for base, patterns, compiled in groups:
        for index, (pattern, result) in enumerate(zip(patterns, compiled, strict=True)):
            path = (*base, "patterns", index)
            if isinstance(result, str):
                add(FILE, path, f"bad regular expression: {result}")
            odd = sorted({ch for ch in pattern if unicodedata.normalize("NFKC", ch) != ch})
            if odd:
                shown = " ".join(odd)
                add(FILE, path, f"'{shown}' never occurs in the matching form (NFKC): use ASCII")


def _shapes(sms: SmsFile, add: Add) -> None:
    for si, signal in enumerate(sms.signals):
        path = ("signals", si)
        if signal.field == "channel":
            _channel_shape(signal, path, add)
            continue
        if signal.channel is not None:
            add(FILE, (*path, "channel"), "only channel signals have a channel")
        if signal.field == "url":
            if not signal.hosts:
                add(FILE, path, "a url signal needs 'hosts'")
            if signal.patterns or signal.phrases:
                add(FILE, path, "a url signal is matched by its hosts, not patterns or phrases")
            continue
        if signal.hosts:
            add(FILE, (*path, "hosts"), "only url signals have hosts")
        if signal.disguised:
            add(FILE, (*path, "disguised"), "only url signals can ask for a disguised link")
        if not signal.patterns and not signal.phrases:
            add(FILE, path, "no patterns or phrases: the signal can never fire")
        if signal.field == "signature" and signal.phrases:
            add(FILE, (*path, "phrases"), "signature signals are matched by patterns only")


CHANNEL_FIELDS = frozenset({"claimed", "name", "asked", "official"})
"""What a ``channel`` signal's explanation may fill in (see ``bot.sms.claims``)."""


def _channel_shape(signal: SmsSignal, path: Path, add: Add) -> None:
    if signal.channel is None:
        add(FILE, path, "a channel signal needs 'channel'")
    if signal.patterns or signal.phrases or signal.hosts:
        add(FILE, path, "a channel signal is filled in from the orgs, not patterns or hosts")
    zh, en = _placeholders(signal.explain.zh_hans), _placeholders(signal.explain.en)
    if zh is None or en is None:
        add(FILE, (*path, "explain"), "unbalanced { } in a placeholder")
    elif zh != en:
        add(
            FILE,
            (*path, "explain"),
            f"placeholders differ by language: {', '.join(sorted(zh ^ en))}",
        )
    elif zh - CHANNEL_FIELDS:
        add(
            FILE,
            (*path, "explain"),
            f"unknown placeholder: {', '.join(sorted(zh - CHANNEL_FIELDS))}",
        )


def _facts(sms: SmsFile, questions: QuestionsFile, add: Add) -> None:
    options = {q.fact: {o.id for o in q.options} for q in questions.questions}
    flags = options.get("red_flags", set())
    senders = options.get("sender", set())
    loans = options.get("loan", set())
    produced: set[str] = set()
    for si, signal in enumerate(sms.signals):
        if signal.red_flag is not None:
            produced.add(signal.red_flag)
            if signal.red_flag not in flags:
                add(
                    FILE,
                    ("signals", si, "red_flag"),
                    f"red_flags has no value '{signal.red_flag}'",
                )
        if signal.sender is not None and signal.sender not in senders:
            add(FILE, ("signals", si, "sender"), f"sender has no value '{signal.sender}'")
    told = {o.id for q in questions.questions for o in q.options if not o.in_message}
    for flag in sorted(flags - produced - {"none"} - told):  # told: the user reports it
        add(FILE, ("signals",), f"no signal reports the red flag '{flag}'")
    for pi, platform in enumerate(sms.platforms):
        if platform.loan not in loans:
            add(FILE, ("platforms", pi, "loan"), f"loan has no value '{platform.loan}'")
        if not platform.names and not platform.patterns:
            add(FILE, ("platforms", pi), "no names or patterns: never found")
    for oi, org in enumerate(sms.orgs):
        for ni, number in enumerate(org.numbers):
            if not number.isdigit():
                add(FILE, ("orgs", oi, "numbers", ni), "write a number as digits only")
        if not org.signatures and not org.claims:
            add(FILE, ("orgs", oi), "no signatures or claims: never claimed")


def _texts(sms: SmsFile, add: Add) -> None:
    for verdict in VERDICT_IDS:
        if verdict not in sms.verdicts:
            add(FILE, ("verdicts",), f"missing text for verdict '{verdict}'")
    for why in WHY_IDS:
        if why not in sms.why:
            add(FILE, ("why",), f"missing text '{why}'")
    for key, text in sms.why.items():
        zh, en = _placeholders(text.zh_hans), _placeholders(text.en)
        if zh is None or en is None:
            add(FILE, ("why", key), "unbalanced { } in a placeholder")
        elif zh != en:
            add(
                FILE,
                ("why", key),
                f"placeholders differ by language: {', '.join(sorted(zh ^ en))}",
            )
    template = _placeholders(sms.report_12321.template)
    if template != {"number", "text"}:
        add(FILE, ("report_12321", "template"), "must use exactly {number} and {text}")


def _placeholders(text: str) -> set[str] | None:
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError:
        return None
