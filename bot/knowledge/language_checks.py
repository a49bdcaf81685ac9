"""Language checks of the knowledge folder: what each language must keep of the others.

- English keeps every hedge the Chinese has: a line with 通常/可能/以…为准 whose English
  says nothing like "usually"/"may" states as certain what the Chinese does not (the
  hedge words are in ``language.yaml``).
- A step's main text (why + how, zh-Hans) stays short; the rest goes to ``detail``.
- zh-Hant is derived by OpenCC: every text is converted and checked for known mistakes
  (a 后 left unconverted, a Taiwan phrase such as 登出 for 注销).
- Every source has a ``label`` in both languages, since users see sources by that name.

``check_all`` (in ``checks``) calls ``check_languages``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from bot.i18n import to_traditional
from bot.knowledge.language_model import Hedges
from bot.knowledge.model import Text, TextList
from bot.knowledge.yamlsrc import Path

if TYPE_CHECKING:
    from bot.knowledge.checks import Files

__all__ = [
    "MAX_STEP_MAIN",
    "Hedging",
    "check_languages",
    "hant_mistakes",
]

Add = Callable[[str, Path, str], None]

MAX_STEP_MAIN = 250
"""Characters (zh-Hans, spaces not counted) of a step's why + how: short first, detail below."""

# What OpenCC output must never contain: (text, why it is wrong).
_BAD_HANT = (
    ("登出", "a Taiwan phrase (s2twp): 注销 must stay 註銷"),
    ("天后", "reads as the goddess 天后: 天後 is meant"),
)
# Words in which a Traditional text rightly keeps 后 (queen, empress).
_HOU_WORDS = ("皇后", "太后", "王后", "后土", "影后", "歌后")


class Hedging:
    """The hedge words of ``language.yaml``: Chinese found anywhere, English as whole words."""

    def __init__(self, hedges: Hedges) -> None:
        self._zh = tuple(hedges.zh_hans)
        words = "|".join(re.escape(w) for w in sorted(hedges.en, key=len, reverse=True))
        self._en = re.compile(rf"\b(?:{words})\b", re.IGNORECASE)

    def zh(self, text: str) -> str | None:
        """The first hedge (in file order) of a Chinese text, or None when it has none."""
        return next((h for h in self._zh if h in text), None)

    def en(self, text: str) -> bool:
        """Whether an English text hedges (usually, may, go by, …)."""
        return self._en.search(text) is not None


def check_languages(files: Files, add: Add) -> None:
    """Report hedges lost in English, long steps, wrong Traditional and unlabelled sources."""
    hedging = Hedging(files.language.hedges)
    for file, path, text in _texts(files):
        if isinstance(text, TextList):
            _list(hedging, file, path, text, add)
        else:
            _pair(hedging, file, path, text.zh_hans, text.en, add)
            _traditional(file, (*path, "zh-Hans"), text.zh_hans, add)
    for si, step in enumerate(files.steps.steps):
        main = "".join([step.why.zh_hans, *step.how.zh_hans])
        size = len("".join(main.split()))
        if size > MAX_STEP_MAIN:
            add(
                "steps.yaml",
                ("steps", si, "how"),
                f"main text (why + how) is {size} characters"
                f" in zh-Hans, at most {MAX_STEP_MAIN}: move the rest to 'detail'",
            )
    for key, text in files.texts.texts.items():
        if text.zh_hant is not None and to_traditional(text.zh_hant) != text.zh_hant:
            add("texts.yaml", ("texts", key, "zh-Hant"), "written zh-Hant is not Traditional")
    for si, source in enumerate(files.sources.sources):
        if source.label is None:
            add("sources.yaml", ("sources", si), "no 'label' (zh-Hans/en): users see this name")


def _list(hedging: Hedging, file: str, path: Path, lines: TextList, add: Add) -> None:
    if len(lines.zh_hans) != len(lines.en):
        add(file, path, f"{len(lines.zh_hans)} zh-Hans lines but {len(lines.en)} en lines")
        _pair(hedging, file, path, " ".join(lines.zh_hans), " ".join(lines.en), add)
    else:
        for li, (zh, en) in enumerate(zip(lines.zh_hans, lines.en, strict=True)):
            _pair(hedging, file, (*path, "en", li), zh, en, add)
    for li, zh in enumerate(lines.zh_hans):
        _traditional(file, (*path, "zh-Hans", li), zh, add)


def _pair(hedging: Hedging, file: str, path: Path, zh: str, en: str, add: Add) -> None:
    word = hedging.zh(zh)
    if word is not None and not hedging.en(en):
        add(file, path, f"zh-Hans hedges ('{word}') but en does not (usually/may/go by …)")


def _traditional(file: str, path: Path, zh: str, add: Add) -> None:
    for message in hant_mistakes(to_traditional(zh)):
        add(file, path, f"{message}: reword, or add a fix to HANT_FIXES in bot/i18n.py")


def hant_mistakes(hant: str) -> list[str]:
    """What looks wrong in a text converted to Traditional (empty when it reads right)."""
    found = [f"zh-Hant has '{bad}', {why}" for bad, why in _BAD_HANT if bad in hant]
    rest = hant
    for word in _HOU_WORDS:
        rest = rest.replace(word, "")
    if "后" in rest and "天后" not in rest:
        at = rest.index("后")
        found.append(f"zh-Hant keeps '后' in '{rest[max(0, at - 3) : at + 2]}' (後?)")
    return found


def _texts(files: Files) -> Iterator[tuple[str, Path, Text | TextList]]:
    for si, step in enumerate(files.steps.steps):
        base: Path = ("steps", si)
        parts = {
            "title": step.title,
            "why": step.why,
            "how": step.how,
            "script": step.script,
            "keep": step.keep,
            "detail": step.detail,
        }
        yield from ((("steps.yaml", (*base, k), v)) for k, v in parts.items() if v is not None)
    for ci, cause in enumerate(files.causes.causes):
        yield "causes.yaml", ("causes", ci, "title"), cause.title
        yield "causes.yaml", ("causes", ci, "summary"), cause.summary
    for ri, rule in enumerate(files.rules.rules):
        yield "rules.yaml", ("rules", ri, "why"), rule.why
    for key, text in files.texts.texts.items():
        yield "texts.yaml", ("texts", key), text
    for qi, question in enumerate(files.questions.questions):
        base = ("questions", qi)
        for key, value in (
            ("text", question.text),
            ("hint", question.hint),
            ("named_text", question.named_text),
        ):
            if value is not None:
                yield "questions.yaml", (*base, key), value
        for oi, option in enumerate(question.options):
            yield "questions.yaml", (*base, "options", oi, "label"), option.label
    for si, source in enumerate(files.sources.sources):
        if source.label is not None:
            yield "sources.yaml", ("sources", si, "label"), source.label
