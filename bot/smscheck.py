"""``paidoff sms-check``: analyse SMS from a file or stdin, or evaluate the labelled corpus.

Input is one JSON object a line (``{"text": "...", "sender": "95188"}``, sender optional)
or plain text, where a blank line (or a 【signature】 boundary) separates messages.
Output is one JSON object a line (``--json``) or a readable card per SMS.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import yaml

from bot.i18n import lang_from_code
from bot.knowledge.base import localize
from bot.knowledge.loader import load_knowledge
from bot.knowledge.model import Lang
from bot.sms import SmsAnalyzer, Verdict, evaluate, examples_from_corpus, split_messages
from bot.sms.intake import clip

__all__ = ["DEFAULT_CORPUS", "configure_parser", "run_sms_check"]

DEFAULT_CORPUS = Path("tests/data/sms_corpus.yaml")
"""The labelled corpus ``--eval`` reads when no FILE is given (relative to the cwd)."""

_NO_LIMIT = 1_000_000


def configure_parser(parser: argparse.ArgumentParser) -> None:
    """Add the arguments of ``sms-check`` to its sub-parser."""
    parser.description = (
        'Analyse SMS: one JSON object a line ({"text": ..., "sender": ...}) or plain '
        "text (a blank line separates messages), from FILE or stdin."
    )
    parser.add_argument(
        "file", nargs="?", type=Path, help="input (default stdin); corpus for --eval"
    )
    parser.add_argument("--json", action="store_true", help="one JSON object a line")
    parser.add_argument(
        "--eval",
        action="store_true",
        help=f"evaluate on a labelled corpus (default {DEFAULT_CORPUS}): precision/recall, "
        "confusion matrix, addressed-name accuracy",
    )
    parser.add_argument(
        "--image",
        metavar="PNG",
        help="not supported yet: reading screenshots (OCR) is out of scope; paste the text",
    )
    parser.add_argument("--lang", help="language of explanations: zh (default), en or hant")


def run_sms_check(args: argparse.Namespace, knowledge_dir: Path) -> int:
    """Run ``sms-check`` with parsed ``args``; returns the exit code."""
    if args.image:
        print(
            "sms-check: --image is not supported: reading screenshots is out of scope for "
            "now; paste the SMS text instead",
            file=sys.stderr,
        )
        return 2
    analyzer = SmsAnalyzer(load_knowledge(knowledge_dir).sms)
    lang = lang_from_code(args.lang)
    if args.eval:
        return _evaluate(analyzer, args.file or DEFAULT_CORPUS, as_json=args.json)
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
            print(_card(analyzer, verdict, number, lang))
    return 1 if errors else 0


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


def _card(analyzer: SmsAnalyzer, verdict: Verdict, number: int, lang: Lang) -> str:
    label = localize(analyzer.rules.verdicts[verdict.verdict.value], lang)
    facts = ", ".join(
        f"{k}={'/'.join(v) if isinstance(v, tuple) else v}" for k, v in verdict.facts.items()
    )
    lines = [
        f"#{number} {label} ({verdict.verdict.value}) · risk {verdict.risk}",
        f"   name: {verdict.addressed_name or '—'} · facts: {facts or '—'}",
    ]
    for signal in verdict.signals:
        lines.append(f"   · {signal.id}: 「{signal.text}」 {localize(signal.explain, lang)}")
    if verdict.why is not None:
        lines.append(f"   ? {localize(verdict.why, lang)}")
    return "\n".join(lines) + "\n"


def _evaluate(analyzer: SmsAnalyzer, corpus: Path, *, as_json: bool) -> int:
    try:
        data: Any = yaml.safe_load(corpus.read_text(encoding="utf-8"))
        examples = examples_from_corpus(data if isinstance(data, dict) else {})
    except (OSError, UnicodeDecodeError, yaml.YAMLError, ValueError) as exc:
        print(f"sms-check: cannot read the corpus {corpus}: {exc}", file=sys.stderr)
        return 1
    result = evaluate(analyzer, examples)
    if as_json:
        print(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
    else:
        print(f"{corpus}: {len(examples)} messages\n")
        print(result.table())
    return 0
