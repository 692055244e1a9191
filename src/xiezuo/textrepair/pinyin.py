"""Layer 2: tone-marked readings the mirror put after converted characters.

An annotation is removed only when it is one valid syllable in parentheses,
straight after a character whose scripts differ, and a listed reading of that
character (any heteronym, either script). Real parentheses, `(報)`,
`(記者 唐亞)`, `(1514)`, never match.
"""

from __future__ import annotations

import re

from xiezuo.textrepair.chars import HANZI, PINYIN_LETTERS, TONE_MARKED
from xiezuo.textrepair.converters import t2s_char
from xiezuo.textrepair.readings import is_reading
from xiezuo.textrepair.steps import Edit, Step, apply_edits

LAYER = "pinyin"

ANNOTATION_RE = re.compile(
    rf"""
    (?P<char>[{HANZI}])           # the annotated character
    \(                            # ASCII open parenthesis, as the mirror writes it
    (?P<reading>[{PINYIN_LETTERS}]{{1,7}})  # one syllable: pinyin has at most 6 letters
    \)
    """,
    re.VERBOSE,
)

# One site drops the letters: `會 )` (space, close parenthesis).
BROKEN_ANNOTATION_RE = re.compile(rf"(?P<char>[{HANZI}]) \)")

TONE_MARK_RE = re.compile(f"[{TONE_MARKED}]")


def is_converted(char: str) -> bool:
    """True for a character the mirror would have converted (its scripts differ)."""
    return t2s_char(char) != char


def annotation_edits(text: str) -> list[Edit]:
    """Where the text carries a removable annotation."""
    edits = []
    for match in ANNOTATION_RE.finditer(text):
        char, reading = match["char"], match["reading"]
        if is_converted(char) and is_reading(char, reading):
            edits.append(Edit(match.start("char") + 1, match.end(), "", f"reading of {char}"))
    for match in BROKEN_ANNOTATION_RE.finditer(text):
        if is_converted(match["char"]) and not _inside_open_parenthesis(text, match.start()):
            edits.append(Edit(match.start() + 1, match.end(), "", "annotation without letters"))
    return edits


def suspicious_annotations(text: str) -> list[re.Match[str]]:
    """Annotations in the mirror's shape that are no reading of the character before.

    They mark other damage (mojibake, a Big5 gateway's mangled vowels) and are
    reported, not removed.
    """
    return [
        m
        for m in re.finditer(rf"(?P<char>.)\((?P<reading>[{PINYIN_LETTERS}]{{1,7}})\)", text)
        if TONE_MARK_RE.search(m["reading"])
        and not (is_converted(m["char"]) and is_reading(m["char"], m["reading"]))
    ]


def _inside_open_parenthesis(text: str, position: int) -> bool:
    line_start = text.rfind("\n", 0, position) + 1
    line = text[line_start:position]
    return line.rfind("(") > line.rfind(")")


def remove_annotations(text: str) -> tuple[str, list[Step]]:
    """Remove every annotation that is a valid reading of its character.

    >>> remove_annotations("東西部協(xié)作(報)")[0]
    '東西部協作(報)'
    """
    return apply_edits(text, LAYER, annotation_edits(text))
