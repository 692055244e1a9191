"""Organisations: names that end the way organisations end (有限公司, 研究院, 产业园, 局).

A name runs from its ending back to punctuation; what leads to it is trimmed
from the front (前往, 到, 和: `data/stop_words.txt`), and so is anything before
a 的 or 企业 (闽籍企业海原县…). Not organisations: a name followed by a title
(县委书记, 市委宣传部部长: part of a position), a region's party committee or
government alone (仪陇县委), generic counts (6间学校) and common words (大局).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from xiezuo.extract.lexicon import words
from xiezuo.extract.text import PHRASE_BOUNDARIES, phrase_start

HANZI = "\u4e00-\u9fff"
MAX_NAME = 24
LOOKAHEAD = 8
# The name starts after the last of these: a description, not part of the name.
CUT_AFTER_RE = re.compile("的|企业(?=.)")
# A stop word that is the start of a word when this follows it: 对 leads to a name, 对口 does not.
STOP_EXCEPTIONS = {"对": "口"}
NAME_RE = re.compile(f"[{HANZI}•·]+")
GENERIC_COUNT_RE = re.compile("[0-9一两几多数十百][家个所间座批类]")
GOVERNMENT_ONLY_RE = re.compile(f"^[{HANZI}]{{1,8}}?(?:省|市|县|区|州|旗|镇|乡)(?:委|党委|政府|人民政府|党工委)$")


@dataclass(frozen=True)
class OrganisationMention:
    start: int
    end: int
    name: str


@cache
def _alternation(name: str) -> re.Pattern[str]:
    return re.compile("|".join(map(re.escape, sorted(words(name), key=len, reverse=True))))


def find_organisations(scan: str, text: str) -> list[OrganisationMention]:
    """Every organisation name, in order of appearance (repeats included).

    >>> [o.name for o in find_organisations("先后前往瑞浦兰钧能源股份有限公司、万洋科技城等", "")]
    ['瑞浦兰钧能源股份有限公司', '万洋科技城']
    """
    text = text or scan
    found: list[OrganisationMention] = []
    endings = _alternation("org_suffixes.txt")
    for match in endings.finditer(scan):
        end = match.end()
        if _runs_on(scan, end):
            continue
        start = _name_start(scan, match.start(), len(match.group()))
        name = text[start:end]
        if _is_name(name, match.group()):
            found.append(OrganisationMention(start, end, name))
    return found


def _runs_on(scan: str, end: int) -> bool:
    """The ending is inside a longer word or name: 局长, 中心城区, 中心妇产科医院, 县委书记."""
    if scan.startswith(tuple(words("titles.txt")), end) or scan[end : end + 1] in ("长", "区"):
        return True
    ahead = scan[end : end + LOOKAHEAD]
    cut = next((i for i, ch in enumerate(ahead) if ch in PHRASE_BOUNDARIES), len(ahead))
    stop = _alternation("stop_words.txt").search(ahead, 0, cut)
    if stop is not None:
        cut = stop.start()
    return any(m.end() <= cut for m in _alternation("org_suffixes.txt").finditer(ahead, 0, cut))


def _name_start(scan: str, ending_start: int, ending_length: int) -> int:
    """From the ending back to punctuation, then forward past what leads to the name.

    The name starts after the last word that leads to it (到, 和, 的, 先后前往)
    that still leaves a name of three characters, so 和 in 三和锰业 does not
    cut it short.
    """
    start = phrase_start(scan, ending_start, MAX_NAME)
    body = scan[start:ending_start]
    cuts = [m.end() for m in CUT_AFTER_RE.finditer(body)]
    cuts += [
        m.end()
        for m in _stop_anywhere().finditer(body)
        if not body.startswith(STOP_EXCEPTIONS.get(m.group(1), "\0"), m.end())
    ]
    usable = [cut for cut in cuts if len(body) - cut + ending_length >= 3]
    return start + max(usable, default=0)


@cache
def _stop_anywhere() -> re.Pattern[str]:
    """Stop words found at any position, overlapping ones included (先后前往 and 前往)."""
    alternation = "|".join(map(re.escape, sorted(words("stop_words.txt"), key=len, reverse=True)))
    return re.compile(f"(?=({alternation}))(?:{alternation})")


def _is_name(name: str, ending: str) -> bool:
    if len(name) < 3 or not NAME_RE.fullmatch(name) or GENERIC_COUNT_RE.search(name):
        return False
    not_names = words("not_organisations.txt")
    if name in not_names or name[-len(ending) - 1 :] in not_names:
        return False
    lead = _alternation("stop_words.txt").match(name)
    if lead is not None and len(name) - lead.end() <= len(ending):
        return False  # 援建学校, 联办医院: a kind of place, not a name
    return name == ending or GOVERNMENT_ONLY_RE.match(name) is None
