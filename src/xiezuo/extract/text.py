"""The text `extract` reads: repaired when the mirror damaged it, with punctuation made uniform.

Stored pages often carry ASCII punctuation in Chinese text (`,` for `，`). The
rules read a copy in which those marks are full-width; the copy has the same
length, so every span found in it is a span of the text itself, and every
string reported is taken from the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from xiezuo.textrepair import diagnose, repair

# One-for-one, so offsets stay the same.
_FULL_WIDTH = str.maketrans({",": "，", ";": "；", ":": "：", "(": "（", ")": "）", "!": "！", "?": "？"})
_DIGIT_COMMA_RE = re.compile(r"(?<=[0-9])，(?=[0-9]{3})")


# Where a phrase of the text starts or ends: punctuation (either width), brackets and white space.
PHRASE_BOUNDARIES = frozenset("，。；：！？、“”‘’《》（）() \t\n\u3000")


def phrase_start(scan: str, end: int, limit: int) -> int:
    """Walk left from `end` to the start of its phrase, at most `limit` characters back.

    >>> phrase_start("会上，仪陇县委书记", 9, 30)
    3
    """
    start = end
    while start > 0 and end - start < limit and scan[start - 1] not in PHRASE_BOUNDARIES:
        start -= 1
    return start


@dataclass(frozen=True)
class ReportText:
    """The report as read: `text` (strings come from here) and `scan` (what the rules match)."""

    text: str
    scan: str
    repaired: bool


def prepare(raw: str) -> ReportText:
    """Repair mirror damage, then build the scanning copy.

    >>> prepare("協(xié)作,,1,000").text
    '协作，1,000'
    >>> prepare("开会,1,000人").scan
    '开会，1,000人'
    """
    repaired = diagnose(raw).mirror
    text = repair(raw) if repaired else raw
    scan = _DIGIT_COMMA_RE.sub(",", text.translate(_FULL_WIDTH))
    return ReportText(text=text, scan=scan, repaired=repaired)
