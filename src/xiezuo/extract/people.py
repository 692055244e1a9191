"""People and their positions: the chain of titles before a name, the way reports write them.

    南充市政协副主席、仪陇县委书记郭宗海带领…  →  郭宗海: 南充市政协副主席, 仪陇县委书记
    县人大常委会副主任王福荣、周强参加活动      →  王福荣 and 周强: 县人大常委会副主任
    习近平总书记                                →  习近平: 总书记
    贫困户秦会春说                              →  秦会春, no position

A name is a known surname and one or two more characters, followed by
punctuation or by a word that starts the rest of the clause (带领, 参加, 表示);
the shortest name that is so followed wins, so 周一富参加 gives 周一富 and
王宁陪同 gives 王宁.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from xiezuo.extract.facts import Person
from xiezuo.extract.lexicon import words
from xiezuo.extract.text import phrase_start

HANZI = "\u4e00-\u9fff"
BOUNDARY = "，。；：！？、“”‘’《》（）\\s"
# Function words that can stand before a position without belonging to it.
LEADING_WORDS = (
    "在",
    "由",
    "与",
    "和",
    "及",
    "同",
    "经",
    "据",
    "向",
    "对",
    "受",
    "请",
    "邀请",
    "陪同",
    "会见",
    "就",
    "并",
)
# Words that count the holders rather than qualify the position: 两省区政协主席 is 政协主席 of each.
COUNTING_WORDS = ("两省区", "两省", "两市", "两县", "两区", "两地", "双方", "各")
# Titles that need no boundary before the name in front of them (学习贯彻习近平总书记…).
UNIQUE_TITLES = ("总书记",)
MAX_POSITION = 30


@dataclass(frozen=True)
class _Patterns:
    titled: re.Pattern[str]  # positions, then names
    name_title: re.Pattern[str]  # a name, then a title (习近平总书记)
    role_name: re.Pattern[str]  # 村民田金虎
    title_at_end: re.Pattern[str]


@cache
def _patterns() -> _Patterns:
    titles = _alternation(words("titles.txt"))
    singles = "".join(w for w in words("surnames.txt") if len(w) == 1)
    compounds = _alternation(w for w in words("surnames.txt") if len(w) > 1)
    name = f"(?:{compounds}|[{singles}])[{HANZI}]{{1,2}}?"
    follower = f"(?:{_alternation(words('name_followers.txt'))}|[{BOUNDARY}]|$)"
    roles = _alternation(words("role_nouns.txt"))
    return _Patterns(
        titled=re.compile(f"(?P<title>{titles})(?P<names>{name}(?=、|{follower})(?:、{name}(?={follower}))*)"),
        name_title=re.compile(
            f"(?:^|(?<=[{BOUNDARY}]))(?P<name>{name})(?P<title>{titles})(?={follower})"
            f"|(?P<name2>{name})(?P<title2>{_alternation(UNIQUE_TITLES)})"
        ),
        role_name=re.compile(f"(?:{roles})(?P<name>{name})(?={follower})"),
        title_at_end=re.compile(f"(?:{titles})$"),
    )


def _alternation(items: object) -> str:
    return "|".join(re.escape(w) for w in sorted(set(items), key=len, reverse=True))  # type: ignore[call-overload]


def find_people(scan: str, text: str) -> list[tuple[int, Person]]:
    """Each person with the positions the text gives them, at their first mention."""
    patterns = _patterns()
    found: dict[str, tuple[int, list[str]]] = {}

    def add(name: str, at: int, positions: list[str]) -> None:
        if any(name.startswith(word) for word in words("not_names.txt")):
            return
        _, held = found.setdefault(name, (at, []))
        for position in positions:
            if position not in held and not any(p.endswith(position) for p in held):
                held.append(position)

    for match in patterns.titled.finditer(scan):
        positions = _positions_before(scan, text, match.start("title"), match.end("title"))
        if positions is None:
            continue
        for name_match in re.finditer("[^、]+", match["names"]):
            add(
                text[match.start("names") + name_match.start() : match.start("names") + name_match.end()],
                match.start(),
                positions,
            )
    for match in patterns.name_title.finditer(scan):
        name_group, title_group = ("name", "title") if match["name"] else ("name2", "title2")
        name = text[match.start(name_group) : match.end(name_group)]
        add(name, match.start(), [text[match.start(title_group) : match.end(title_group)]])
    for match in patterns.role_name.finditer(scan):
        add(text[match.start("name") : match.end("name")], match.start(), [])
    return sorted(((at, Person(name, tuple(held))) for name, (at, held) in found.items()), key=lambda item: item[0])


def _positions_before(scan: str, text: str, title_start: int, title_end: int) -> list[str] | None:
    """The chain of positions ending with the title at [title_start, title_end), in order."""
    positions: list[str] = []
    end = title_end
    start = _position_start(scan, title_start)
    while True:
        position = _trim(text[start:end])
        if not position:
            return None
        positions.insert(0, position)
        # Another position before this one, joined by `、`, also ends with a title.
        if start == 0 or scan[start - 1] != "、":
            break
        before = scan[max(0, start - 1 - MAX_POSITION) : start - 1]
        title = _patterns().title_at_end.search(before)
        if title is None:
            break
        end = start - 1
        start = _position_start(scan, end - len(title.group()))
    return positions


def _position_start(scan: str, title_start: int) -> int:
    """Walk left from a title over the words that qualify it, to a boundary."""
    return phrase_start(scan, title_start, MAX_POSITION)


def _trim(position: str) -> str:
    changed = True
    while changed:
        changed = False
        for word in LEADING_WORDS + COUNTING_WORDS:
            if position.startswith(word) and len(position) > len(word) + 1:
                position = position[len(word) :]
                changed = True
    return position
