"""The matching form of an SMS, with a map from every matching character back to the original.

Patterns run on the matching form; evidence is shown from the original. The form is
``bot.normalize.fold`` (NFKC, invisible characters dropped) per character, lower-case,
Traditional → Simplified by OpenCC ``t2s`` and 帐 → 账 (characters only: the ``tw2sp`` phrase
conversion of ``bot.i18n`` would turn mainland words such as 程序 into 进程), spaces
between two Chinese characters removed, and evasive spellings replaced by the word they
stand for (``薇信`` → ``微信``); unfilled template placeholders (``${number}``, ``{0}``, ``%s``)
read as a value, ``0000``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

import opencc

from bot.normalize import fold
from bot.sms.prefilter import Near

__all__ = [
    "CJK",
    "WRITTEN_DOTS",
    "Aliases",
    "Folded",
    "alias_pairs",
    "fold_for_matching",
    "to_simplified",
]

CJK = "\u3400-\u4dbf\u4e00-\u9fff"
"""Chinese characters, as a regex class body."""

# Full-width ASCII (，：！？（）０-９Ａ-Ｚ), the ideographic space and curly quotes, folded
# one-to-one as NFKC and ``fold`` would, but without the per-character slow path.
_ONE_TO_ONE = {
    **{chr(code): chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)},
    "\u3000": " ",
    "‘": "'",
    "’": "'",
    "“": '"',
    "”": '"',
}
_WIDE = re.compile("[\uff01-\uff5e\u3000‘’“”]")
# Characters NFKC leaves alone and that need no other folding: printable ASCII, CJK
# punctuation (、。【】…) and Chinese characters. Runs of them are copied in one step.
_SAFE_RUN = re.compile(rf"[\t\n -~\u3001-\u303f{CJK}]+")
_CJK_RUN = re.compile(rf"[{CJK}]+")
_CJK_GAP = re.compile(rf"[ \t](?<=[{CJK}][ \t])[ \t]{{0,7}}(?=[{CJK}])")
# Template placeholders a sender's system failed to fill ("您的验证码为${number}",
# "您于{}应还{}元", "尊敬的%s用户"): read as the value they stand for, so "验证码为0000"
# and "0000元" match as a code and an amount do. "0000" is too short to be read as a
# phone or card number.
_PLACEHOLDER = re.compile(
    r"\{\$[a-z0-9_]{1,24}\}|#\{[a-z0-9_]{1,24}\}|\{\d{0,2}\}"
    r"|\{[a-z][a-z0-9_]{0,23}\}|%[sd](?![0-9a-f])"  # not a URL's percent-encoding (%d3)
    # --- s13-rulesa --- the other ways back-end templates print a variable: a dotted or
    # arrowed path ("{$notice.user_name}", "{$order->order_sn}"), spaced or named in Chinese
    # ("${ plan.amount }", "${txt_验证码}"), Go templates ("{{ mask .User.Name }}"), a
    # positional printf ("%1$s") and "#company_phone#"
    rf"|\{{\$[a-z0-9_]{{1,24}}(?:(?:\.|->)[a-z0-9_]{{1,24}}){{1,3}}\}}"
    rf"|\$ ?\{{ ?[a-z0-9_.{CJK}]{{1,40}} ?\}}"  # also the plain "${order.no}"
    # A Go template's path starts with a dot ("{{ .Order.No }}"); a dotted name in double braces
    # without one ("{{jiebei.top}}") is left to the link reader, which keeps it a link on a risky
    # ending or a brand (bot/sms/urls.py → _identifier)
    r"|\{\{-? ?(?:[a-z]{1,12} ){0,2}\.[a-z0-9_.]{1,40} ?-?\}\}|\{\{ ?[a-z_][a-z0-9_]{0,40} ?\}\}"
    r"|%\d\$[sd]|(?<![a-z0-9])#[a-z][a-z0-9_]{1,23}#"
    # a bare PHP/shell variable ("验证码是:$vcode", "$first_name老板"), never after a letter
    # or digit (us$, nt$) nor before a digit
    r"|(?<![a-z0-9$])\$[a-z_][a-z0-9_]{1,23}(?![a-z0-9_])"
)
_VALUE = "0000"
# --- s13-rulesa --- a number written with dashes ("400—8199—491", "021–5555–0000"): an
# em or en dash between two digits reads as the hyphen, so the number is a number.
_DASHES = "\u2012\u2013\u2014\u2015\u2212"
_DIGIT_DASH = re.compile(rf"(?<=\d)[{_DASHES}](?=\d)")
# Both searched only near the characters every match has ("{", "%", "#", "$"; the dashes):
# the same matches as a search of the whole text, whose every position they would try.
_PLACEHOLDERS = Near(_PLACEHOLDER)
_DIGIT_DASHES = Near(_DIGIT_DASH)
# --- s10-rulesb --- A link a warning page printed defanged ("hxxps[:]//esumbenk[.]com", "a(.)cn"),
# pasted by someone who copied it: read as the link it stands for, so the link checks apply.
# Only between a link's own characters ("x[.]cc", "hxxps[:]//"), never in prose ("3(.)5元").
_DEFANGED = re.compile(
    r"hxxp(?=s?(?:\[:\]|:)//)"
    r"|(?<=[a-z0-9])(?:\[:\](?=//)|\[\.\](?=[a-z0-9])|(?:\(\.\)|\[dot\])(?=[a-z]))",
    re.IGNORECASE,
)
_REFANG = {"[:]": ":", "[.]": ".", "(.)": ".", "[dot]": "."}
WRITTEN_DOTS = frozenset({".", *(k for k, v in _REFANG.items() if v == ".")})
"""What stands for a dot of a link as written or as a warning page defangs it (after NFKC):
anything else the fold reads as a dot was spelled to dodge filters (``_SPELLED_HOST``)."""
# A link written so that filters miss it: its dots spelled as " . ", "。" or "点" (also 點 and
# ｡, which fold to those): "hb-jd . top", "jbhf点com", "www。kd-fix。cc". Read as the link it
# stands for, so the link checks apply; ``bot.sms.urls`` tells it apart by what stood for its
# dots (``Link.disguised``). Only up to five labels, every dot spelled, ending in a common
# ending; the first label has a letter and is no word of an app's screen ("打开APP点VIP专区",
# "APP点Me页面"). A spelled dot beside a plain address ("cmbchina.com。VIP客户",
# "version。cdn.example.net", "点365.com") is a sentence's or a tap's, and an e-mail address's
# domain is not a link; so prose ("3点cn", "下午3点到", "thank you. com") is left alone.
_SPELLED = r"(?:[ \t]{1,2}\.[ \t]{0,2}|[ \t]?[。点][ \t]?)"
_ENDINGS = "com|cn|net|top|cc|xyz|vip|shop|icu|pw|me|im|tk|club|site|online"
_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,18}[a-z0-9])?"
_SPELLED_HOST = re.compile(
    rf"(?<![a-z0-9.@-])(?P<first>{_LABEL})(?:{_SPELLED}{_LABEL}){{0,3}}{_SPELLED}"
    rf"(?P<ending>{_ENDINGS})(?![a-z0-9]|\.[a-z0-9])"
)
_SPELLED_DOT = re.compile(_SPELLED)
_SCREEN_WORDS = frozenset({"app", "apps", "me", "you", "us", "h5", "pc"})
# Endings that are English words too: after a lone full stop ("invoice。Net", "order。Top")
# they start a sentence rather than end an address.
_WORD_ENDINGS = frozenset({"net", "top", "vip", "shop", "me", "im", "club", "site", "online"})
# What any such link has somewhere: cheaper to look for first, as "。" is in most SMS.
_SPELLED_NEAR = re.compile(r"[a-z0-9](?:[ \t]?[。点]|[ \t]{1,2}\.)[ \t]{0,2}[a-z0-9]")


@dataclass(frozen=True, slots=True)
class Folded:
    """A text in matching form; ``starts``/``ends`` locate each character in ``original``."""

    original: str
    text: str
    starts: Sequence[int]
    ends: Sequence[int]

    def source(self, start: int, end: int) -> str:
        """The original characters behind ``text[start:end]``."""
        first, last = self.source_span(start, end)
        return self.original[first:last]

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """Where ``text[start:end]`` lies in ``original`` (start inclusive, end exclusive)."""
        if start >= end or start >= len(self.starts):
            pos = self.starts[start] if start < len(self.starts) else len(self.original)
            return pos, pos
        return self.starts[start], self.ends[min(end, len(self.ends)) - 1]


class Aliases:
    """Evasive spellings and the word each stands for, matched in the folded text."""

    def __init__(self, pairs: Mapping[str, str]) -> None:
        usable = {k: v for k, v in pairs.items() if k and k != v}
        self._ordered = tuple(sorted(usable, key=len, reverse=True))
        self._to = usable
        firsts = "".join(sorted({re.escape(v[0]) for v in self._ordered}))
        self._firsts = re.compile(f"[{firsts}]") if firsts else None
        # Longest first, as one alternation: where several variants start, the longest wins.
        self._every = _alternation(self._ordered) if self._ordered else None

    def apply(self, folded: Folded) -> Folded:
        """``folded`` with every variant replaced; replacements map to the variant's span."""
        text = folded.text
        if self._every is None or self._firsts is None or self._firsts.search(text) is None:
            return folded  # the usual SMS: no variant can start anywhere
        return _rewrite(folded, self._every, lambda found: self._to[found])


@cache
def _alternation(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(map(re.escape, words)))


def fold_for_matching(original: str, aliases: Aliases | None = None) -> Folded:
    """The matching form of ``original`` with its map back to the original characters."""
    quick = _WIDE.sub(lambda m: _ONE_TO_ONE[m.group()], original)
    if _SAFE_RUN.fullmatch(quick) or not quick:
        # The usual SMS: every character folds to itself, so the map is the identity.
        folded = Folded(
            original, _simplified(quick.lower()), range(len(quick)), range(1, len(quick) + 1)
        )
    else:
        folded = _fold_mixed(original, quick)
    folded = _rewrite(folded, _CJK_GAP, lambda _: "")
    if any(mark in folded.text for mark in "{%#$"):
        folded = _rewrite(folded, _PLACEHOLDERS, lambda _: _VALUE)
    if any(dash in folded.text for dash in _DASHES):
        folded = _rewrite(folded, _DIGIT_DASHES, lambda _: "-")
    if "[" in folded.text or "hxxp" in folded.text or "(.)" in folded.text:
        folded = _rewrite(folded, _DEFANGED, lambda found: _REFANG.get(found.lower(), "http"))
    if _SPELLED_NEAR.search(folded.text) is not None:
        folded = _undisguise(folded)
    return aliases.apply(folded) if aliases is not None else folded


def _fold_mixed(original: str, quick: str) -> Folded:
    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    for run in _SAFE_RUN.finditer(quick):
        _fold_slowly(quick, pos, run.start(), pieces, starts, ends)
        pieces.append(run.group().lower())
        starts.extend(range(run.start(), run.end()))
        ends.extend(range(run.start() + 1, run.end() + 1))
        pos = run.end()
    _fold_slowly(quick, pos, len(quick), pieces, starts, ends)
    return Folded(original, _simplified("".join(pieces)), tuple(starts), tuple(ends))


def _fold_slowly(
    original: str, start: int, end: int, pieces: list[str], starts: list[int], ends: list[int]
) -> None:
    for index in range(start, end):
        out = _fold_char(original[index])
        pieces.append(out)
        starts.extend([index] * len(out))
        ends.extend([index + 1] * len(out))


@lru_cache(maxsize=8192)
def _fold_char(char: str) -> str:
    return fold(char).lower()


@cache
def _converter() -> opencc.OpenCC:
    # Built on first use, never at import time: building one reads OpenCC's dictionaries.
    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional → Simplified characters (OpenCC ``t2s``), mainland words left alone,
    and 帐 written 账 as mainland SMS do (帳戶 → 账户)."""
    # OpenCC t2s keeps 帐 for 帳 (帳戶 → 帐户); mainland SMS write 账 (账户, 转账, 账单).
    return str(_converter().convert(text)).replace("帐", "账")


def _simplified(text: str) -> str:
    """Traditional → Simplified, keeping the length (so the offset map stays valid)."""
    converted = to_simplified(text)
    if len(converted) == len(text):
        return converted
    # A phrase conversion changed the length (記憶體 → 内存): convert run by run, and
    # character by character inside a run that would change length.
    return _CJK_RUN.sub(lambda m: _same_length(m.group()), text)


def _same_length(run: str) -> str:
    converted = to_simplified(run)
    if len(converted) == len(run):
        return converted
    return "".join(c if len(c := to_simplified(ch)) == 1 else ch for ch in run)


def _rewrite(
    folded: Folded, pattern: re.Pattern[str] | Near, replace: Callable[[str], str]
) -> Folded:
    edits = [
        (found.start(), found.end(), replace(found.group()))
        for found in pattern.finditer(folded.text)
        if found.start() != found.end()
    ]
    return _splice(folded, edits) if edits else folded


def _undisguise(folded: Folded) -> Folded:
    """``folded`` with the spelled dots of disguised links (``_SPELLED_HOST``) read as dots."""
    edits: list[tuple[int, int, str]] = []
    for host in _SPELLED_HOST.finditer(folded.text):
        first = host.group("first")
        if first in _SCREEN_WORDS or not any("a" <= c <= "z" for c in first):
            continue
        parts = list(_SPELLED_DOT.finditer(host.group()))
        if len(parts) == 1 and parts[0].group() == "。" and host.group("ending") in _WORD_ENDINGS:
            continue
        edits += ((host.start() + part.start(), host.start() + part.end(), ".") for part in parts)
    return _splice(folded, edits) if edits else folded


def _splice(folded: Folded, edits: Iterable[tuple[int, int, str]]) -> Folded:
    """``folded`` with ``text[start:end]`` replaced by ``out`` for each ``(start, end, out)``
    (in order, not overlapping): the new characters map to the span they replace, the others
    keep their place in the original."""
    text, starts, ends = folded.text, folded.starts, folded.ends
    pieces: list[str] = []
    new_starts: list[int] = []
    new_ends: list[int] = []
    pos = 0
    for start, end, out in edits:
        pieces.append(text[pos:start])
        new_starts.extend(starts[pos:start])
        new_ends.extend(ends[pos:start])
        pieces.append(out)
        new_starts.extend([starts[start]] * len(out))
        new_ends.extend([ends[end - 1]] * len(out))
        pos = end
    pieces.append(text[pos:])
    new_starts.extend(starts[pos:])
    new_ends.extend(ends[pos:])
    return Folded(folded.original, "".join(pieces), tuple(new_starts), tuple(new_ends))


def alias_pairs(groups: Iterable[tuple[str, Iterable[str]]]) -> dict[str, str]:
    """``{variant: word}`` from ``(word, variants)`` groups, both in matching form."""
    out: dict[str, str] = {}
    for word, variants in groups:
        target = fold_for_matching(word).text
        for variant in variants:
            out[fold_for_matching(variant).text] = target
    return out
