"""Retrain the SMS model from the tuning corpus: `python scripts/train_sms_model.py`.

Reads the tuning data, tests/data/sms_corpus.yaml and the retired held-out files
tests/data/sms_tuning_ho*.yaml (bot.smscheck_args.TRAINING_FILES; never a held-out file),
through the rules of knowledge/sms.yaml and writes knowledge/sms_model.json. Needs the dev extra
(scikit-learn). Deterministic: the same corpus and rules give the same bytes.
`--check` only says whether the shipped file is up to date (exit 1 when stale).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.knowledge.loader import load_knowledge  # noqa: E402
from bot.knowledge.sms_weights import FILE_NAME  # noqa: E402
from bot.sms.analyzer import SmsAnalyzer  # noqa: E402
from bot.sms.evaluate import examples_from_corpus  # noqa: E402
from bot.sms.training import render, train  # noqa: E402
from bot.smscheck_args import TRAINING_FILES  # noqa: E402

CORPORA = tuple(ROOT / path for path in TRAINING_FILES)
KNOWLEDGE = ROOT / "knowledge"


def build(corpora: tuple[Path, ...] = CORPORA, knowledge: Path = KNOWLEDGE) -> str:
    """The text of sms_model.json trained from ``corpora`` with the rules of ``knowledge``."""
    examples = [
        example
        for corpus in corpora
        for example in examples_from_corpus(yaml.safe_load(corpus.read_text(encoding="utf-8")))
    ]
    # the rules alone; the shipped weights are not read, so a stale file cannot stop a retrain
    analyzer = SmsAnalyzer(load_knowledge(knowledge, with_model=False).sms)
    return render(train(analyzer, examples))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the file is stale")
    args = parser.parse_args()
    target = KNOWLEDGE / FILE_NAME
    text = build()
    if args.check:
        fresh = target.is_file() and target.read_text(encoding="utf-8") == text
        print(f"{target.relative_to(ROOT)}: {'up to date' if fresh else 'STALE: retrain'}")
        return 0 if fresh else 1
    target.write_text(text, encoding="utf-8")
    print(f"wrote {target.relative_to(ROOT)} ({len(text.encode()):,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
