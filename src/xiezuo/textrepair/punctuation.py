"""Layer 3: the ASCII commas a mirror sprinkles into Chinese text.

`,,` and a lone `,` in Chinese text become `，`; an ASCII comma straight before
CJK punctuation is dropped (`,、` `,。` `,；`). ASCII `;` `:` `!` after an
ideograph become full-width. Thousands separators (`1,000`) and English
commas are left alone.
"""

from __future__ import annotations

import re

from xiezuo.textrepair.chars import CJK_PUNCT, HANZI
from xiezuo.textrepair.steps import Edit, Step, apply_edits

LAYER = "punctuation"

CJK = f"{HANZI}{CJK_PUNCT}"

# A comma (or a run of them) followed by CJK punctuation: the commas are noise.
# `;` counts as CJK punctuation here because the stored pages turned `；` into it.
COMMA_BEFORE_PUNCT_RE = re.compile(rf"(?<=[{CJK}]),+(?=[{CJK_PUNCT}]|;(?=[{CJK}]))")

# One or two commas with Chinese on at least one side, but not between digits.
COMMA_IN_CHINESE_RE = re.compile(
    rf"""
    (?: (?<=[{CJK}]) ,{{1,2}}+ (?![0-9a-zA-Z\s])     # CJK on the left, not before Latin or a space
      | (?<=[{CJK}]) ,{{1,2}}+ (?=[0-9])(?![0-9]{{3}}(?![0-9]))  # CJK, then a number that is no thousands group
      | (?<![\s,]) ,{{1,2}}+ (?=[{CJK}])             # CJK on the right: no thousands group
    )
    """,
    re.VERBOSE,
)

FULL_WIDTH = {";": "；", ":": "：", "!": "！"}
OTHER_ASCII_RE = re.compile(rf"(?<=[{HANZI}])[;:!](?=[{CJK}0-9“]|$)", re.MULTILINE)

# Evidence of the mirror's comma noise, for the diagnosis.
NOISE_RE = re.compile(rf",,|,(?=[、。；])|,(?=;[{CJK}])")


def punctuation_edits(text: str) -> list[Edit]:
    edits = [Edit(m.start(), m.end(), "", "comma before CJK punctuation") for m in COMMA_BEFORE_PUNCT_RE.finditer(text)]
    taken = {e.start for e in edits}
    for match in COMMA_IN_CHINESE_RE.finditer(text):
        if match.start() not in taken:
            edits.append(Edit(match.start(), match.end(), "，", "comma in Chinese text"))
    for match in OTHER_ASCII_RE.finditer(text):
        edits.append(Edit(match.start(), match.end(), FULL_WIDTH[match.group()], "ASCII punctuation in Chinese text"))
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
