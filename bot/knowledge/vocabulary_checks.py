"""Checks of ``language.yaml`` beyond its schema: words that could never match.

The engine compares reading words (negators, question-replies, time words; the OCR's
screen-chrome words) with input that
``bot.normalize.normalize`` has folded to Simplified, lower-case, half-width text. A word
written any other way ("上個月", "Yesterday", "３天") would silently never match, so it is
refused with the form to write instead. A word listed twice in one list is refused too.

``check_all`` (in ``checks``) calls ``check_vocabulary``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from bot.knowledge.language_model import LanguageFile
from bot.knowledge.yamlsrc import Path
from bot.normalize import normalize

__all__ = ["check_vocabulary"]

Add = Callable[[str, Path, str], None]
FILE = "language.yaml"


def check_vocabulary(language: LanguageFile, add: Add) -> None:
    """Report reading words not in matching form, and words listed twice."""
    for path, keyed in _reading(language):
        for at, word in keyed:
            wanted = normalize(word)
            if wanted != word:
                add(FILE, (*path, at), f"'{word}' never matches typed text: write '{wanted}'")
    for path, words in _lists(language):
        seen: set[str] = set()
        for index, word in enumerate(words):
            if word in seen:
                add(FILE, (*path, index), f"'{word}' is listed twice")
            seen.add(word)


def _reading(language: LanguageFile) -> Iterator[tuple[Path, list[tuple[str | int, str]]]]:
    """Each list or mapping of reading words, with the path key of every word."""
    for path, words in _lists(language):
        if path[0] != "hedges":
            yield path, list(enumerate(words))
    for lang, time in (("zh-Hans", language.time.zh_hans), ("en", language.time.en)):
        for key, mapping in (("numbers", time.numbers), ("units", time.units)):
            yield ("time", lang, key), [(w, w) for w in mapping]
        yield ("time", lang, "words"), [(w, w) for w in time.words]


def _lists(language: LanguageFile) -> Iterator[tuple[Path, list[str]]]:
    negators, asking = language.negators, language.asking
    for gi, group in enumerate(negators.zh_hans):
        yield ("negators", "zh-Hans", gi, "words"), group.words
    yield ("negators", "en", "words"), negators.en.words
    yield ("negators", "en", "endings"), negators.en.endings
    yield ("asking", "contains"), asking.contains
    yield ("asking", "ends_with"), asking.ends_with
    yield ("asking", "starts_with"), asking.starts_with
    for lang, time in (("zh-Hans", language.time.zh_hans), ("en", language.time.en)):
        yield ("time", lang, "more"), time.more
        yield ("time", lang, "about"), time.about
    yield ("hedges", "zh-Hans"), language.hedges.zh_hans
    yield ("hedges", "en"), language.hedges.en
    screen = language.screenshot  # s5-ocr: compared with normalised OCR lines
    for key in ("days", "day_parts", "labels", "status", "input"):
        yield ("screenshot", key), getattr(screen, key)
