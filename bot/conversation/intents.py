"""What a user did, as every channel reports it: typed text, a button, a command, a photo.

Channels only parse their input into one of these; the conversation decides what it means.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

__all__ = ["Act", "Command", "Intent", "Photo", "Pressed", "Typed"]


class Act(StrEnum):
    """What a button does (the values are short: Telegram puts them in callback data)."""

    ANSWER = "a"  # choose (or tick) an option: arg = question, arg2 = option
    DONE = "d"  # confirm a multi-select question: arg = question
    BACK = "b"  # undo the last answer: arg = the question shown
    RESTART = "r"
    STEP = "s"  # show guidance step arg (an index), or the summary when arg is ""
    FINISH = "f"  # mark step arg done and go on
    LANG = "l"  # arg = language code
    FORGET = "x"  # arg = "yes" / "no"
    ADVISE = "v"  # go on with the facts of an analyzed SMS: arg = evidence id
    REPORT = "p"  # the 12321 report text of an analyzed SMS: arg = evidence id
    DETAIL = "m"  # the whole of guidance step arg (an index)
    REVISE = "e"  # from the guidance back to the questions (undo the last answer)
    REPLACE = "w"  # use an SMS's facts instead of earlier answers: arg = evidence id
    KEEP = "k"  # keep the earlier answers (the SMS's other facts are already in)
    # --- s4-evidence ---
    EVIDENCE = "o"  # a button of /evidence: arg = pdf, csv, texts, delete, delete_yes/no
    CONSENT = "c"  # keep analyzed SMS as evidence: arg = yes / no
    READ_OK = "t"  # the text read from a screenshot is right: arg = its short token
    # --- s5-follow ---
    REMIND = "n"  # a reminder: arg = what (processing/support/repayment/cancel), arg2 = value
    CHECKIN = "q"  # the answer to a follow-up question: arg = stopped / still, arg2 = kind


@dataclass(frozen=True, slots=True)
class Typed:
    """Text the user typed, pasted or forwarded (``forwarded``: Telegram says so)."""

    text: str
    forwarded: bool = False


@dataclass(frozen=True, slots=True)
class Pressed:
    """A button; ``fresh`` is False for a button from an older knowledge or message."""

    act: Act
    arg: str = ""
    arg2: str = ""
    fresh: bool = True


@dataclass(frozen=True, slots=True)
class Command:
    """A command (``/start``, ``/check`` …) with its argument (``/start sms``: "sms")."""

    name: str
    arg: str = ""


@dataclass(frozen=True, slots=True)
class Photo:
    """A picture: its bytes (``data``) for the conversation's reader, or ``text`` already
    read from it; ``too_large`` when the channel refused it by size before downloading."""

    text: str | None = None
    data: bytes | None = None
    too_large: bool = False


Intent = Typed | Pressed | Command | Photo
