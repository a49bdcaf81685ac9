"""The 【signature】 of an SMS: one definition of what one looks like, used everywhere.

A signature is a run of up to 30 characters (no brackets, no line break) inside 【…】 or
``[…]`` (courts often sign ``[…人民法院]``); it stands at the start or the end of a
message. Splitting a paste, telling an SMS from a typed answer and reading who a message
claims to be all use these patterns, so they cannot disagree about what a signature is.
"""

from __future__ import annotations

import re

__all__ = ["ANYWHERE", "INSIDE", "LEADING", "ONLY", "TRAILING"]

INSIDE = r"[^【】\[\]\n]{1,30}"
"""A signature's inside, as a regex."""
_OPEN = r"[【\[]"
_CLOSE = r"[】\]]"

LEADING = re.compile(rf"^[^\w【\[]{{0,8}}{_OPEN}({INSIDE}){_CLOSE}")
"""A signature at the start of a message (after at most a few symbols); group 1 is its inside."""
TRAILING = re.compile(rf"{_OPEN}({INSIDE}){_CLOSE}\W{{0,8}}$")
"""A signature at the end of a message (before at most a few symbols)."""
ONLY = re.compile(rf"^\s*【{INSIDE}】\s*$")
"""A line that is nothing but a 【signature】."""
ANYWHERE = re.compile(rf"【{INSIDE}】")
"""A 【signature】 anywhere in a text."""
