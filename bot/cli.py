"""The ``paidoff`` command line (also ``python -m bot``); see DESIGN.md for the contract."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from bot.config import Settings
from bot.errors import ConfigError, KnowledgeError, PaidOffError
from bot.i18n import lang_from_code
from bot.smscheck_args import configure_parser

if TYPE_CHECKING:  # s6-startup: each command imports what it needs, in its function
    from bot.engine.advisor import Advisor
    from bot.engine.session import FactValue
    from bot.knowledge.model import Lang

__all__ = ["main"]

log = logging.getLogger("bot")


def main(argv: Sequence[str] | None = None) -> int:
    """Parse arguments, run the command, turn known errors into one clear line."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        settings = Settings.from_env(os.environ)
        _logging(settings.log_level, [settings.token, settings.webhook_secret])
        command = args.command or ("run" if settings.token else "chat")
        if command == "check":
            return _check(replace(settings, knowledge_dir=args.dir or settings.knowledge_dir))
        if command == "graph":
            return _graph(settings, args.format, lang_from_code(args.lang))
        if command == "advise":
            return _advise(settings, args.facts, lang_from_code(args.lang), args.json)
        if command == "expire":
            return asyncio.run(_expire(settings))
        if command == "sms-check":
            from bot.smscheck import run_sms_check  # noqa: PLC0415 - loads the SMS analyzer

            return run_sms_check(args, settings)
        if command in ("run", "deploy"):
            from telegram.error import InvalidToken

            from bot.channels.telegram.run import deploy_telegram, run_telegram

            start = deploy_telegram if command == "deploy" else run_telegram
            try:
                return start(settings, webhook_url=getattr(args, "webhook", None))
            except InvalidToken:  # PTB's message repeats the token: never print it
                message = "Telegram rejected the token (revoked or mistyped?); ask @BotFather"
                raise ConfigError("TELEGRAM_BOT_TOKEN", message) from None
        return asyncio.run(_chat(settings, args, hint=args.command is None))
    except KnowledgeError as exc:
        print(f"the knowledge folder has {len(exc.problems)} problem(s):", file=sys.stderr)
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 1
    except ConfigError as exc:
        print(f"configuration error: {exc}", file=sys.stderr)
        return 2
    except PaidOffError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="paidoff",
        description="还清助手 Paid-Off Advisor. With no command: the Telegram bot when "
        "TELEGRAM_BOT_TOKEN is set, otherwise the terminal chat.",
    )
    sub = parser.add_subparsers(dest="command")
    chat = sub.add_parser("chat", help="terminal chat on the same engine and store")
    chat.add_argument("--lang", help="zh (default), en or hant")
    run = sub.add_parser("run", help="the Telegram bot (polling, or a webhook)")
    run.add_argument("--webhook", metavar="URL", help="public HTTPS URL Telegram should call")
    deploy = sub.add_parser(  # s5-replicas
        "deploy", help="one-off, for replicas: register the webhook and the command menus"
    )
    deploy.add_argument("--webhook", metavar="URL", help="default: PAIDOFF_WEBHOOK_URL")
    check = sub.add_parser("check", help="validate a knowledge folder")
    check.add_argument("dir", nargs="?", type=Path)
    graph = sub.add_parser("graph", help="the decision tree as a diagram")
    graph.add_argument("--format", choices=["mermaid", "dot"], default="mermaid")
    graph.add_argument("--lang", default="en")
    advise = sub.add_parser("advise", help="the outcome for given facts")
    advise.add_argument("--facts", required=True, help='JSON, e.g. {"paid_when": "前天还的"}')
    advise.add_argument("--lang", default="zh-Hans")
    advise.add_argument("--json", action="store_true", help="machine-readable output")
    sub.add_parser(
        "expire", help="delete conversations and kept SMS older than PAIDOFF_RETENTION_DAYS now"
    )
    configure_parser(sub.add_parser("sms-check", help="analyse SMS: verdict, signals, facts"))
    parser.set_defaults(lang=None)
    return parser


_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class _Redacting(logging.Formatter):
    """Replaces each secret (the token, the webhook secret) in every formatted line.

    Libraries put the token in messages and tracebacks (PTB: "The token `…` was rejected
    by the server"); this runs after formatting, so nothing they log can carry it out.
    """

    def __init__(self, fmt: str, secrets: Sequence[str]) -> None:
        super().__init__(fmt)
        self.secrets = sorted(secrets, key=len, reverse=True)

    def format(self, record: logging.LogRecord) -> str:
        out = super().format(record)
        for secret in self.secrets:
            out = out.replace(secret, "[redacted]")
        return out


def _logging(level: str, secrets: Sequence[str | None] = ()) -> None:
    # Libraries stay at INFO or above: at DEBUG, aiosqlite logs SQL parameters (SMS texts)
    # and PTB logs message texts both ways. Only our own "bot" logger follows the setting.
    numeric = logging.getLevelNamesMapping()[level]
    logging.basicConfig(
        level=max(logging.INFO, numeric),
        format=_FORMAT,
        stream=sys.stderr,
    )
    hidden = [s for s in secrets if s]
    # The token's secret half alone is as good as the token: hide it wherever it appears.
    hidden += [s.split(":", 1)[1] for s in hidden if ":" in s]
    if hidden:
        for handler in logging.getLogger().handlers:
            handler.setFormatter(_Redacting(_FORMAT, hidden))
    logging.getLogger("bot").setLevel(numeric)
    logging.getLogger("aiosqlite").setLevel(logging.WARNING)
    # Privacy: httpx logs request URLs, which contain the bot token, and PTB's DEBUG logs
    # carry message texts both ways. Neither may be written, whatever the level asked for.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    telegram_level = max(logging.INFO, logging.getLevelNamesMapping()[level])
    logging.getLogger("telegram").setLevel(telegram_level)


def _check(settings: Settings) -> int:
    from bot.knowledge.loader import load_knowledge  # noqa: PLC0415 - never the cache

    knowledge = load_knowledge(settings.knowledge_dir)
    print(
        f"{settings.knowledge_dir}: ok — {len(knowledge.questions)} questions, "
        f"{len(knowledge.causes)} causes, {len(knowledge.steps)} steps, "
        f"{len(knowledge.rules)} rules, {len(knowledge.sources)} sources "
        f"(revision {knowledge.revision})"
    )
    return 0


def _graph(settings: Settings, fmt: str, lang: Lang) -> int:
    from bot.bootstrap import load_core  # noqa: PLC0415
    from bot.knowledge.graph import to_dot, to_mermaid  # noqa: PLC0415

    knowledge = load_core(settings).knowledge
    sys.stdout.write(to_dot(knowledge, lang) if fmt == "dot" else to_mermaid(knowledge, lang))
    return 0


def _advise(settings: Settings, raw: str, lang: Lang, as_json: bool) -> int:
    try:
        given = json.loads(raw)
    except json.JSONDecodeError as exc:
        print(f"--facts is not valid JSON: {exc.msg} (column {exc.colno})", file=sys.stderr)
        return 2
    if not isinstance(given, dict):
        print('--facts must be a JSON object, e.g. {"paid_off": "yes"}', file=sys.stderr)
        return 2
    from bot.bootstrap import load_core  # noqa: PLC0415
    from bot.knowledge.base import localize  # noqa: PLC0415

    advisor = load_core(settings).advisor
    facts, unresolved = resolve_facts(advisor, given)
    session = advisor.new_session(lang, facts)
    outcome = advisor.outcome(session)
    pending = advisor.pending(session)
    if as_json:
        result = {
            "facts": {k: sorted(v) if isinstance(v, frozenset) else v for k, v in facts.items()},
            "unresolved": unresolved,
            "pending": pending,
            "causes": [
                {"id": c.id, "score": c.score, "why": localize(c.why, lang)}
                for c in outcome.causes
            ],
            "steps": list(outcome.steps),
            "more": list(outcome.more),
            "top": list(outcome.top),
        }
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return 0
    k = advisor.knowledge
    for cause in outcome.causes:
        title = localize(k.causes[cause.id].title, lang)
        print(f"{cause.score:3d}  {title} — {localize(cause.why, lang)}")
    print()
    if len(outcome.top) > 1:
        print(k.text("causes_tied", lang, count=len(outcome.top)))
    for number, step in enumerate(outcome.steps, start=1):
        print(f"{number}. {localize(k.steps[step].title, lang)}")
    if outcome.more:
        print(k.text("more_steps", lang, count=len(outcome.more)))
        for number, step in enumerate(outcome.more, start=len(outcome.steps) + 1):
            print(f"{number}. {localize(k.steps[step].title, lang)}")
    if pending:
        print(f"\n(still unknown: {', '.join(pending)})")
    return 0


def resolve_facts(
    advisor: Advisor, given: dict[str, object]
) -> tuple[dict[str, FactValue], dict[str, object]]:
    """Facts given as option IDs or free text, resolved; the rest reported as unresolved."""
    facts: dict[str, FactValue] = {}
    unresolved: dict[str, object] = {}
    for fact, value in given.items():
        question = advisor.knowledge.question_for_fact(fact)
        if question is None:
            if str(value) in advisor.knowledge.given.get(fact, ()):  # e.g. sms_verdict
                facts[fact] = str(value)
            else:
                unresolved[fact] = value
            continue
        texts = value if isinstance(value, list) else [value]
        chosen: list[str] = []
        for text in texts:
            options = advisor.resolve(question.id, str(text)).options
            ids = {o.id for o in question.options}
            if str(text) in ids:
                options = (str(text),)
            if not options:
                break
            chosen += options
        else:
            if chosen:
                facts[fact] = frozenset(chosen) if question.multi else chosen[0]
                continue
        unresolved[fact] = value
    return facts, unresolved


async def _expire(settings: Settings) -> int:
    """What the bot's expiry job does, once, for a cron job or before a backup."""
    from bot.bootstrap import bootstrap  # noqa: PLC0415

    parts = await bootstrap(settings)
    try:
        removed = await parts.service.expire()
    finally:
        await parts.close()
    print(f"deleted {removed} conversations and kept messages older than "
          f"{settings.retention_days} days")  # fmt: skip
    return 0


async def _chat(settings: Settings, args: argparse.Namespace, hint: bool) -> int:
    from bot.bootstrap import bootstrap
    from bot.channels.console import run_console

    parts = await bootstrap(settings)
    try:
        lang = lang_from_code(args.lang) if getattr(args, "lang", None) else None
        return await run_console(parts.service, lang=lang, hint=hint)
    finally:
        await parts.close()
