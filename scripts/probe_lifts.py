"""Out-of-fold reading of candidate lift rules: `python scripts/probe_lifts.py`.

How the model's lift thresholds (bot/sms/training.py ``Settings.lifts``) are chosen, kept so
the figures can be re-run. It reads only the tuning data (bot.smscheck_args.TRAINING_FILES,
never a held-out file) and deals its source groups into the same 10 folds as
``sms-check --eval``'s cross-validation. Each fold's model, trained without the fold's
sources, then lifts the rules' ``unclear`` verdicts of the fold exactly as the bot would
(``SmsModel.lift``), once per candidate lift rule of a grid. It prints, per candidate, how
many messages the lift turned to LABEL: the right ones, and the wrong ones by true label.
Needs the dev extra (scikit-learn).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from itertools import product
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.knowledge.loader import load_knowledge  # noqa: E402
from bot.knowledge.sms_weights import Lift  # noqa: E402
from bot.sms.analyzer import SmsAnalyzer  # noqa: E402
from bot.sms.evaluate import (  # noqa: E402
    examples_from_corpus,
    model_input,
    source_folds,
    source_groups,
)
from bot.sms.model import SmsModel  # noqa: E402
from bot.sms.training import Settings, train  # noqa: E402
from bot.sms.verdict import VerdictKind  # noqa: E402
from bot.smscheck_args import TRAINING_FILES  # noqa: E402


def candidates(label: str) -> list[Lift]:
    """The grid of lift rules to read, for ``label``."""
    if label == "official_notice":
        return [
            Lift(
                label=label,
                min_probability=p,
                min_similarity=s,
                rules_scam_at_most=0,
                plain_only=True,
                min_chars=12,
            )
            for p, s in product((0.6, 0.7, 0.8, 0.9), (0.1, 0.2, 0.3))
        ]
    if label == "collection":
        return [
            Lift(label=label, min_probability=p, min_similarity=s, rules_scam_at_most=0)
            for p, s in product((0.7, 0.8, 0.9), (0.2, 0.3, 0.4))
        ]
    return [
        Lift(label=label, min_probability=p, min_similarity=s, rules_scam_at_least=floor)
        for p, s, floor in product((0.7, 0.8, 0.9), (0.2, 0.3, 0.4), (None, 10, 30))
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--label", default="scam", choices=("scam", "official_notice", "collection")
    )
    args = parser.parse_args()
    examples = [
        example
        for path in TRAINING_FILES
        for example in examples_from_corpus(
            yaml.safe_load((ROOT / path).read_text(encoding="utf-8"))
        )
    ]
    analyzer = SmsAnalyzer(load_knowledge(ROOT / "knowledge").sms)  # the rules alone
    groups = source_groups(examples)
    rules = [analyzer.analyze(e.text, e.sender) for e in examples]
    texts = [model_input(analyzer, e.text, v) for e, v in zip(examples, rules, strict=True)]
    grid = candidates(args.label)
    lifted: list[Counter[str]] = [Counter() for _ in grid]
    for fold in source_folds(groups, 10):
        left_out = set(fold)
        weights = train(analyzer, [e for e in examples if groups[e.id] not in left_out])
        for rule, tally in zip(grid, lifted, strict=True):
            model = SmsModel(weights.model_copy(update={"lifts": (rule,)}))
            for i, example in enumerate(examples):
                if groups[example.id] not in left_out:
                    continue
                if rules[i].verdict is not VerdictKind.UNCLEAR:
                    continue
                after = model.lift(rules[i], texts[i], analyzer.rules.risk_floor)
                if after.verdict is not VerdictKind.UNCLEAR:
                    tally[example.label] += 1
    unclear = Counter(
        e.label for e, v in zip(examples, rules, strict=True) if v.verdict is VerdictKind.UNCLEAR
    )
    print(
        f"{len(examples)} tuning messages; the rules call {sum(unclear.values())} unclear: "
        f"{dict(unclear)}"
    )
    print(f"a lift to {args.label}: p>=, similarity>=, rules' scam score bounds -> right, wrong")
    for rule, tally in zip(grid, lifted, strict=True):
        right = tally[args.label]
        wrong = {k: n for k, n in tally.items() if k != args.label}
        bounds = f"at least {rule.rules_scam_at_least}, at most {rule.rules_scam_at_most}"
        print(
            f"  {rule.min_probability:.1f} {rule.min_similarity:.1f} ({bounds}) -> "
            f"{right} right, {sum(wrong.values())} wrong {wrong}"
        )
    shipped = [r for r in Settings().lifts if r.label == args.label]
    print(f"shipped: {shipped}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
