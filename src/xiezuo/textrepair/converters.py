"""OpenCC converters and the table of converted characters, built once on first use."""

from __future__ import annotations

import re
from functools import cache

import opencc


@cache
def converter(config: str) -> opencc.OpenCC:
    """The OpenCC converter for `config` (``t2s``, ``s2t``, ``s2tw``, ``s2hk``)."""
    return opencc.OpenCC(f"{config}.json")


def convert(config: str, text: str) -> str:
    """`text` through one OpenCC configuration.

    OpenCC cannot encode lone surrogates (from a bad `\\ud800` JSON escape):
    the text around them is converted and they pass through as they are.
    """
    try:
        return str(converter(config).convert(text))
    except UnicodeEncodeError:
        return "".join(
            piece if _SURROGATE_RE.fullmatch(piece) else str(converter(config).convert(piece))
            for piece in _SURROGATE_RE.split(text)
        )


_SURROGATE_RE = re.compile("([\ud800-\udfff]+)")


def t2s(text: str) -> str:
    """Traditional to Simplified, phrases before characters (OpenCC ``t2s``)."""
    return convert("t2s", text)


@cache
def t2s_char(char: str) -> str:
    """The Simplified form of one character, out of context."""
    return convert("t2s", char)


@cache
def s2t_char(char: str) -> str:
    """The default Traditional form of one character, out of context."""
    return convert("s2t", char)


# The BMP blocks of ideographs that OpenCC's tables cover (see chars.HANZI).
_BMP_IDEOGRAPHS = ((0x3400, 0x4DC0), (0x4E00, 0xA000), (0xF900, 0xFB00))


@cache
def converted_chars() -> frozenset[str]:
    """Every ideograph whose Simplified form differs: what a mirror's conversion leaves.

    One OpenCC call over all of them, one per line so no phrase joins two.
    """
    chars = [chr(code) for start, stop in _BMP_IDEOGRAPHS for code in range(start, stop)]
    simplified = converter("t2s").convert("\n".join(chars)).split("\n")
    return frozenset(c for c, s in zip(chars, simplified, strict=True) if c != s)


@cache
def converted_class() -> str:
    """`converted_chars()` as the inside of a regex character class."""
    return "".join(sorted(converted_chars()))


@cache
def converted_re() -> re.Pattern[str]:
    """Matches one converted character; `search` on clean text runs at C speed."""
    return re.compile(f"[{converted_class()}]")


@cache
def converted_run_re() -> re.Pattern[str]:
    """Matches a run of converted characters: counting them costs one match per run."""
    return re.compile(f"[{converted_class()}]+")


def is_converted(char: str) -> bool:
    """True for a character the mirror would have converted (its scripts differ).

    >>> is_converted("協"), is_converted("协"), is_converted("中")
    (True, False, False)
    """
    return char in converted_chars()


__all__ = ["converted_re", "converted_run_re", "converter", "is_converted", "s2t_char", "t2s", "t2s_char"]
