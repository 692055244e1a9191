"""Dates: 2019-06-11, 2021/4/17, 2023年06月30日, 8月26日, and 17日 after a date (4月16日至17日)."""

from __future__ import annotations

import re
from datetime import date

from xiezuo.extract.facts import DateMention

DATE_RE = re.compile(
    r"""
      (?P<iso> (?<![0-9])(?P<y1>(?:19|20)[0-9]{2})[-/.](?P<m1>[01]?[0-9])[-/.](?P<d1>[0-3]?[0-9])(?![0-9]) )
    | (?P<full> (?<![0-9])(?P<y2>(?:19|20)[0-9]{2})年(?P<m2>[01]?[0-9])月(?P<d2>[0-3]?[0-9])日 )
    | (?P<month_day> (?<![0-9年])(?P<m3>[01]?[0-9])月(?P<d3>[0-3]?[0-9])日 )
    | (?P<day> (?<=[至到、和—~－])(?P<d4>[0-3]?[0-9])日
             | (?:^|(?<=[）\s。，]))(?P<d5>[0-3]?[0-9])日(?=[，、\s]) )
    """,
    re.VERBOSE | re.MULTILINE,
)


def find_dates(scan: str, text: str, reference: date | None = None) -> list[tuple[int, DateMention]]:
    """Every date with its position, in order; a bare day takes the month before it.

    >>> [d.text for _, d in find_dates("4月16日至17日，", "4月16日至17日，")]
    ['4月16日', '17日']
    """
    found: list[tuple[int, DateMention]] = []
    month: int | None = None
    for match in DATE_RE.finditer(scan):
        groups = match.groupdict()
        y = groups["y1"] or groups["y2"]
        m = groups["m1"] or groups["m2"] or groups["m3"]
        d = groups["d1"] or groups["d2"] or groups["d3"] or groups["d4"] or groups["d5"]
        if m is None:
            if month is None:
                continue  # a day with no month before it is no date we can place
            m = str(month)
        mention = _mention(text[match.start() : match.end()], y, int(m), int(d), reference)
        if mention is None:
            continue
        month = mention.month
        found.append((match.start(), mention))
    return found


def _mention(text: str, year: str | None, month: int, day: int, reference: date | None) -> DateMention | None:
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    if year is not None:
        return DateMention(text, int(year), month, day)
    if reference is not None:
        return DateMention(text, reference.year, month, day, year_source="reference")
    return DateMention(text, None, month, day)
