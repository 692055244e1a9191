"""Character classes shared by the fixers, as composable regex pieces (after zhon)."""

from __future__ import annotations

import re

# CJK Unified Ideographs and the extensions that occur in news text:
#   U+3400–U+4DBF  Extension A
#   U+4E00–U+9FFF  the base block
#   U+F900–U+FAFF  Compatibility Ideographs
#   U+20000–U+2FA1F Extensions B–F and Compatibility Supplement
HANZI = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f"

# CJK punctuation that a stray ASCII comma is put in front of, plus the
# quotation marks and brackets of Chinese text.
#   U+3001 、  U+3002 。  U+FF0C ，  U+FF1B ；  U+FF1A ：  U+FF01 ！  U+FF1F ？
#   U+201C “  U+201D ”  U+2018 ‘  U+2019 ’  U+300A-U+300F 《》「」『』
#   U+FF08 （ U+FF09 ）  U+2014 —  U+2026 …
CJK_PUNCT = "\u3001\u3002\uff0c\uff1b\uff1a\uff01\uff1f\u201c\u201d\u2018\u2019\u300a-\u300f\uff08\uff09\u2014\u2026"

# Letters of tone-marked Hanyu Pinyin: plain a–z, ü, and the vowels with the
# four tone marks (precomposed), plus ḿ ń ň ǹ for the syllabic nasals.
PINYIN_LETTERS = "a-züāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜḿńňǹê"
TONE_MARKED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜḿńňǹ"

HANZI_RE = re.compile(f"[{HANZI}]")
HANZI_RUN_RE = re.compile(f"[{HANZI}]+")


def count_in_runs(run_re: re.Pattern[str], text: str) -> int:
    """How many characters of `text` fall in the runs `run_re` matches.

    With `[class]+`, the same count as `len(re.findall("[class]", text))`,
    but the engine returns one match per run instead of one per character.

    >>> count_in_runs(HANZI_RUN_RE, "协作 (xié) 工作")
    4
    """
    return sum(map(len, run_re.findall(text)))


def is_hanzi(char: str) -> bool:
    """True for one CJK ideograph.

    >>> is_hanzi("协"), is_hanzi("a"), is_hanzi("，")
    (True, False, False)
    """
    return bool(char) and HANZI_RE.fullmatch(char) is not None


def is_cjk(char: str) -> bool:
    """True for an ideograph or a piece of CJK punctuation."""
    return is_hanzi(char) or (bool(char) and char in CJK_PUNCT_SET)


CJK_PUNCT_SET = frozenset("、。，；：！？“”‘’《》「」『』（）—…")
