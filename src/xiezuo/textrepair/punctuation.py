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

# The comma rules, each led by the literal so the engine jumps from comma to
# comma instead of trying every position. (`,,*` matches what `,+` would, but
# `re` finds no literal prefix in a repeat: `,+` is tried at every character.)
DROPPED = rf",,*(?=[、。；]|;[{CJK}])"  # `,、` `,。` `,;`: noise, dropped
TO_FULL_WIDTH = {
    "double": ",,",  # `,,` is one comma
    "before_cjk": rf",(?=[{CJK}])",  # CJK on the right: no thousands group
    "after_cjk": rf",(?<=[{CJK}],)(?!\s|$)",  # CJK on the left: no thousands group
}
# All in one, the first that matches at a position winning, for the explanation.
COMMA_RE = re.compile(
    f"(?P<before_punct>{DROPPED})|" + "|".join(f"(?P<{name}>{rule})" for name, rule in TO_FULL_WIDTH.items()),
    re.MULTILINE,
)
# The same in two passes with fixed replacements, for speed: dropping a run of
# commas never changes the neighbours of another comma, so the result is the same.
DROPPED_RE = re.compile(DROPPED)
TO_FULL_WIDTH_RE = re.compile("|".join(TO_FULL_WIDTH.values()), re.MULTILINE)
# ASCII `:` `;` `!` straight after an ideograph; one literal-led pattern each.
OTHER_RES = {
    ":": re.compile(rf":(?<=[{HANZI}]:)(?=[{CJK}0-9“]|$)", re.MULTILINE),
    ";": re.compile(rf";(?<=[{HANZI}];)(?=[{CJK}0-9“]|$)", re.MULTILINE),
    "!": re.compile(rf"!(?<=[{HANZI}]!)(?=[{CJK}“]|$)", re.MULTILINE),
}

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


def punctuation_edits(text: str) -> list[Edit]:
    edits = [Edit(m.start(), m.end(), _comma(m), COMMA_NOTE[m.lastgroup or ""]) for m in COMMA_RE.finditer(text)]
    edits += [
        Edit(m.start(), m.end(), FULL_WIDTH[mark], "ASCII punctuation in Chinese text")
        for mark, pattern in OTHER_RES.items()
        for m in pattern.finditer(text)
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


# A comma next to an ASCII `:` `;` `!`: one rule's result would change the
# other's context, so such text takes the explaining path, which judges both
# on the text as it stands.
_INTERACTING_RE = re.compile(",(?:[:;!]|(?<=[:;!],))")


def fix_punctuation_fast(text: str) -> str:
    """`fix_punctuation` without the explanation, for `repair`."""
    if _INTERACTING_RE.search(text):
        return fix_punctuation(text)[0]
    if "," in text:
        text = TO_FULL_WIDTH_RE.sub("，", DROPPED_RE.sub("", text))
    for mark, pattern in OTHER_RES.items():
        if mark in text:
            text = pattern.sub(FULL_WIDTH[mark], text)
    return text
