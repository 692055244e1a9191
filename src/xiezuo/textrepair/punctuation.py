"""Layer 3: the ASCII commas a mirror sprinkles into Chinese text.

`,,` and a lone `,` in Chinese text become `，`; an ASCII comma straight before
CJK punctuation is dropped (`,、` `,。` `,；`). ASCII `;` `:` `!` after an
ideograph become full-width. Thousands separators (`1,000`: digits on both
sides) and English commas are left alone.
"""

from __future__ import annotations

import re

from xiezuo.textrepair.chars import CJK_PUNCT, HANZI
from xiezuo.textrepair.steps import Edit, Step, apply_edits

LAYER = "punctuation"

CJK = f"{HANZI}{CJK_PUNCT}"

# Led by the literal, so the engine jumps from comma to comma instead of
# trying every position; the group that matched names the rule.
COMMA_RE = re.compile(
    rf"""
    ,(?: (?P<before_punct> ,* (?=[、。；]|;[{CJK}]) )           # `,、` `,。` `,;`: noise, dropped
       | (?P<double> , )                                         # `,,` is one comma
       | (?P<before_cjk> (?=[{CJK}]) )                           # CJK on the right: no thousands group
       | (?P<after_cjk> (?<=[{CJK}],) (?!\s|$) )                 # CJK on the left: no thousands group
    )
    """,
    re.VERBOSE | re.MULTILINE,
)
# ASCII `:` `;` `!` straight after an ideograph.
OTHER_RE = re.compile(rf"[:;!](?<=[{HANZI}][:;!])(?=[{CJK}0-9“]|$)", re.MULTILINE)

COMMA_REPLACEMENT = {"before_punct": "", "double": "，", "before_cjk": "，", "after_cjk": "，"}
COMMA_NOTE = {
    "before_punct": "comma before CJK punctuation",
    "double": "double comma",
    "before_cjk": "comma in Chinese text",
    "after_cjk": "comma in Chinese text",
}
FULL_WIDTH = {":": "：", ";": "；", "!": "！"}

# Evidence of the mirror's comma noise, for the diagnosis.
NOISE_RE = re.compile(rf",(?:,|(?=[、。；])|(?=;[{CJK}]))")


def _comma(match: re.Match[str]) -> str:
    return COMMA_REPLACEMENT[match.lastgroup or ""]


def _full_width(match: re.Match[str]) -> str:
    return FULL_WIDTH[match.group()]


def punctuation_edits(text: str) -> list[Edit]:
    edits = [Edit(m.start(), m.end(), _comma(m), COMMA_NOTE[m.lastgroup or ""]) for m in COMMA_RE.finditer(text)]
    edits += [
        Edit(m.start(), m.end(), _full_width(m), "ASCII punctuation in Chinese text") for m in OTHER_RE.finditer(text)
    ]
    return edits


def count_noise(text: str) -> int:
    """How many places show the mirror's comma noise."""
    return len(NOISE_RE.findall(text))


def fix_punctuation(text: str) -> tuple[str, list[Step]]:
    """Full-width punctuation in Chinese text, without the mirror's extra commas.

    >>> fix_punctuation("8月26日,,南充市政协副主席,、仪陇县委书记,共3,000人")[0]
    '8月26日，南充市政协副主席、仪陇县委书记，共3,000人'
    """
    return apply_edits(text, LAYER, punctuation_edits(text))


def fix_punctuation_fast(text: str) -> str:
    """`fix_punctuation` without the explanation, for `repair`."""
    return OTHER_RE.sub(_full_width, COMMA_RE.sub(_comma, text))
