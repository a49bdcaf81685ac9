"""The arguments of ``paidoff sms-check``: light, so building the CLI's parser (for every
command, ``paidoff check`` included) does not import the SMS analyzer."""

from __future__ import annotations

import argparse
from pathlib import Path

__all__ = [
    "DEFAULT_CORPUS",
    "DEFAULT_HOLDOUTS",
    "DEFAULT_RETIRED",
    "TRAINING_FILES",
    "configure_parser",
]

DEFAULT_CORPUS = Path("tests/data/sms_corpus.yaml")
"""The tuning corpus ``--eval`` reads when no FILE is given (relative to the cwd)."""
DEFAULT_RETIRED = (
    Path("tests/data/sms_tuning_ho1.yaml"),
    Path("tests/data/sms_tuning_ho3.yaml"),
    Path("tests/data/sms_tuning_ho2.yaml"),
    Path("tests/data/sms_tuning_ho4.yaml"),
    Path("tests/data/sms_tuning_ho5.yaml"),
    Path("tests/data/sms_tuning_ho6.yaml"),
    Path("tests/data/sms_tuning_ho7.yaml"),
    Path("tests/data/sms_tuning_ho8.yaml"),
    Path("tests/data/sms_tuning_ho9.yaml"),
    Path("tests/data/sms_tuning_ho11.yaml"),
)
"""Held-out files retired into tuning data (files 1 and 3 in sessions 7-8, files 2 and 4 in
session 9, file 5 in session 10, file 6 in session 11, file 7 in session 12, files 8 and 9 in
session 14, file 11 in session 15, see tests/data/HOLDOUT.md):
``--eval`` reports each as its own tuning section when no FILE is given, and the model is
trained on them with the corpus."""
TRAINING_FILES = (DEFAULT_CORPUS, *DEFAULT_RETIRED)
"""What ``scripts/train_sms_model.py`` trains the model on, in this order."""
DEFAULT_HOLDOUTS = (
    Path("tests/data/sms_holdout10.yaml"),
    Path("tests/data/sms_holdout12.yaml"),
    Path("tests/data/sms_holdout13.yaml"),
)
"""The held-out files ``--eval`` reports beside it, each that exists (relative to the cwd)."""


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
        help=f"evaluate on the tuning corpus FILE (default {DEFAULT_CORPUS}) and each held-out "
        "file: precision/recall with 95%% Wilson intervals, per label and topic, confusion, "
        "names, and a leave-source-out cross-validation of the model",
    )
    parser.add_argument(
        "--holdout",
        type=Path,
        action="append",
        metavar="FILE",
        help="a held-out corpus for --eval, reported as its own section; may be repeated "
        f"(default: {', '.join(map(str, DEFAULT_HOLDOUTS))}, each skipped if absent)",
    )
    parser.add_argument(
        "--retired",
        type=Path,
        action="append",
        metavar="FILE",
        help="a held-out file retired into tuning data, reported as its own tuning section "
        "and cross-validated with the corpus; may be repeated (default without FILE: "
        f"{', '.join(map(str, DEFAULT_RETIRED))}, each skipped if absent)",
    )
    parser.add_argument(
        "--tuning-only",
        action="store_true",
        help="--eval without any held-out file: for whoever writes rules, who must not see "
        "held-out figures (tests/data/HOLDOUT.md)",
    )
    parser.add_argument(
        "--no-cv", action="store_true", help="--eval without the (slower) cross-validation"
    )
    parser.add_argument(
        "--image",
        type=Path,
        metavar="FILE",
        help="read the SMS from a screenshot (PNG, JPEG, ...) with OCR; the JSON line "
        'also carries "text", what was read (bubbles separated by blank lines)',
    )
    parser.add_argument("--lang", help="language of explanations: zh (default), en or hant")
