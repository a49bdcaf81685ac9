"""The ready-to-send report of a spam or scam SMS to the 12321 centre (DOMAIN.md §3).

DOMAIN.md gives the form ``被举报号码*短信内容`` (sent by SMS to 12321) and no length
limit, so the SMS text is kept whole; only surrounding blanks are dropped, and its links
are defanged (``hxxp://alipay-jb[.]top``): the report is shown in the chat, where a live
link could be tapped, and 12321 can still read it.
"""

from __future__ import annotations

import re

from bot.sms.defang import defang
from bot.sms.numbers import classify_number
from bot.sms.text import fold_for_matching
from bot.sms.verdict import Verdict

__all__ = ["report_12321", "reportable"]


def report_12321(message: Verdict | str, number: str, template: str) -> str:
    """``template`` (``{number}*{text}`` in sms.yaml) filled with the sender and the SMS.

    ``number`` is cleaned to its digits (``+86 138-0013-8000`` → ``13800138000``); a value
    with no digits raises ValueError, because 12321 needs the number being reported.
    """
    text = (message.text if isinstance(message, Verdict) else message).strip()
    digits = re.sub(r"\D", "", fold_for_matching(number).text)
    shown = classify_number(digits, sender=True)
    digits = shown.number if shown is not None else digits
    if not digits.isdigit():
        raise ValueError("12321 needs the sender's number, and this one has no digits")
    if not text:
        raise ValueError("12321 needs the text of the SMS, and it is empty")
    return template.format(number=digits, text=defang(text))


def reportable(number: str | None) -> bool:
    """Whether a 12321 report can be written: it needs the sender's number."""
    return any(ch.isdigit() for ch in fold_for_matching(number or "").text)
