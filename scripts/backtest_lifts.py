"""Backtest lift rules on messages no rule or model had seen: `python scripts/backtest_lifts.py`.

Each retired held-out file was once read, at its first look, by rules and a model that had
never been written against or trained on it. This script reads each file again with *that*
commit's code, rules and model (`bot/` and `knowledge/` of the commit, unpacked by `git
archive` into a temporary folder and run in a child process: the code differs from commit to
commit), and records per message the rules' verdict, scam score and refusals, the model's
probabilities and its nearest known message per label, and the model text. It then replays
candidate lift rules over those readings as ``SmsModel.lift`` decides (bot/sms/model.py;
``lifted`` below) and prints what each would have turned, by true label.

What it can judge is the model layer's lift rules only: the guards that refuse a verdict are
the old commit's (files 3-5 were read before some of today's guards existed), and today's
rules were written against these files. Session 16 chose its lift thresholds from this
(bot/sms/training.py), so its figures are tuning figures for those thresholds, reported beside
the held-out files', never instead.

Only tuning files are read (retired held-out files, by their tuning names). Needs the commits
in the clone's history (not a shallow clone); about 15 seconds.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import tarfile
import tempfile
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.knowledge.loader import load_knowledge  # noqa: E402
from bot.knowledge.sms_weights import Lift  # noqa: E402
from bot.sms.model import MAX_TEXT, Prediction, admits  # noqa: E402

FIRST_LOOKS: tuple[tuple[str, str], ...] = (
    # (retired file, the commit its first look read it with: tests/data/HOLDOUT.md)
    ("sms_tuning_ho3.yaml", "f912f69279b62e2418de8c57dd514c55eae9ceb9"),  # session 6's end
    ("sms_tuning_ho4.yaml", "7c2fca0f2f1a759bbc96a516a2e0f9fc46a3c356"),  # session 7's rules
    ("sms_tuning_ho5.yaml", "b3b92b3b70e593ec4a6af99506f57c3e4e8f1b9c"),  # session 8's
    ("sms_tuning_ho6.yaml", "6295360bcaaeb7637525b87f9aa9109175cfbe62"),  # session 10's start
    ("sms_tuning_ho7.yaml", "ceda24281c4ae2abe351a0b5b5ebde9a88cca911"),  # session 11's start
    ("sms_tuning_ho8.yaml", "2b4beb5cdd00242026cc2bd8ece8da41e202a7c9"),  # session 13's start
    ("sms_tuning_ho9.yaml", "2b4beb5cdd00242026cc2bd8ece8da41e202a7c9"),
    ("sms_tuning_ho11.yaml", "10050d9e3dab0308ef69c6e55c785ff5c495b6a6"),  # session 14's start
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
from bot.sms.model import SmsModel
knowledge = load_knowledge(tree / "knowledge")
rules, model = SmsAnalyzer(knowledge.sms), SmsModel(knowledge.sms_model)
rows = []
for e in examples_from_corpus(yaml.safe_load(corpus.read_text(encoding="utf-8"))):
    v = rules.analyze(e.text, e.sender)
    text = model_input(rules, e.text, v)
    g = model.predict(text)
    near = {x: (model.nearest(g.present, x) or (None, 0.0))[1]
            for x in ("scam", "official_notice", "collection")}
    rows.append(dict(id=e.id, label=e.label, rules=v.verdict.value, scam=v.scores.scam,
                     refused=sorted(v.refused), p=dict(g.probabilities), near=near,
                     text=text, folded=len(rules.fold(e.text).text)))
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
    "shipped (knowledge/sms_model.json)": load_knowledge(ROOT / "knowledge").sms_model.lifts,
}


def lifted(row: dict[str, Any], lifts: Sequence[Lift]) -> str:
    """The verdict after ``lifts``: as the analyzer lifts (only an ``unclear`` one, of a
    message whose folded text and model text are no longer than ``MAX_TEXT``) and as
    ``SmsModel.lift`` does, by the first rule that ``admits`` it and whose similarity holds."""
    if row["rules"] != "unclear" or row["folded"] > MAX_TEXT or len(row["text"]) > MAX_TEXT:
        return str(row["rules"])
    label, p = max(row["p"].items(), key=lambda item: item[1])
    guess = Prediction(label, p, row["p"], frozenset())
    for rule in lifts:
        near = row["near"].get(label, 0.0)
        if admits(rule, guess, row["refused"], row["scam"], row["text"]) and (
            near >= rule.min_similarity
        ):
            return label
    return "unclear"


def read(commit: str | None, corpus: Path, scratch: Path) -> list[dict[str, Any]]:
    """Each message of ``corpus`` as the code, rules and model of ``commit`` read it (today's
    when None)."""
    tree = ROOT
    if commit is not None:
        tree = scratch / commit
        if not tree.exists():
            found = subprocess.run(
                ["git", "-C", str(ROOT), "cat-file", "-e", f"{commit}^{{commit}}"], check=False
            )
            if found.returncode:
                sys.exit(f"commit {commit} is not in this clone: git fetch --unshallow")
            packed = subprocess.run(
                ["git", "-C", str(ROOT), "archive", commit, "bot", "knowledge"],
                check=True,
                capture_output=True,
            ).stdout
            with tarfile.open(fileobj=io.BytesIO(packed)) as archive:
                archive.extractall(tree, filter="data")
    out = subprocess.run(
        [sys.executable, "-c", READ, str(tree), str(corpus)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    rows: list[dict[str, Any]] = json.loads(out)
    return rows


def readings() -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as scratch:
        for name, commit in FIRST_LOOKS:
            got = read(commit, ROOT / "tests" / "data" / name, Path(scratch))
            print(f"{name} at {commit[:7]}: {len(got)} messages", file=sys.stderr)
            rows += got
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
