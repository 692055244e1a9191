"""The facts of an East–West cooperation report: who went where, when, with whom, what was agreed.

>>> facts = extract("8月26日，南充市政协副主席、仪陇县委书记郭宗海带领仪陇县党政代表团来龙湾区考察交流。")
>>> [(p.name, p.positions) for p in facts.people]
[('郭宗海', ('南充市政协副主席', '仪陇县委书记'))]
>>> [(r.name, r.code) for r in facts.regions]
[('南充市', '511300'), ('仪陇县', '511324'), ('龙湾区', '330303')]
>>> facts.visits[0].delegation, facts.visits[0].to_region
('仪陇县党政代表团', '龙湾区')

Garbled text is repaired first when `xiezuo.textrepair.diagnose` finds mirror
damage. Every string is taken from the (repaired) text; what the text does not
say is None or empty. Rules and word lists (`data/`) do the work: government
reports are formulaic, and nothing is fetched at run time.
"""

from __future__ import annotations

from datetime import date

from xiezuo.extract.amounts import find_amounts
from xiezuo.extract.dates import find_dates
from xiezuo.extract.facts import (
    SCHEMA,
    Amount,
    DateMention,
    Meeting,
    Pairing,
    Person,
    ProjectCount,
    Region,
    ReportFacts,
    Visit,
)
from xiezuo.extract.organisations import OrganisationMention, find_organisations
from xiezuo.extract.pairings import PlaceMention, find_pairings
from xiezuo.extract.people import find_people
from xiezuo.extract.projects import find_projects
from xiezuo.extract.regions import RegionMention, find_regions, region_mentions
from xiezuo.extract.text import prepare
from xiezuo.extract.topics import find_initiatives, find_sectors
from xiezuo.extract.visits import NamedSpan, find_visits

__all__ = [
    "SCHEMA",
    "Amount",
    "DateMention",
    "Meeting",
    "Pairing",
    "Person",
    "ProjectCount",
    "Region",
    "ReportFacts",
    "Visit",
    "extract",
]


def extract(raw: str, reference_date: date | None = None) -> ReportFacts:
    """Read a report's facts; `reference_date` (its publication date) fills in years it leaves out."""
    report = prepare(raw)
    scan, text = report.scan, report.text
    dates = find_dates(scan, text, reference_date)
    mentions = region_mentions(scan)
    organisations = [_without_leading_regions(o, mentions, text) for o in find_organisations(scan, text)]
    people = find_people(scan, text)
    person_spans = _occurrences(scan, [p.name for _, p in people])
    excluded = [(o.start, o.end) for o in organisations] + [(s.start, s.end) for s in person_spans]
    regions = find_regions(scan, text, excluded, mentions)
    places = _places(mentions, excluded, regions, text)
    visits = find_visits(
        scan,
        text,
        dates,
        person_spans,
        [NamedSpan(p.start, p.end, p.name) for p in places],
    )
    return ReportFacts(
        dates=tuple(d for _, d in dates),
        people=tuple(p for _, p in people),
        regions=tuple(r for _, r in regions),
        organisations=tuple(dict.fromkeys(o.name for o in organisations)),
        visits=tuple(v for _, v in visits),
        pairings=tuple(p for _, p in find_pairings(scan, places)),
        projects=tuple(p for _, p in find_projects(scan, text)),
        amounts=tuple(a for _, a in find_amounts(scan, text)),
        sectors=_unique(find_sectors(scan, text)),
        initiatives=_unique(find_initiatives(scan, text, [(o.start, o.name) for o in organisations])),
        repaired=report.repaired,
    )


def _without_leading_regions(
    organisation: OrganisationMention, mentions: list[RegionMention], text: str
) -> OrganisationMention:
    """宁夏银川市永宁县闽宁镇双孢菇栽培示范基地 is the 闽宁镇 base: regions that only locate
    the next region are not part of the name; the last one before the name proper is."""
    start = organisation.start
    starting_at = {m.start: m for m in mentions}
    while (first := starting_at.get(start)) is not None and first.end in starting_at:
        if starting_at[first.end].end >= organisation.end:
            break
        start = first.end
    if start == organisation.start:
        return organisation
    return OrganisationMention(start, organisation.end, text[start : organisation.end])


def _occurrences(scan: str, names: list[str]) -> list[NamedSpan]:
    spans = []
    for name in names:
        position = scan.find(name)
        while position >= 0:
            spans.append(NamedSpan(position, position + len(name), name))
            position = scan.find(name, position + len(name))
    return sorted(spans, key=lambda s: s.start)


def _places(
    mentions: list[RegionMention], excluded: list[tuple[int, int]], regions: list[tuple[int, Region]], text: str
) -> list[PlaceMention]:
    """Region mentions outside names, each under the fullest name the text uses for its region."""
    fullest: dict[str, str] = {}
    for mention in mentions:
        key = mention.key
        if key not in fullest or len(mention.name) > len(fullest[key]):
            fullest[key] = text[mention.start : mention.end]
    listed = {r.name for _, r in regions}
    places = []
    for mention in mentions:
        if any(s < mention.end and mention.start < e for s, e in excluded):
            continue
        name = fullest[mention.key]
        if name not in listed:
            continue
        division = mention.divisions[0] if mention.divisions else None
        places.append(
            PlaceMention(
                mention.start,
                mention.end,
                name,
                division.code[:2] if division else None,
                frozenset(n for a in division.ancestors() for n in a.names) if division else frozenset(),
                is_province=bool(division and division.level.rank == 0),
            )
        )
    return places


def _unique(found: list[tuple[int, str]]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(name for _, name in sorted(found)))
