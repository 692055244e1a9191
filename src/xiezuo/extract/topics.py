"""Sectors (新能源, 智能制造 …) and initiatives (联动招商, 村企结对 …) a report names."""

from __future__ import annotations

import re

from xiezuo.extract.lexicon import words

HANZI = "\u4e00-\u9fff"
# 在新能源、智能制造…及新材料等领域: the list before 等领域 (or 行业; 等方面 lists kinds of work).
FIELD_LIST_RE = re.compile(f"在((?:[{HANZI}]{{2,10}}[、及和与]){{1,12}}[{HANZI}]{{2,10}})等(?:领域|行业)")
# 旅游产业、油茶产业、锰产业: a list of industries.
INDUSTRY_LIST_RE = re.compile(f"((?:[{HANZI}]{{1,8}}产业、){{1,12}}[{HANZI}]{{1,8}}产业)")
ITEM_SPLIT_RE = re.compile("[、及和与]")
LEADING = ("了解", "我县", "我市", "全县", "全市", "龙湾", "当地")


def find_sectors(scan: str, text: str) -> list[tuple[int, str]]:
    """Fields of work listed as such (在…等领域) and lists of industries (旅游产业、油茶产业).

    >>> [s for _, s in find_sectors("了解龙湾在新能源、智能制造及新材料等领域的经验", "")]
    ['新能源', '智能制造', '新材料']
    """
    text = text or scan
    found: list[tuple[int, str]] = []
    for pattern in (FIELD_LIST_RE, INDUSTRY_LIST_RE):
        for match in pattern.finditer(scan):
            position = match.start(1)
            for item in ITEM_SPLIT_RE.split(match.group(1)):
                name = text[position : position + len(item)]
                for lead in LEADING:
                    if name.startswith(lead) and len(name) > len(lead) + 1:
                        name = name[len(lead) :]
                found.append((position, name))
                position += len(item) + 1
    return found


def find_initiatives(scan: str, text: str, park_names: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Named initiatives in order: the programme's own terms, and co-built parks (…协作产业园)."""
    text = text or scan
    found = [(at, name) for at, name in park_names if "协作" in name and name.endswith(("产业园", "园区"))]
    spans: list[tuple[int, int]] = []
    for word in sorted(words("initiatives.txt"), key=len, reverse=True):
        for match in re.finditer(re.escape(word), scan):
            # 干部互派 inside 党政干部互派交流 is the same initiative, named once.
            if not any(s <= match.start() and match.end() <= e for s, e in spans):
                spans.append((match.start(), match.end()))
                found.append((match.start(), text[match.start() : match.end()]))
    return found
