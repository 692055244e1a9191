"""Money: 5900万元, 1.9亿元, 2300余万元, 6000多元, converted to whole yuan."""

from __future__ import annotations

import re
from decimal import Decimal

from xiezuo.extract.facts import Amount

UNITS = {"亿元": Decimal(100_000_000), "万元": Decimal(10_000), "元": Decimal(1)}
AMOUNT_RE = re.compile(r"(?<![0-9.])(?P<number>[0-9]+(?:\.[0-9]+)?)(?P<about>多|余)?(?P<unit>亿元|万元|元)")
# What the money is: the noun phrase after it (…亿元对口帮扶资金) or, failing that, before it.
AFTER_RE = re.compile(r"[\u4e00-\u9fff]{2,10}?(?:资金|金额|资助|投资|收益|分红|补贴|款)")
BEFORE_RE = re.compile(
    r"(?P<what>[\u4e00-\u9fff]{2,12}?)(?:累计|共|总计|合计|达|超|约|近|投入|拨付|下达|到位|争取|落实|实现|为)*$"
)
CUT_RE = re.compile(r".*(?:，|。|、|；|：|\s|的|在|将|从|把|向|为|投入|累计|共)")


def to_yuan(number: str, unit: str) -> int:
    """The amount in whole yuan.

    >>> to_yuan("1.9", "亿元"), to_yuan("5857.5", "万元"), to_yuan("150", "元")
    (190000000, 58575000, 150)
    """
    return int(Decimal(number) * UNITS[unit])


def find_amounts(scan: str, text: str) -> list[tuple[int, Amount]]:
    """Every amount of money, with what it is where the text says so nearby."""
    found = []
    for match in AMOUNT_RE.finditer(scan):
        what = _what(scan, text, match.start(), match.end())
        found.append(
            (match.start(), Amount(text[match.start() : match.end()], to_yuan(match["number"], match["unit"]), what))
        )
    return found


def _what(scan: str, text: str, start: int, end: int) -> str | None:
    after = AFTER_RE.match(scan, end)
    if after is not None:
        return text[after.start() : after.end()]
    before = scan[max(0, start - 16) : start]
    before = CUT_RE.sub("", before)
    return before if len(before) >= 2 else None
