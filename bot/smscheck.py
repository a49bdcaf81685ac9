"""``paidoff sms-check``: analyse SMS from a file or stdin, or evaluate the labelled corpora.

Input is one JSON object a line (``{"text": "...", "sender": "95188"}``, sender optional)
or plain text, where a blank line (or a 【signature】 boundary) separates messages.
Output is one JSON object a line (``--json``) or a readable card per SMS. ``--image FILE``
reads a screenshot with OCR instead (bot/ocr) and gives one verdict on its received bubbles,
with ``text`` (what was read) and ``sender`` (the number shown in the header, if any).

``--eval`` reports the tuning corpus (what the rules and the model were fitted on), each
held-out file retired into tuning data (``--retired``, own tuning section), each
held-out file that exists, as its own section (same schema plus ``topic``; nothing is fitted
to them), and a leave-source-out cross-validation of the model on the tuning corpus (needs
the dev extra).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import yaml

from bot.bootstrap import load_core
from bot.config import Settings
from bot.i18n import lang_from_code
from bot.knowledge.base import Knowledge, localize
from bot.knowledge.model import Lang
from bot.sms import SmsAnalyzer, Verdict, evaluate, examples_from_corpus, split_messages
from bot.sms.evaluate import CrossValidation, Evaluation, Example, cross_validate
from bot.sms.intake import clip
from bot.sms.model import explain
from bot.smscheck_args import DEFAULT_CORPUS, DEFAULT_HOLDOUTS, DEFAULT_RETIRED

__all__ = ["run_sms_check"]

_NO_LIMIT = 1_000_000
_RETIRED = "tuning (retired held-out, now tuning)"
"""The kind of a section read from a retired held-out file (``--retired``)."""


def run_sms_check(args: argparse.Namespace, settings: Settings) -> int:
    """Run ``sms-check`` with parsed ``args``; returns the exit code."""
    core = load_core(settings)
    knowledge, analyzer = core.knowledge, core.analyzer
    lang = lang_from_code(args.lang)
    if args.image:
        return _image(knowledge, analyzer, args.image, lang, as_json=args.json)
    if args.eval:
        corpus = args.file or DEFAULT_CORPUS
        holdouts = None if args.tuning_only else tuple(args.holdout or DEFAULT_HOLDOUTS)
        retired = tuple(args.retired or (DEFAULT_RETIRED if args.file is None else ()))
        return _evaluate(
            knowledge, corpus, holdouts, retired=retired, cv=not args.no_cv, as_json=args.json
        )
    raw = _read(args.file)
    if raw is None:
        return 1
    messages, errors = _messages(raw)
    for error in errors:
        print(f"sms-check: {error}", file=sys.stderr)
    for number, (whole, sender) in enumerate(messages, start=1):
        text, cut = clip(whole)
        if cut:
            print(
                f"sms-check: message {number}: {len(whole)} characters, only the first "
                f"{len(text)} were read",
                file=sys.stderr,
            )
        verdict = analyzer.analyze(text, sender)
        if args.json:
            print(json.dumps({"index": number, **verdict.to_json(lang)}, ensure_ascii=False))
        else:
            print(_card(knowledge, verdict, number, lang))
    return 1 if errors else 0


def _image(k: Knowledge, analyzer: SmsAnalyzer, file: Path, lang: Lang, *, as_json: bool) -> int:
    """One verdict on what the screenshot ``file`` says (its received bubbles together)."""
    from bot.ocr import ImageRejected, OcrUnavailable, RapidOcrEngine, ScreenWords, read_screenshot

    try:
        data = file.read_bytes()
    except OSError as exc:
        print(f"sms-check: cannot read {file}: {exc}", file=sys.stderr)
        return 1
    try:
        shot = read_screenshot(RapidOcrEngine(), data, ScreenWords.from_knowledge(k))
    except ImageRejected as exc:
        print(f"sms-check: {file}: image refused ({exc})", file=sys.stderr)
        return 1
    except OcrUnavailable as exc:
        print(f"sms-check: cannot read images here ({exc}); paste the text", file=sys.stderr)
        return 1
    if not shot.text.strip():
        print(f"sms-check: {file}: no text found in the image", file=sys.stderr)
        return 1
    text, cut = clip(shot.text)
    if cut:
        print(
            f"sms-check: {file}: only the first {len(text)} characters were read", file=sys.stderr
        )
    verdict = analyzer.analyze(text, shot.sender)
    if as_json:
        line = {"index": 1, **verdict.to_json(lang), "text": shot.text, "sender": shot.sender}
        print(json.dumps(line, ensure_ascii=False))
    else:
        print(f"read from {file.name} (sender {shot.sender or '—'}):\n{shot.text}\n")
        print(_card(k, verdict, 1, lang))
    return 0


def _read(file: Path | None) -> str | None:
    if file is None:
        if sys.stdin.isatty():
            print("paste SMS, then Ctrl-D (a blank line separates messages)", file=sys.stderr)
        return sys.stdin.read()
    try:
        return file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        print(f"sms-check: cannot read {file}: {exc}", file=sys.stderr)
        return None


def _messages(raw: str) -> tuple[list[tuple[str, str | None]], list[str]]:
    """(text, sender) pairs, and one error per unreadable JSON line."""
    lines = raw.splitlines()
    first = next((line for line in lines if line.strip()), "")
    if not first.lstrip().startswith("{"):
        return [(part, None) for part in split_messages(raw, limit=_NO_LIMIT)], []
    out: list[tuple[str, str | None]] = []
    errors: list[str] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            errors.append(f"line {number}: not JSON ({exc.msg})")
            continue
        text = item.get("text") if isinstance(item, dict) else None
        if not isinstance(text, str):
            errors.append(f'line {number}: expected an object with a "text" string')
            continue
        sender = item.get("sender")
        out.append((text, None if sender is None else str(sender)))
    return out, errors


def _card(k: Knowledge, verdict: Verdict, number: int, lang: Lang) -> str:
    label = localize(k.sms.verdicts[verdict.verdict.value], lang)
    facts = ", ".join(
        f"{k}={'/'.join(v) if isinstance(v, tuple) else v}" for k, v in verdict.facts.items()
    )
    lines = [
        f"#{number} {label} ({verdict.verdict.value}) · risk {verdict.risk}",
        f"   name: {verdict.addressed_name or '—'} · facts: {facts or '—'}",
    ]
    for signal in verdict.signals:
        lines.append(f"   · {signal.id}: 「{signal.text}」 {localize(signal.explain, lang)}")
    if verdict.model is not None:
        lines.append(f"   ~ {explain(verdict.model, k, lang)}")
    elif verdict.why is not None:
        lines.append(f"   ? {localize(verdict.why, lang)}")
    return "\n".join(lines) + "\n"


def _evaluate(
    k: Knowledge,
    corpus: Path,
    holdouts: tuple[Path, ...] | None,
    *,
    retired: tuple[Path, ...] = (),
    cv: bool,
    as_json: bool,
) -> int:
    """``holdouts`` None: the tuning corpus only (``--tuning-only``); each held-out file that
    exists is read and reported as its own section, a missing one is named as such.
    ``retired`` are held-out files retired into tuning data: each that exists is a tuning
    section of its own, and the cross-validation runs on the corpus and them together."""
    tuning = _load(corpus)
    if tuning is None:
        return 1
    spent: list[tuple[Path, list[Example]]] = []
    for path in retired:
        if path.is_file():
            examples = _load(path)
            if examples is None:
                return 1
            spent.append((path, examples))
    found: list[tuple[Path, list[Example]]] = []
    missing: list[Path] = []
    for path in holdouts or ():
        if not path.is_file():
            missing.append(path)
            continue
        examples = _load(path)
        if examples is None:
            return 1
        found.append((path, examples))
    shipped = SmsAnalyzer.from_knowledge(k)
    rules = SmsAnalyzer(k.sms)
    report: dict[str, Any] = {
        "tuning": _section(corpus, "tuning", tuning, shipped, rules),
        "tuning_retired": [
            _section(path, _RETIRED, examples, shipped, rules) for path, examples in spent
        ],
        "held_out": None
        if holdouts is None
        else [_section(path, "held-out", examples, shipped, rules) for path, examples in found],
        "held_out_missing": None if holdouts is None else [str(path) for path in missing],
    }
    if not as_json:
        _print_section(report["tuning"], evaluate(shipped, tuning), None)
        for section, (_, examples) in zip(report["tuning_retired"], spent, strict=True):
            _print_section(section, evaluate(shipped, examples), None)
        if holdouts is None:
            print("== held-out: not evaluated (--tuning-only) ==\n")
        for section, (_, examples) in zip(report["held_out"] or (), found, strict=True):
            _print_section(section, evaluate(shipped, examples), evaluate(rules, examples))
        for path in missing:
            print(f"== held-out: {path} not found ==\n")
    everything = tuning + [e for _, examples in spent for e in examples]
    crossed, why_not = _cross_validation(rules, everything) if cv else (None, "--no-cv")
    report["cross_validation"] = crossed.to_json() if crossed is not None else {"skipped": why_not}
    if as_json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    elif crossed is not None:
        print(
            f"== leave-source-out cross-validation of the model on the tuning corpus"
            f"{' and the retired held-out files' if spent else ''} "
            f"({len(everything)} messages, {crossed.groups} source groups in "
            f"{crossed.folds} folds) ==\n"
            "-- model alone --"
        )
        print(crossed.model_alone.table(details=False))
        print("\n-- rules + model (the rules themselves were tuned on every group) --")
        print(crossed.rules_and_model.table(details=False))
    else:
        print(f"== cross-validation skipped: {why_not} ==")
    return 0


def _load(corpus: Path) -> list[Example] | None:
    try:
        data: Any = yaml.safe_load(corpus.read_text(encoding="utf-8"))
        return examples_from_corpus(data if isinstance(data, dict) else {})
    except (OSError, UnicodeDecodeError, yaml.YAMLError, ValueError) as exc:
        print(f"sms-check: cannot read the corpus {corpus}: {exc}", file=sys.stderr)
        return None


def _section(
    path: Path, kind: str, examples: list[Example], shipped: SmsAnalyzer, rules: SmsAnalyzer
) -> dict[str, Any]:
    out: dict[str, Any] = {"file": str(path), "kind": kind, "messages": len(examples)}
    out.update(evaluate(shipped, examples).to_json())
    if kind == "held-out":
        out["rules_alone"] = evaluate(rules, examples).to_json()
    return out


def _print_section(section: dict[str, Any], shipped: Evaluation, rules: Evaluation | None) -> None:
    fitted = (
        "no rule or weight was fitted to it"
        if section["kind"] == "held-out"
        else "the rules and the model were tuned on it"
    )
    print(f"== {section['kind']}: {section['file']} ({section['messages']} messages; {fitted}) ==")
    print(shipped.table())
    if rules is not None:
        print("\n-- the same, rules alone (without the model) --")
        print(rules.table(details=False))
    print()


def _cross_validation(
    rules: SmsAnalyzer, examples: list[Example]
) -> tuple[CrossValidation | None, str]:
    try:
        from bot.sms.training import trainer  # needs the dev extra (scikit-learn)
    except ImportError as exc:
        return None, f"needs scikit-learn (pip install -r requirements-dev.lock): {exc}"
    return cross_validate(rules, examples, trainer(rules)), ""
