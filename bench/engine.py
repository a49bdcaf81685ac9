"""Engine step and knowledge load-and-validate times: `python -m bench.engine`."""

from __future__ import annotations

from pathlib import Path

from bench.stats import measure, report
from bot.bootstrap import load_core
from bot.config import Settings
from bot.engine.views import outcome_view, question_view
from bot.knowledge.loader import load_knowledge

KNOWLEDGE = Path(__file__).resolve().parents[1] / "knowledge"


def main() -> None:
    """Print one line per measured operation."""
    print(
        report("knowledge load + validate", measure(lambda: load_knowledge(KNOWLEDGE), 30), "ms")
    )
    advisor = load_core(Settings(knowledge_dir=KNOWLEDGE)).advisor
    fresh = advisor.new_session()
    mid = advisor.choose(advisor.choose(fresh, "paid_off", "yes").session, "paid_when", "today")
    full = advisor.new_session(
        facts={
            "paid_off": "yes",
            "paid_when": "today",
            "loan": "jiebei",
            "overdue": "never",
            "sender": "official",
            "addressed_to": "me",
        }
    )
    runs = 5000
    print(
        report(
            "step: button answer", measure(lambda: advisor.choose(fresh, "paid_off", "yes"), runs)
        )
    )
    print(
        report(
            "step: typed answer (前天还的)",
            measure(lambda: advisor.reply(mid.session, "前天还的"), runs),
        )
    )
    print(
        report(
            "step: typed answer (English)",
            measure(lambda: advisor.reply(fresh, "yep all paid"), runs),
        )
    )
    print(
        report("step: question view", measure(lambda: question_view(advisor, mid.session), runs))
    )
    print(
        report(
            "step: last answer + outcome view",
            measure(
                lambda: outcome_view(advisor, advisor.choose(full, "red_flags", "none").session),
                runs,
            ),
        )
    )


if __name__ == "__main__":
    main()
