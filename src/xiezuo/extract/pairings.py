"""Pairings: who is paired with whom (X、Y和Z结对, X对口帮扶Y), in which year of it, since when.

The sides are the regions the text names in the clause: before and after the
last 和/与 that precedes 结对, or before and after 对口帮扶. Which side is east
follows from the provinces (the eight eastern ones); a side with no province
known (a town, a new area) takes the other's opposite.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from xiezuo.extract.facts import Pairing
from xiezuo.extract.lexicon import table

# The provinces of the east side (GB/T 2260 province codes): the rest are the west's.
EAST_PROVINCES = frozenset({"11", "12", "31", "32", "33", "35", "37", "44"})
PAIRED_RE = re.compile("结对|对口(?:帮扶|支援|协作)(?!工作|资金|项目)|协作框架协议|东西部(?:扶贫)?协作")
# 东莞·铜仁东西部协作, 龙湾区—仪陇县东西部协作, 东莞松桃东西部协作: the two names right before it.
JOINED_BY = ("·", "•", "—", "－", "-", "", "和", "与")
CLAUSE_MARKS = "。，；！？\n"
YEAR_INDEX_RE = re.compile("第([0-9一二三四五六七八九十]+)(?:个年头|年)")
SINCE_RE = re.compile("((?:19|20)[0-9]{2})年(?:起|以来|开始)?")
NUMERALS = {c: i for i, c in enumerate("零一二三四五六七八九十")}


@dataclass(frozen=True)
class PlaceMention:
    """A region named in the text, as the pairing rules need it."""

    start: int
    end: int
    name: str  # the fullest name the text uses for it
    province: str | None  # two-digit province code, None for towns and new areas
    ancestors: frozenset[str] = frozenset()  # names of the regions it lies within
    is_province: bool = False


def find_pairings(scan: str, places: Sequence[PlaceMention]) -> list[tuple[int, Pairing]]:
    found: list[tuple[int, Pairing]] = []
    for match in PAIRED_RE.finditer(scan):
        clause_start = max(scan.rfind(mark, 0, match.start()) for mark in CLAUSE_MARKS) + 1
        ends = [i for i in (scan.find(mark, match.end()) for mark in CLAUSE_MARKS) if i >= 0]
        clause_end = min(ends, default=len(scan))
        before = [p for p in places if clause_start <= p.start and p.end <= match.start()]
        if match.group() == "结对" or match.group().endswith("框架协议"):
            sides = _paired(scan, before)
        elif match.group().startswith("东西部"):
            sides = _adjacent(scan, before, match.start())
        else:
            before = [p for p in places if clause_start <= p.start and p.end <= match.start()]
            after = [p for p in places if match.end() <= p.start and p.end <= clause_end]
            sides = (before[-1:], _without_ancestors(after)) if before and after else None
        if sides is None:
            continue
        oriented = _oriented(*sides)
        if oriented is None:
            continue
        sentence_start = max(scan.rfind(mark, 0, match.start()) for mark in "。！？\n") + 1
        sentence = _sentence(scan, match.start(), match.end())
        year = YEAR_INDEX_RE.search(sentence)
        since = SINCE_RE.search(scan, sentence_start, match.start()) if match.group() == "结对" else None
        pairing = Pairing(
            east=tuple(dict.fromkeys(p.name for p in oriented[0])),
            west=tuple(dict.fromkeys(p.name for p in oriented[1])),
            year_index=_number(year.group(1)) if year else None,
            since=int(since.group(1)) if since else None,
        )
        found.append((match.start(), pairing))
    found += _province_pairs(scan, places)
    return _merged(found)


def _province_pairs(scan: str, places: Sequence[PlaceMention]) -> list[tuple[int, Pairing]]:
    """闽宁协作, 粤桂扶贫协作: a province pairing by its short name, under the names the text uses."""
    provinces: dict[str, str] = {}
    for place in places:
        if place.province and place.is_province:
            provinces.setdefault(place.province, place.name)
    found = []
    for short, east, west in table("province_pairs.tsv"):
        at = scan.find(short)
        if at >= 0 and east in provinces and west in provinces:
            found.append((at, Pairing((provinces[east],), (provinces[west],))))
    return found


def _adjacent(scan: str, places: list[PlaceMention], at: int) -> tuple[list[PlaceMention], list[PlaceMention]] | None:
    """The two regions named right before 东西部协作, joined by nothing, ·, — or 和."""
    if len(places) < 2 or places[-1].end != at:
        return None
    first, second = places[-2], places[-1]
    if scan[first.end : second.start] not in JOINED_BY:
        return None
    return [first], [second]


def _paired(scan: str, places: list[PlaceMention]) -> tuple[list[PlaceMention], list[PlaceMention]] | None:
    """Split the regions before 结对 at the last 和/与/同 between two of them; two regions alone
    (松桃县党政代表团到沙田镇开展结对交流) are the two sides."""
    for index in range(len(places) - 1, 0, -1):
        between = scan[places[index - 1].end : places[index].start]
        if between in ("和", "与", "同"):
            return _without_ancestors(places[:index]), _without_ancestors(places[index:])
    distinct = list({p.name: p for p in places}.values())
    if len(distinct) == 2:
        return [distinct[0]], [distinct[1]]
    return None


def _without_ancestors(places: list[PlaceMention]) -> list[PlaceMention]:
    """宁夏吴忠市盐池县、同心县: the counties are the side, not the province and city naming them."""
    names = {p.name for p in places}
    return [p for p in places if not any(p.name in other.ancestors for other in places if other.name in names)]


def _oriented(a: list[PlaceMention], b: list[PlaceMention]) -> tuple[list[PlaceMention], list[PlaceMention]] | None:
    a_east, b_east = _is_east(a), _is_east(b)
    if a_east is True or b_east is False:
        return a, b
    if b_east is True or a_east is False:
        return b, a
    return None


def _is_east(places: list[PlaceMention]) -> bool | None:
    provinces = {p.province for p in places if p.province}
    if not provinces:
        return None
    return all(p in EAST_PROVINCES for p in provinces)


def _sentence(scan: str, start: int, end: int) -> str:
    left = max(scan.rfind(mark, 0, start) for mark in "。！？\n") + 1
    rights = [i for i in (scan.find(mark, end) for mark in "。！？\n") if i >= 0]
    return scan[left : min(rights, default=len(scan))]


def _number(value: str) -> int:
    """An Arabic or Chinese numeral as a number.

    >>> _number("4"), _number("十二"), _number("三")
    (4, 12, 3)
    """
    if value.isdigit():
        return int(value)
    tens, ten, ones = value.partition("十")
    if not ten:
        return NUMERALS[value]
    return (NUMERALS[tens] if tens else 1) * 10 + (NUMERALS[ones] if ones else 0)


def _merged(found: list[tuple[int, Pairing]]) -> list[tuple[int, Pairing]]:
    """One pairing per pair of sides: one whose sides lie within another's adds its year and start."""
    kept: list[tuple[int, Pairing]] = []
    for at, pairing in sorted(found, key=lambda item: -(len(item[1].east) + len(item[1].west))):
        for index, (kept_at, other) in enumerate(kept):
            if set(pairing.east) <= set(other.east) and set(pairing.west) <= set(other.west):
                merged = Pairing(
                    other.east, other.west, other.year_index or pairing.year_index, other.since or pairing.since
                )
                kept[index] = (min(at, kept_at), merged)
                break
        else:
            kept.append((at, pairing))
    return sorted(kept, key=lambda item: item[0])
