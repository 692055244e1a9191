"""OpenCC converters, built once on first use and shared by every fixer."""

from __future__ import annotations

from functools import cache

import opencc


@cache
def converter(config: str) -> opencc.OpenCC:
    """The OpenCC converter for `config` (``t2s``, ``s2t``, ``s2tw``, ``s2hk``)."""
    return opencc.OpenCC(f"{config}.json")


def t2s(text: str) -> str:
    """Traditional to Simplified, phrases before characters (OpenCC ``t2s``)."""
    return converter("t2s").convert(text)


@cache
def t2s_char(char: str) -> str:
    """The Simplified form of one character, out of context."""
    return converter("t2s").convert(char)


@cache
def s2t_char(char: str) -> str:
    """The default Traditional form of one character, out of context."""
    return converter("s2t").convert(char)
