"""Screenshots of corpus SMS, drawn with Pillow and read back by the real OCR.

Each case renders one (or two) messages of tests/data/sms_corpus.yaml in an iOS-like or
Android-like messages app, light or dark, and reads it as the phone's PNG and as the JPEG
Telegram makes of a photo (longer side 1280 px, quality 80). Character accuracy is
1 − Levenshtein distance / length, summed over all cases, on text without whitespace and
each character NFKC-folded where it stays one character (full-width "，" and "," are one to
the analyzer too; "…" stays one, not "..."). OCR runs with the network cut and rapidocr's
downloader disabled: the models must come from the wheel.

Messages whose meaning lies in what a screenshot cannot show are left out: invisible or
look-alike characters ("homoglyph", zero-width) and emoji the test font lacks.
"""

from __future__ import annotations

import re
import unicodedata
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import pytest
import yaml
from rapidfuzz.distance import Levenshtein

from bot.knowledge.base import Knowledge
from bot.normalize import fold
from bot.ocr import RapidOcrEngine, ScreenshotText, ScreenWords, read_screenshot
from bot.ocr.tiles import bands
from bot.sms import SmsAnalyzer, examples_from_corpus
from bot.sms.evaluate import Example
from tests.conftest import DATA
from tests.support.offline import no_network
from tests.support.screenshots import Layout, render, telegram_jpeg, to_png

LAYOUTS = (
    Layout("ios", dark=False),
    Layout("android", dark=True),
    Layout("ios", dark=True),
    Layout("android", dark=False),
)
PER_LABEL = {"scam": 10, "collection": 9, "official_notice": 8, "unclear": 3}
MAX_CHARS = 150  # one screen; a longer SMS is a scrolling screenshot, not tested here


def _drawable(example: Example) -> bool:
    return (
        len(example.text) <= MAX_CHARS
        and "homoglyph" not in example.id
        and all(
            ord(ch) < 0x10000 and unicodedata.category(ch) not in {"Cf", "So", "Cs", "Co"}
            for ch in example.text
        )
    )


def _pick() -> list[Example]:
    """Evenly spaced messages of each label (a fixed, reproducible choice)."""
    data = yaml.safe_load((DATA / "sms_corpus.yaml").read_text(encoding="utf-8"))
    chosen: list[Example] = []
    for label, count in PER_LABEL.items():
        pool = sorted(
            (e for e in examples_from_corpus(data) if e.label == label and _drawable(e)),
            key=lambda e: e.id,
        )
        chosen += [pool[i * len(pool) // count] for i in range(count)]
    return chosen


@dataclass(frozen=True, slots=True)
class Case:
    name: str
    messages: tuple[Example, ...]
    layout: Layout
    jpeg: bool
    stamps: bool = True

    def image(self) -> bytes:
        sender = self.messages[0].sender
        picture = render([m.text for m in self.messages], sender, self.layout, stamps=self.stamps)
        return telegram_jpeg(picture) if self.jpeg else to_png(picture)


PICKED = _pick()
SINGLES = [
    Case(f"{e.id}-{LAYOUTS[i % 4].name}-{kind}", (e,), LAYOUTS[i % 4], kind == "jpeg")
    for i, e in enumerate(PICKED)
    for kind in ("png", "jpeg")
]
PAIRS = [
    Case(
        f"pair{i}-{LAYOUTS[i].name}-{'jpeg' if i % 2 else 'png'}",
        (PICKED[i], PICKED[-1 - i]),
        LAYOUTS[i],
        jpeg=bool(i % 2),
        stamps=i < 2,  # two with a timestamp between the bubbles, two with only the gap
    )
    for i in range(4)
]


@dataclass(frozen=True, slots=True)
class Reading:
    case: Case
    shot: ScreenshotText


@pytest.fixture(scope="module")
def words(knowledge: Knowledge) -> ScreenWords:
    return ScreenWords.from_knowledge(knowledge)


@pytest.fixture(scope="module")
def readings(ocr_engine: RapidOcrEngine, words: ScreenWords) -> dict[str, Reading]:
    engine = ocr_engine  # the session's one engine (also read by the photo chat tests)
    with no_network():
        engine.warm_up()  # loads both models: from the wheel, or this fails
        with ThreadPoolExecutor(max_workers=2) as workers:
            shots = list(
                workers.map(lambda c: read_screenshot(engine, c.image(), words), SINGLES + PAIRS)
            )
    return {c.name: Reading(c, s) for c, s in zip(SINGLES + PAIRS, shots, strict=True)}


def _plain(text: str) -> str:
    """Whitespace dropped, each character NFKC-folded where that keeps it one ("，" → ","),
    and an ellipsis one character however it is written ("……", "......", "…")."""
    plain = "".join(
        folded if len(folded := fold(ch)) == 1 else ch for ch in text if not ch.isspace()
    )
    return _ELLIPSIS.sub("…", plain)


_ELLIPSIS = re.compile(r"…+|\.{3,}")


def _distance(ref: str, got: str) -> int:
    return Levenshtein.distance(_plain(ref), _plain(got))


def _accuracy(pairs: list[tuple[str, str]]) -> float:
    errors = sum(_distance(ref, got) for ref, got in pairs)
    return 1 - errors / sum(len(_plain(ref)) for ref, _ in pairs)


def _report(capsys: pytest.CaptureFixture[str], line: str) -> None:
    with capsys.disabled():
        print(f"\n[ocr] {line}", end="")


def test_enough_corpus_messages_in_every_look() -> None:
    assert len(PICKED) >= 30
    assert {c.layout for c in SINGLES} == set(LAYOUTS)


@pytest.mark.parametrize(("jpeg", "floor"), [(False, 0.98), (True, 0.95)], ids=["png", "jpeg"])
def test_character_accuracy(
    readings: dict[str, Reading], capsys: pytest.CaptureFixture[str], jpeg: bool, floor: float
) -> None:
    cases = [r for r in readings.values() if r.case in SINGLES and r.case.jpeg == jpeg]
    accuracy = _accuracy([(r.case.messages[0].text, r.shot.text) for r in cases])
    worst = sorted(
        cases,
        key=lambda r: -_distance(r.case.messages[0].text, r.shot.text),
    )[:3]
    _report(
        capsys,
        f"{'JPEG' if jpeg else 'PNG'}: {len(cases)} screenshots, "
        f"character accuracy {accuracy:.2%}",
    )
    assert accuracy >= floor, [(r.case.name, r.shot.text) for r in worst]


def test_one_message_reads_as_one_bubble_with_the_sender_number(
    readings: dict[str, Reading],
) -> None:
    wrong = [
        (r.case.name, r.shot)
        for r in readings.values()
        if r.case in SINGLES
        and (len(r.shot.bubbles) != 1 or r.shot.sender != r.case.messages[0].sender)
    ]
    assert not wrong


def test_two_messages_read_as_two_bubbles_in_order(readings: dict[str, Reading]) -> None:
    for case in PAIRS:
        shot = readings[case.name].shot
        assert len(shot.bubbles) == 2, (case.name, shot)
        first, second = (m.text for m in case.messages)
        pairs = [(first, shot.bubbles[0].text), (second, shot.bubbles[1].text)]
        assert _accuracy(pairs) >= 0.95, (case.name, shot)
        # In order: each bubble is nearer its own message than the other one.
        for (own, read), other in zip(pairs, (second, first), strict=True):
            assert _distance(own, read) < _distance(other, read), (case.name, read)


def test_jiebei_is_read_every_time(readings: dict[str, Reading]) -> None:
    with_jiebei = [
        r for r in readings.values() if "借呗" in "".join(m.text for m in r.case.messages)
    ]
    assert with_jiebei
    assert [r.case.name for r in with_jiebei if "借呗" not in r.shot.text] == []


@pytest.mark.parametrize("jpeg", [False, True], ids=["png", "jpeg"])
def test_verdicts_agree_with_the_text_path(
    readings: dict[str, Reading],
    knowledge: Knowledge,
    capsys: pytest.CaptureFixture[str],
    jpeg: bool,
) -> None:
    analyzer = SmsAnalyzer.from_knowledge(knowledge)
    cases = [r for r in readings.values() if r.case in SINGLES and r.case.jpeg == jpeg]
    differ = []
    for r in cases:
        message = r.case.messages[0]
        typed = analyzer.analyze(message.text, message.sender).verdict
        read = analyzer.analyze(r.shot.text, r.shot.sender).verdict
        if typed != read:
            differ.append((r.case.name, typed.value, read.value, r.shot.text))
    agreement = 1 - len(differ) / len(cases)
    _report(
        capsys,
        f"{'JPEG' if jpeg else 'PNG'}: verdict agreement with the text path "
        f"{agreement:.2%} ({len(cases) - len(differ)}/{len(cases)})",
    )
    assert agreement >= 0.95, differ


LONG = PICKED[::2]  # fifteen messages of every label: a capture about six screens tall


@pytest.mark.parametrize("layout", [LAYOUTS[0], LAYOUTS[1]], ids=lambda x: x.name)
def test_a_long_capture_is_read_bubble_by_bubble_at_full_size(
    ocr_engine: RapidOcrEngine,
    words: ScreenWords,
    capsys: pytest.CaptureFixture[str],
    layout: Layout,
) -> None:
    picture = render([m.text for m in LONG], LONG[0].sender, layout)
    assert len(bands(*picture.size)) >= 3  # a scrolling capture, far taller than wide
    with no_network():
        shot = read_screenshot(ocr_engine, to_png(picture), words)
    read = [b.text for b in shot.bubbles]
    assert len(read) == len(LONG), read
    pairs = [(m.text, got) for m, got in zip(LONG, read, strict=True)]
    accuracy = _accuracy(pairs)
    _report(
        capsys,
        f"long capture {picture.width}×{picture.height} ({layout.name}, "
        f"{len(bands(*picture.size))} bands): {len(LONG)} bubbles, accuracy {accuracy:.2%}",
    )
    assert accuracy >= 0.98, [p for p in pairs if _distance(*p)]
    assert shot.sender == LONG[0].sender
