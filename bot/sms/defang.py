"""Links from an SMS made harmless to show: ``http://alipay-jb.top`` → ``hxxp://alipay-jb[.]top``.

Every text the bot shows or exports from an SMS (the quoted message, the matched parts,
the explanations, the 12321 report, /evidence) passes through ``defang``, so no chat
client turns a scammer's link into something tappable. It works on the text alone: a
scheme becomes ``hxxp``/``hxxps`` and the dots of anything shaped like a host become
``[.]`` — also in full-width spellings (ａｌｉｐａｙ．ｃｏｍ), with invisible characters
inside, and in e-mail addresses, which clients link too.
"""

from __future__ import annotations

import re

__all__ = ["defang", "host_spans"]

_ZW = "\u200b-\u200d\u2060\ufeff"
_ALNUM = f"a-z0-9ａ-ｚＡ-Ｚ０-９{_ZW}"
_LETTER = f"a-zａ-ｚＡ-Ｚ{_ZW}"
_DOTS = ".．。｡"
# Not after a letter ("xhttp" is a word), but after an invisible character it is a scheme.
_SCHEME = re.compile(
    r"(?<![a-zａ-ｚＡ-Ｚ])([hｈＨ])"
    rf"[{_ZW}]*[tｔＴ][{_ZW}]*[tｔＴ][{_ZW}]*([pｐＰ][{_ZW}]*[sｓＳ]?)"
    rf"(?=[{_ZW}\s]*[:：])",
    re.IGNORECASE,
)
# A run of labels joined by dots (ASCII or full-width) that ends in letters: a host.
_HOST = re.compile(
    rf"(?<![{_ALNUM}_{_DOTS}-])(?:[{_ALNUM}][{_ALNUM}-]{{0,62}}[{_ZW}]*[{_DOTS}][{_ZW}]*)+"
    rf"[{_LETTER}][{_ALNUM}-]{{0,62}}",
    re.IGNORECASE,
)
_DOT = re.compile(f"[{_DOTS}]")


def defang(text: str) -> str:
    """``text`` with every link and host defanged; other text unchanged."""
    out = _HOST.sub(lambda m: _DOT.sub("[.]", m.group()), text)
    return _SCHEME.sub(lambda m: f"{m.group(1)}xx{m.group(2)}", out)


def host_spans(text: str) -> list[tuple[int, int]]:
    """Where ``text`` has hosts or schemes: a mark (bold, underline) must not cut one."""
    return sorted(
        [m.span() for m in _HOST.finditer(text)] + [m.span() for m in _SCHEME.finditer(text)]
    )
