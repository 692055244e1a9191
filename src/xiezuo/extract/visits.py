"""Visits: a delegation led by someone travels to the other side, tours sites, holds meetings.

    …郭宗海带领仪陇县党政代表团来龙湾区考察交流… 先后前往A、B、C等… 在随后召开的…座谈会上…

The delegation is a name ending in 代表团, 组团, 调研组 …, led in by 带领/率领/率
or followed by 一行/来/到/赴. The leader is the person named last before it in
the sentence; the sites are the list after 先后前往 (and the like) up to 等;
meetings are names ending in 座谈会, 联席会议 … after the delegation.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from xiezuo.extract.facts import DateMention, Visit
from xiezuo.extract.lexicon import words

HANZI = "\u4e00-\u9fff"
SENTENCE_MARKS = "。！？\n"
MOVES = ("来", "到", "赴", "前往", "抵达", "走进")
SITE_SPLIT_RE = re.compile("[、]|(?<=[^及])和|及")
SITE_LEADING = ("我县", "我市", "我区", "我省")
SITES_WINDOW = 600


@dataclass(frozen=True)
class NamedSpan:
    """A name found in the text (a person or a region), for the visit rules."""

    start: int
    end: int
    name: str


@cache
def _delegation_re() -> re.Pattern[str]:
    endings = "|".join(map(re.escape, sorted(words("delegations.txt"), key=len, reverse=True)))
    return re.compile(
        f"(?:^|(?<=带领)|(?<=率领)|(?<=率)|(?<=[，。、\\s]))(?P<name>[{HANZI}]{{0,12}}?(?:{endings}))"
        f"(?=一行|来|到|赴|前往|在|，|,|$)|(?:带领|率领|率)(?P<led>[{HANZI}]{{0,12}}?(?:{endings}))"
    )


@cache
def _meeting_re() -> re.Pattern[str]:
    endings = "|".join(map(re.escape, sorted(words("meetings.txt"), key=len, reverse=True)))
    return re.compile(f"(?P<name>[{HANZI}—·•]{{0,24}}?(?:{endings}))")


@cache
def _itinerary_re() -> re.Pattern[str]:
    openers = "|".join(map(re.escape, sorted(words("itinerary.txt"), key=len, reverse=True)))
    return re.compile(f"(?:{openers})(?P<list>[^，。；：！？]+?)(?:等|[，。；])")


def find_visits(
    scan: str,
    text: str,
    dates: Sequence[tuple[int, DateMention]],
    people: Sequence[NamedSpan],
    regions: Sequence[NamedSpan],
) -> list[tuple[int, Visit]]:
    """The first delegation's visit (reports describe one; later mentions repeat it)."""
    match = _delegation_re().search(scan)
    if match is None:
        return []
    group = "name" if match["name"] else "led"
    start, end = match.start(group), match.end(group)
    sentence_start = max(scan.rfind(mark, 0, start) for mark in SENTENCE_MARKS) + 1
    sentence_end = min([i for i in (scan.find(mark, end) for mark in SENTENCE_MARKS) if i >= 0], default=len(scan))
    leader = next((p for p in reversed(people) if sentence_start <= p.start and p.end <= start), None)
    from_region = next((r for r in regions if r.start == start), None)
    to_region = next(
        (r for r in regions if end <= r.start < sentence_end and scan[: r.start].endswith(MOVES)),
        None,
    )
    date = next((d for at, d in reversed(dates) if at < start), dates[0][1] if dates else None)
    visit = Visit(
        date=date,
        delegation=text[start:end],
        leader=leader.name if leader else None,
        from_region=from_region.name if from_region else None,
        to_region=to_region.name if to_region else None,
        sites=_sites(scan, text, end),
        meetings=_meetings(scan, text, end),
    )
    return [(start, visit)]


def _sites(scan: str, text: str, after: int) -> tuple[str, ...]:
    listing = _itinerary_re().search(scan, after, after + SITES_WINDOW)
    if listing is None:
        return ()
    sites = []
    position = listing.start("list")
    for piece in SITE_SPLIT_RE.split(listing["list"]):
        name = text[position : position + len(piece)]
        position += len(piece) + 1
        for lead in SITE_LEADING:
            name = name.removeprefix(lead)
        if len(name) >= 2:
            sites.append(name)
    return tuple(sites)


def _meetings(scan: str, text: str, after: int) -> tuple[str, ...]:
    found = []
    for match in _meeting_re().finditer(scan, after):
        name = match["name"]
        cut = max(
            (
                name.rfind(word) + len(word)
                for word in ("召开的", "举行的", "召开", "举行", "出席", "参加", "在", "的", "并")
                if word in name
            ),
            default=0,
        )
        name = name[cut:]
        if len(name) >= 3:
            start = match.end() - len(name)
            found.append(text[start : match.end()])
    named = list(dict.fromkeys(found))
    # A bare 座谈会 is the named one said short, when the text names it.
    return tuple(m for m in named if not any(other != m and other.endswith(m) for other in named))
