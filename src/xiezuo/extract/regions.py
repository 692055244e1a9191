"""Regions a report names: divisions with their GB/T 2260 codes, functional areas, towns and villages.

- Division names, full or short, come from `xiezuo.divisions.find_names`; a
  short name that several divisions share is settled by the others the text
  names (same province), else by the highest level, else dropped.
- Functional areas (温州湾新区, 贵州松桃经开区) and towns, townships, streets
  and villages (沙田镇, 东塬乡, 太平营街道, 长征村) have no code. Their names
  start after punctuation, a word that leads to them (到, 在) or another region.
- A region that appears only inside an organisation's name is not listed.
- One entry per region, under the fullest name the text uses, in order of
  first mention.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from xiezuo.divisions import Division, find_names
from xiezuo.extract.facts import Region
from xiezuo.extract.lexicon import words
from xiezuo.extract.text import PHRASE_BOUNDARIES

HANZI = "\u4e00-\u9fff"
# A place name also starts after the dots and dashes that join names (东莞·铜仁, 龙湾区—仪陇县).
BOUNDARY_SET = PHRASE_BOUNDARIES | frozenset("·•—")
# Functional areas are named by what they are (新区, 开发区); parks (产业园) are organisations here.
FUNCTIONAL_SUFFIX = "(?:高新技术产业开发区|经济技术开发区|经济开发区|综合保税区|开发区|高新区|经开区|保税区|新区)"
LOCAL_SUFFIX = "(?:街道|镇|乡|村)"
# What a town's or village's suffix must not run into: 乡村, 村民, 镇村, 村里.
RUNS_ON = {"乡": "村镇亲土贤愁县", "村": "民集干级容庄委务落里寨镇部组社貌企", "镇": "村街域长镇", "街道": "办"}
MAX_TOWN = 4
MAX_AREA = 8
# 三河、西安、高崖等6个乡镇: a list that the text itself says is of townships.
TOWNSHIP_LIST_RE = re.compile(
    f"((?:[{HANZI}]{{2,4}}、)+[{HANZI}]{{2,4}})等[0-9一二三四五六七八九十]+个(?:乡镇|乡|镇|村)"
)
LOCAL_RE = re.compile(f"(?P<area>{FUNCTIONAL_SUFFIX})|(?P<local>{LOCAL_SUFFIX})")


@dataclass(frozen=True)
class RegionMention:
    start: int
    end: int
    name: str
    divisions: tuple[Division, ...] = ()  # empty for functional areas, towns and villages

    @property
    def key(self) -> str:
        return self.divisions[0].code if len(self.divisions) == 1 else self.name


def region_mentions(scan: str) -> list[RegionMention]:
    """Every region mention, in order; a division inside a longer local name is part of it (温州湾新区)."""
    divisions = _division_mentions(scan)
    ends = {d.end for d in divisions}
    divisions = [d for d in divisions if _stands_alone(scan, d, ends)]
    local = _local_mentions(scan, divisions)
    local += _township_lists(scan, [(m.start, m.end) for m in divisions + local])
    local_spans = [(m.start, m.end) for m in local]
    stems = {m.name[:-1] for m in local if len(m.name) >= 3}
    divisions = [d for d in divisions if not _overlaps(d.start, d.end, local_spans) and d.name not in stems]
    return sorted(divisions + local, key=lambda m: m.start)


def _stands_alone(scan: str, mention: RegionMention, region_ends: set[int]) -> bool:
    """A county's short name inside running words (结合水质: 合水) is no mention of it.

    Full names, and the short names of provinces and prefectures, are distinctive
    enough; a county's short name must start after punctuation, a leading word
    or another region.
    """
    division = mention.divisions[0]
    if mention.name == division.name or division.level.rank < 2 or mention.start == 0:
        return True
    if mention.name.endswith(("县", "区", "市", "州", "旗")):
        return True  # 东乡县, 松桃县: the common form of an autonomous county names its level
    if scan[mention.start - 1] in BOUNDARY_SET or mention.start in region_ends:
        return True
    return any(scan.endswith(word, 0, mention.start) for word in words("place_leaders.txt"))


def find_regions(
    scan: str, text: str, excluded: Iterable[tuple[int, int]] = (), mentions: list[RegionMention] | None = None
) -> list[tuple[int, Region]]:
    """The regions of the text outside the `excluded` spans (organisations' and people's names)."""
    spans = sorted(excluded)
    found = mentions if mentions is not None else region_mentions(scan)
    return _one_per_region([m for m in found if not _overlaps(m.start, m.end, spans)], text)


def _division_mentions(scan: str) -> list[RegionMention]:
    found = [RegionMention(m.start, m.end, m.name, m.divisions) for m in find_names(scan)]
    certain = [d for m in found if len(m.divisions) == 1 for d in m.divisions]
    provinces = {d.province.code for d in certain}
    settled = []
    for mention in found:
        division = _settle(mention.divisions, provinces)
        if division is not None:
            settled.append(RegionMention(mention.start, mention.end, mention.name, (division,)))
    return settled


def _settle(candidates: tuple[Division, ...], provinces: set[str]) -> Division | None:
    if len(candidates) == 1:
        return candidates[0]
    in_context = [d for d in candidates if d.province.code in provinces]
    if len(in_context) == 1:
        return in_context[0]
    top = min(d.level.rank for d in candidates)
    highest = [d for d in candidates if d.level.rank == top]
    return highest[0] if len(highest) == 1 else None


def _local_mentions(scan: str, divisions: list[RegionMention]) -> list[RegionMention]:
    """Functional areas, towns and villages, named by the characters before their suffix.

    A town's name starts after punctuation, a leading word (到, 在) or a county
    named in full (宁明县明江镇); with none of those within four characters it
    is the two characters before the suffix (传授奇榜村), as most are. A
    functional area's name may begin with a short region name (温州湾新区).
    """
    full_ends = {m.end for m in divisions if m.name == m.divisions[0].name}
    division_spans = [(m.start, m.end) for m in divisions]
    found: list[RegionMention] = []
    for match in LOCAL_RE.finditer(scan):
        suffix = match.group()
        following = scan[match.end() : match.end() + 2]
        if match["local"] and (following[:1] in RUNS_ON.get(suffix, "") or following in ("、村", "、乡", "、镇")):
            continue  # 乡村, 村民, 镇、村帮扶
        if (
            _overlaps(match.start(), match.end(), division_spans)
            or scan[match.start() - 1 : match.start()] == suffix[0]
        ):
            continue  # 东乡县's 乡, 镇镇结对
        limit = MAX_AREA if match["area"] else MAX_TOWN
        start = _name_start(scan, match.start(), limit, full_ends, default=None if match["area"] else 2)
        if start is None:
            continue
        name = scan[start : match.end()]
        if _is_place(name):
            found.append(RegionMention(start, match.end(), name))
            full_ends.add(match.end())
    return _longest_names(scan, found)


def _longest_names(scan: str, found: list[RegionMention]) -> list[RegionMention]:
    """担任白音特拉村…: a name cut to two characters takes the longer form the text uses elsewhere."""
    names = sorted({m.name for m in found}, key=len, reverse=True)
    longer = []
    for mention in found:
        best = next(
            (
                n
                for n in names
                if len(n) > len(mention.name) and n.endswith(mention.name) and scan.endswith(n, 0, mention.end)
            ),
            mention.name,
        )
        longer.append(RegionMention(mention.end - len(best), mention.end, best))
    return longer


def _name_start(scan: str, suffix_start: int, limit: int, full_ends: set[int], default: int | None) -> int | None:
    start = suffix_start
    while suffix_start - start < limit and start > 0:
        if scan[start - 1] in BOUNDARY_SET or start in full_ends:
            break
        start -= 1
    else:
        if start > 0 and default is not None and not (scan[start - 1] in BOUNDARY_SET or start in full_ends):
            start = suffix_start - default
    body = scan[start:suffix_start]
    cuts = [m.end() for m in _leaders().finditer(body) if len(body) - m.end() >= 2]
    start += max(cuts, default=0)
    return start if suffix_start - start >= 2 else None


@cache
def _leaders() -> re.Pattern[str]:
    alternation = "|".join(map(re.escape, sorted(words("place_leaders.txt"), key=len, reverse=True)))
    return re.compile(f"(?=({alternation}))(?:{alternation})")


def _is_place(name: str) -> bool:
    if name in words("not_places.txt"):
        return False
    return not any(name.endswith(word) for word in words("not_place_endings.txt"))


def _township_lists(scan: str, taken: list[tuple[int, int]]) -> list[RegionMention]:
    found = []
    for match in TOWNSHIP_LIST_RE.finditer(scan):
        position = match.start(1)
        items = match.group(1).split("、")
        lead = max((m.end() for m in _leaders().finditer(items[0]) if len(items[0]) - m.end() >= 2), default=0)
        position += lead
        items[0] = items[0][lead:]
        for name in items:
            if not _inside(position, position + len(name), taken):
                found.append(RegionMention(position, position + len(name), name))
            position += len(name) + 1
    return found


def _inside(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= start and end <= e for s, e in spans)


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(s < end and start < e for s, e in spans)


def _one_per_region(mentions: list[RegionMention], text: str) -> list[tuple[int, Region]]:
    first: dict[str, int] = {}
    fullest: dict[str, RegionMention] = {}
    for mention in sorted(mentions, key=lambda m: m.start):
        first.setdefault(mention.key, mention.start)
        best = fullest.get(mention.key)
        if best is None or len(mention.name) > len(best.name):
            fullest[mention.key] = mention
    regions = []
    for key, at in first.items():
        mention = fullest[key]
        code = mention.divisions[0].code if mention.divisions else None
        regions.append((at, Region(text[mention.start : mention.end], code)))
    return sorted(regions, key=lambda item: item[0])
