"""A fixed SMS workload for instruction counts: `python -m bench.sms_instructions N`.

Loads the knowledge, builds the rules-only analyzer, then analyzes the first ``N`` corpus
messages once each. Instruction counts do not move with the machine's load, so two checkouts
compare fairly even on a busy machine: run it under cachegrind with ``N`` = 0 and ``N`` = 400 in
each checkout, and the difference over 400 is the cost of one short SMS::

    valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null \\
        .venv/bin/python -m bench.sms_instructions 400

(bench/README.md has the session-13 figures). Held-out files are never read.
"""

from __future__ import annotations

import sys

import yaml

from bench.sms import KNOWLEDGE, ROOT
from bot.knowledge.loader import load_knowledge
from bot.sms import SmsAnalyzer


def main(count: int) -> None:
    analyzer = SmsAnalyzer(load_knowledge(KNOWLEDGE).sms)
    corpus = yaml.safe_load((ROOT / "tests" / "data" / "sms_corpus.yaml").read_text("utf-8"))
    analyzer.analyze("预热")
    for item in corpus["items"][:count]:
        analyzer.analyze(item["text"])


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 400)
