"""Backtest lift rules on messages no rule or model had seen: `python scripts/backtest_lifts.py`.

Each retired held-out file was once read, at its first look, by rules and a model that had
never been written against or trained on it. This script reads each file again with *that*
commit's code, rules and model (a temporary `git worktree` of the commit, run in a child
process: the code differs from commit to commit), and records per message the rules' verdict,
scam score and refusals, the model's probabilities and its nearest known message per label.
It then replays candidate lift rules over those readings, with the conditions of
``SmsModel.lift`` (bot/sms/model.py), and prints what each would have turned, by true label.
Session 16 chose its lift thresholds from this (bot/sms/training.py); so its figures are
tuning figures for those thresholds, reported beside the held-out files', never instead.

Only tuning files are read (retired held-out files, by their tuning names). Needs git and the
project's virtual environment; about two minutes.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.knowledge.sms_weights import Lift  # noqa: E402
from bot.sms.training import Settings  # noqa: E402

FIRST_LOOKS: tuple[tuple[str, str], ...] = (
    # (retired file, the commit its first look read it with: tests/data/HOLDOUT.md)
    ("sms_tuning_ho3.yaml", "f912f69"),  # session 6's final rules (file 3 held out)
    ("sms_tuning_ho4.yaml", "7c2fca0"),  # session 7's rules, before file 4 grew to 159
    ("sms_tuning_ho5.yaml", "b3b92b3"),  # session 8's rules and model
    ("sms_tuning_ho6.yaml", "6295360"),  # session 10's starting rules
    ("sms_tuning_ho7.yaml", "ceda242"),  # session 11's starting rules
    ("sms_tuning_ho8.yaml", "2b4beb5"),  # session 13's starting rules
    ("sms_tuning_ho9.yaml", "2b4beb5"),
    ("sms_tuning_ho11.yaml", "10050d9"),  # session 14's starting rules
)

READ = r"""
import json, sys
from pathlib import Path
import yaml
tree, corpus = Path(sys.argv[1]), Path(sys.argv[2])
sys.path.insert(0, str(tree))
from bot.knowledge.loader import load_knowledge
from bot.sms.analyzer import SmsAnalyzer
from bot.sms.evaluate import examples_from_corpus, model_input
import bot.sms.model
from bot.sms.model import SmsModel
knowledge = load_knowledge(tree / "knowledge")
rules, model = SmsAnalyzer(knowledge.sms), SmsModel(knowledge.sms_model)
content = getattr(bot.sms.model, "_content_chars", len)
rows = []
for e in examples_from_corpus(yaml.safe_load(corpus.read_text(encoding="utf-8"))):
    v = rules.analyze(e.text, e.sender)
    text = model_input(rules, e.text, v)
    g = model.predict(text)
    near = {x: (model.nearest(g.present, x) or (None, 0.0))[1]
            for x in ("scam", "official_notice", "collection")}
    rows.append(dict(id=e.id, label=e.label, rules=v.verdict.value, scam=v.scores.scam,
                     refused=sorted(v.refused), p=dict(g.probabilities), near=near,
                     chars=content(text)))
json.dump(rows, sys.stdout, ensure_ascii=False)
"""

SCAM_30 = Lift(label="scam", min_probability=0.8, min_similarity=0.3, rules_scam_at_least=30)
COLLECTION = Lift(
    label="collection", min_probability=0.9, min_similarity=0.3, rules_scam_at_most=0
)


def scam(p: float) -> Lift:
    """A scam lift with no rules' floor."""
    return Lift(label="scam", min_probability=p, min_similarity=0.3)


def official(p: float) -> Lift:
    """The official lift (plain messages only) at probability ``p``."""
    return Lift(
        label="official_notice",
        min_probability=p,
        min_similarity=0.2,
        rules_scam_at_most=0,
        plain_only=True,
        min_chars=12,
    )


POLICIES: dict[str, tuple[Lift, ...]] = {
    "rules alone": (),
    "session 15 (scam p 0.8 from a score of 30; official 0.8)": (
        SCAM_30,
        COLLECTION,
        official(0.8),
    ),
    "+ scam p 0.95, no floor": (SCAM_30, scam(0.95), COLLECTION, official(0.8)),
    "+ scam p 0.9, no floor": (SCAM_30, scam(0.9), COLLECTION, official(0.8)),
    "+ scam p 0.8, no floor": (SCAM_30, scam(0.8), COLLECTION, official(0.8)),
    "… and official 0.65": (SCAM_30, scam(0.9), COLLECTION, official(0.65)),
    "… and official 0.6": (SCAM_30, scam(0.9), COLLECTION, official(0.6)),
    "shipped (bot/sms/training.py)": Settings().lifts,
}


def lifted(row: dict[str, Any], lifts: Sequence[Lift]) -> str:
    """The verdict after ``lifts``, decided as ``SmsModel.lift`` decides it (the message's
    model text no longer than ``MAX_TEXT``, which no tuning message exceeds)."""
    if row["rules"] != "unclear":
        return str(row["rules"])
    label, p = max(row["p"].items(), key=lambda item: item[1])
    for rule in lifts:
        if rule.label != label or p < rule.min_probability or label in row["refused"]:
            continue
        if rule.plain_only and "scam" not in row["refused"]:
            continue  # it asks for something
        if rule.min_chars and row["chars"] < rule.min_chars:
            continue
        if rule.rules_scam_at_most is not None and row["scam"] > rule.rules_scam_at_most:
            continue
        if rule.rules_scam_at_least is not None and row["scam"] < rule.rules_scam_at_least:
            continue
        if row["near"].get(label, 0.0) < rule.min_similarity:
            continue
        return label
    return "unclear"


def readings() -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as scratch:
        for name, commit in FIRST_LOOKS:
            tree = Path(scratch) / commit
            if not tree.exists():
                subprocess.run(
                    [
                        "git",
                        "-C",
                        str(ROOT),
                        "worktree",
                        "add",
                        "-q",
                        "--detach",
                        str(tree),
                        commit,
                    ],
                    check=True,
                )
            out = subprocess.run(
                [sys.executable, "-c", READ, str(tree), str(ROOT / "tests" / "data" / name)],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            got = json.loads(out)
            print(f"{name} at {commit}: {len(got)} messages", file=sys.stderr)
            rows += got
    subprocess.run(["git", "-C", str(ROOT), "worktree", "prune"], check=True)  # the trees went
    return rows


def main() -> int:
    rows = readings()
    total = Counter(r["label"] for r in rows)
    print(f"{len(rows)} messages at their first look: {dict(total)}")
    for name, lifts in POLICIES.items():
        c = Counter((r["label"], lifted(r, lifts)) for r in rows)
        print(
            f"{name}: scams {c['scam', 'scam']}/{total['scam']} "
            f"(called genuine {c['scam', 'official_notice']}, ⚪ {c['scam', 'unclear']}); "
            f"genuine {c['official_notice', 'official_notice']}/{total['official_notice']} "
            f"(called scam {c['official_notice', 'scam']}); "
            f"collection {c['collection', 'collection']}/{total['collection']}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
