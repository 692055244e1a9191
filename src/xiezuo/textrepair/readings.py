"""Tone-marked readings of a character, in either script (pypinyin's table)."""

from __future__ import annotations

import unicodedata
from functools import cache

from xiezuo.textrepair.converters import s2t_char, t2s_char


def _listed(char: str) -> frozenset[str]:
    # Imported here: pypinyin's table takes a quarter of a second to load, and
    # clean text, `--version` and `diagnose` of unannotated text never need it.
    from pypinyin.pinyin_dict import pinyin_dict

    listed = pinyin_dict.get(ord(char), "")
    return frozenset(unicodedata.normalize("NFC", r) for r in listed.split(",") if r)


@cache
def readings(char: str) -> frozenset[str]:
    """Every listed reading of `char` and of its other-script forms.

    The mirror reads each character out of context and pypinyin lists some
    readings under one script only (績 jī, 绩 jì jī), so a reading counts when
    either form lists it.

    >>> sorted(readings("長"))
    ['cháng', 'zhàng', 'zhǎng']
    """
    forms = {char, t2s_char(char), s2t_char(char)}
    result: frozenset[str] = frozenset()
    for form in forms:
        if len(form) == 1:
            result |= _listed(form)
    return result


@cache
def is_reading(char: str, syllable: str) -> bool:
    """True when `syllable` (tone-marked) is a listed reading of `char`."""
    return unicodedata.normalize("NFC", syllable) in readings(char)
