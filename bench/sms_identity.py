"""Verdict identity for speed work: `python -m bench.sms_identity OUT.jsonl`.

Writes one JSON line per input: the verdict, signals, facts, evidence and explanations (zh
and en, as ``paidoff sms-check --json`` prints them) of every tuning message (the corpus and
the retired held-out files, each with and without its sender), full-width and spaced-out
variants of each, the bench's 2 KB pastes and never-seen texts. Run it before and after a
change in two checkouts and compare the files (``cmp``): a change to the matching or folding
machinery must leave them byte-identical. Held-out files are never read.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import yaml

from bench.sms import KNOWLEDGE, ROOT, _pastes, never_seen
from bot.knowledge.loader import load_knowledge
from bot.sms import SmsAnalyzer

DATA = ROOT / "tests" / "data"


def inputs() -> list[tuple[str, str | None]]:
    """``(text, sender)`` of every case, in a fixed order."""
    files = [DATA / "sms_corpus.yaml", *sorted(DATA.glob("sms_tuning_ho*.yaml"))]
    items: list[dict[str, Any]] = []
    for path in files:
        items += yaml.safe_load(path.read_text("utf-8"))["items"]
    texts = [str(item["text"]) for item in items]
    out: list[tuple[str, str | None]] = []
    for item, text in zip(items, texts, strict=True):
        sender = item.get("sender")
        out += [(text, str(sender) if sender is not None else None), (text, None)]
    wide = {code: code + 0xFEE0 for code in range(ord("!"), ord("~") + 1)}
    out += [(text.translate(wide), None) for text in texts]
    out += [(" ".join(text), None) for text in texts]
    corpus = texts[: len(yaml.safe_load(files[0].read_text("utf-8"))["items"])]
    out += [(text, None) for text in _pastes(corpus, "\n") + _pastes(texts, "\n")[:300]]
    unseen = never_seen(300) + never_seen(1000, chars=160, seed=3) + never_seen(200, seed=11)
    out += [(text, None) for text in unseen]
    return out


def main() -> None:
    """Write the verdicts of ``inputs()`` to the file named on the command line."""
    analyzer = SmsAnalyzer.from_knowledge(load_knowledge(KNOWLEDGE))
    with Path(sys.argv[1]).open("w", encoding="utf-8") as out:
        for text, sender in inputs():
            verdict = analyzer.analyze(text, sender)
            for lang in ("zh", "en"):
                out.write(json.dumps(verdict.to_json(lang), ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
