"""Layer 2: tone-marked readings the mirror put after converted characters.

An annotation is removed only when it is one syllable in parentheses,
straight after a character whose scripts differ, and a listed reading of that
character (any heteronym, either script). Real parentheses, `(報)`,
`(記者 唐亞)`, `(1514)`, never match.
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import cache

from xiezuo.textrepair.chars import TONE_MARKED
from xiezuo.textrepair.converters import converted_chars, converted_class, is_converted
from xiezuo.textrepair.readings import is_reading, readings
from xiezuo.textrepair.steps import Edit, Step, apply_edits

LAYER = "pinyin"

# One syllable: pinyin has at most six letters (zhuang); allow a seventh for a
# combining mark. As ranges, which the engine tests faster than a list:
#   U+00E0–U+00FC  à á è é ì í ò ó ù ú ü (and their neighbours)
#   U+0101–U+01DC  ā ē ě ī ō ū ǎ ǐ ǒ ǔ ǖ ǘ ǚ ǜ (and their neighbours)
#   U+0144 ń, U+0148 ň, U+01F9 ǹ, U+1E3F ḿ
# Whether the letters form a real reading is checked against pypinyin after.
SYLLABLE = "[a-z\u00e0-\u00fc\u0101-\u01dc\u01f9\u1e3f]{1,7}"
BROKEN = "broken"


@cache
def annotation_re() -> re.Pattern[str]:
    """`協(xié)`: a converted character, then its reading in ASCII parentheses.

    The match is the annotation alone, the character is checked (and captured)
    behind it, and the pattern is led by `(`: the engine jumps from one
    parenthesis to the next, and removal is a plain substitution with ''.
    """
    return re.compile(rf"\((?<=(?P<char>[{converted_class()}])\()(?P<reading>{SYLLABLE})\)")


@cache
def broken_annotation_re() -> re.Pattern[str]:
    """One site drops the letters: `會 )`, a space and the closing parenthesis."""
    return re.compile(rf"\x20\)(?<=(?P<char>[{converted_class()}])\x20\))")


@cache
def valid_annotation_re() -> re.Pattern[str]:
    """`annotation_re` narrowed to the annotations `is_reading` accepts, as one pattern.

    Checking each match in Python costs more than finding it; here the engine
    checks too. Each reading ends by looking back at the characters it is a
    reading of, `xié\\)(?<=[協諧…]\\(xié\\))`, and the readings share a trie so
    the engine tests a letter at a time, not a thousand readings in turn.

    It matches exactly where `annotation_re` matches and `is_reading` holds:
    its readings are those of converted characters that `SYLLABLE` matches
    whole, and `is_reading` compares NFC forms, but a string of `SYLLABLE`
    letters is its own NFC (NFC joins a letter only with its neighbour, and no
    pair joins), so comparing the text literally is the same test.

    >>> import unicodedata
    >>> letters = [chr(code) for code in range(0x2000) if re.fullmatch(SYLLABLE, chr(code))]
    >>> all(unicodedata.is_normalized("NFC", a + b) for a in letters for b in letters)
    True
    """
    chars_by_reading: dict[str, list[str]] = defaultdict(list)
    for char in sorted(converted_chars()):
        for reading in readings(char):
            if re.fullmatch(SYLLABLE, reading):
                chars_by_reading[reading].append(char)
    # After the last letter: `)`, then the character before the `(`.
    ends = {
        reading: rf"\)(?<=[{''.join(chars)}]\({re.escape(reading)}\))" for reading, chars in chars_by_reading.items()
    }
    # A reading of more characters is likelier on a page: it is tried first.
    weight = {reading: len(chars) for reading, chars in chars_by_reading.items()}
    return re.compile(r"\(" + _trie(sorted(ends), ends, weight))


def _trie(words: list[str], ends: dict[str, str], weight: dict[str, int], depth: int = 0) -> str:
    """`words`, which share their first `depth` letters, as one pattern factored letter by letter.

    Each word is followed by its pattern in `ends`. At most one word can match
    at a place (each end starts with `)`, which no word contains), so the order
    of the alternatives changes no result; the engine tries them in turn, so
    the heaviest go first.

    >>> _trie(["ba", "bai", "bo"], {"ba": "1", "bai": "2", "bo": "3"}, {"ba": 1, "bai": 1, "bo": 5})
    'b(?:o3|a(?:1|i2))'
    """
    branches = [(weight[word], ends[word]) for word in words if len(word) == depth]
    by_letter: dict[str, list[str]] = defaultdict(list)
    for word in words:
        if len(word) > depth:
            by_letter[word[depth]].append(word)
    branches += [
        (sum(weight[word] for word in group), re.escape(letter) + _trie(group, ends, weight, depth + 1))
        for letter, group in by_letter.items()
    ]
    branches.sort(key=lambda branch: -branch[0])
    patterns = [pattern for _, pattern in branches]
    return patterns[0] if len(patterns) == 1 else f"(?:{'|'.join(patterns)})"


def annotation_edits(text: str) -> list[Edit]:
    """Where the text carries a removable annotation."""
    edits = [
        Edit(m.start(), m.end(), "", f"reading of {m['char']}")
        for m in annotation_re().finditer(text)
        if is_reading(m["char"], m["reading"])
    ]
    if " )" in text:
        edits += [
            Edit(m.start(), m.end(), "", BROKEN)
            for m in broken_annotation_re().finditer(text)
            if not _inside_open_parenthesis(text, m.start())
        ]
    return edits


def remove_annotations(text: str) -> tuple[str, list[Step]]:
    """Remove every annotation that is a valid reading of its character.

    >>> remove_annotations("東西部協(xié)作(報)")[0]
    '東西部協作(報)'
    """
    return apply_edits(text, LAYER, annotation_edits(text))


def remove_annotations_fast(text: str) -> str:
    """`remove_annotations` without the explanation, for `repair`.

    `valid_annotation_re` matches the annotations `annotation_edits` removes,
    so one substitution with '' removes the same ones.
    """
    if " )" in text:
        # Rare: one pass over both forms, so each is judged on the text as it
        # stands (as the explaining path does), not after the other is gone.
        return _either_annotation_re().sub(
            lambda m: m.group() if m["char"] and _inside_open_parenthesis(text, m.start()) else "", text
        )
    return valid_annotation_re().sub("", text)


@cache
def _either_annotation_re() -> re.Pattern[str]:
    return re.compile(f"{valid_annotation_re().pattern}|{broken_annotation_re().pattern}")


def has_annotation(text: str) -> bool:
    """True at the first removable annotation (the mirror's surest mark)."""
    for match in annotation_re().finditer(text):
        if is_reading(match["char"], match["reading"]):
            return True
    return any(not _inside_open_parenthesis(text, m.start()) for m in broken_annotation_re().finditer(text))


TONE_MARK_RE = re.compile(f"[{TONE_MARKED}]")
ANY_ANNOTATION_RE = re.compile(rf"(?P<char>.)\((?P<reading>{SYLLABLE})\)")


def suspicious_annotations(text: str) -> list[re.Match[str]]:
    """Annotations in the mirror's shape that are no reading of the character before.

    They mark other damage (mojibake, a Big5 gateway's mangled vowels) and are
    reported, not removed.
    """
    return [
        m
        for m in ANY_ANNOTATION_RE.finditer(text)
        if TONE_MARK_RE.search(m["reading"]) and not (is_converted(m["char"]) and is_reading(m["char"], m["reading"]))
    ]


def _inside_open_parenthesis(text: str, position: int) -> bool:
    line_start = text.rfind("\n", 0, position) + 1
    line = text[line_start:position]
    return line.rfind("(") > line.rfind(")")
