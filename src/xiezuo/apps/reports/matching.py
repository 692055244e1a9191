"""Finding what a report names in the ledger: regions, pairings, visits and meetings (people and
organisations are matched by `people.services`), and the small guesses a proposal starts from.

Regions: a division by its GB/T 2260 code; a functional area, town or village by its name among the
regions of the pairing (its sides, its parents' sides, and the uncoded regions that lie within them).
A visit is the pairing's visit of the same delegation on the same start date; a meeting, the one of the
same name on the same day (within the visit, when there is one).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import models

from xiezuo.apps.core.scoping import division_prefix
from xiezuo.apps.pairings.models import Pairing
from xiezuo.apps.people.choices import OrganisationType
from xiezuo.apps.people.services import clean_name, name_key
from xiezuo.apps.regions.choices import RegionLevel
from xiezuo.apps.regions.models import Region
from xiezuo.apps.visits.models import Meeting, Visit
from xiezuo.divisions import by_code, is_functional_area_name, lookup

# The last characters of a name say what kind of organisation it is, longest first where they overlap.
ORGANISATION_TYPES: tuple[tuple[tuple[str, ...], str], ...] = (
    (("研究院", "研究所", "研究中心", "科学院", "实验室"), OrganisationType.RESEARCH_INSTITUTE),
    (("大学", "学院", "学校", "中学", "小学", "幼儿园", "职校", "技校"), OrganisationType.SCHOOL),
    (("医院", "卫生院", "卫生室", "诊所", "医疗中心"), OrganisationType.HOSPITAL),
    (("基金会", "慈善会", "慈善总会", "红十字会"), OrganisationType.CHARITY),
    (("协会", "商会", "学会", "联合会", "促进会"), OrganisationType.ASSOCIATION),
    (("合作社", "村集体", "股份经济合作社", "村委会"), OrganisationType.VILLAGE_COLLECTIVE),
    (
        ("产业园", "工业园", "园区", "科技城", "小镇", "基地", "孵化器", "孵化园", "创业园", "平台", "示范区"),
        OrganisationType.PARK,
    ),
    (("公司", "集团", "厂", "企业", "工厂", "车间", "店", "超市", "农场", "酒店"), OrganisationType.ENTERPRISE),
    (
        ("政府", "委员会", "管委会", "人民政府", "办公室", "局", "厅", "部", "中心", "县委", "市委", "区委"),
        OrganisationType.GOVERNMENT_BODY,
    ),
)

REGION_SUFFIX_LEVELS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("街道", "镇", "乡"), RegionLevel.TOWN),
    (("村", "社区", "组"), RegionLevel.VILLAGE),
)
LEVELS = {"province": RegionLevel.PROVINCE, "prefecture": RegionLevel.PREFECTURE, "county": RegionLevel.COUNTY}
# Deeper pairings are more specific: a county report belongs to the county pairing, not to its province's.
PAIRING_DEPTH = {"province": 0, "city": 1, "county": 2, "sub": 3}


def guess_organisation_type(name: str) -> str:
    """The kind of organisation a name ends with; "other" when it does not say.

    >>> guess_organisation_type("瑞浦兰钧能源股份有限公司"), guess_organisation_type("国科温州研究院")
    ('enterprise', 'research_institute')
    >>> guess_organisation_type("中国眼谷小镇"), guess_organisation_type("万洋科技城"), guess_organisation_type("龙湾")
    ('park', 'park', 'other')
    """
    for suffixes, kind in ORGANISATION_TYPES:
        if name.endswith(suffixes):
            return str(kind)
    return str(OrganisationType.OTHER)


def region_level(name: str, code: str | None) -> str:
    """The level of a region: from the division table for a code, else from the name's ending.

    >>> region_level("龙湾区", "330303"), region_level("温州湾新区", None), region_level("沙田镇", None)
    ('county', 'functional', 'town')
    """
    if code:
        found = by_code(code)
        if found is not None:
            return str(LEVELS[str(found.level)])
    for suffixes, level in REGION_SUFFIX_LEVELS:
        if name.endswith(suffixes) and not is_functional_area_name(name):
            return str(level)
    return str(RegionLevel.FUNCTIONAL)


def region_aliases(name: str, code: str | None) -> tuple[str, ...]:
    """The names a region goes by: its own, and for a division its full and short names (仪陇县, 仪陇)."""
    names = [name]
    found = by_code(code) if code else None
    if found is not None:
        names += found.names
    return tuple(dict.fromkeys(n for n in names if n))


def code_of(name: str, code: str | None = None) -> str | None:
    """A region's code: the one given, else the one division the name means (广东 → 440000), else None."""
    if code:
        return code
    return lookup(name).code if name else None


# Regions


def side_regions(pairing: Pairing | None) -> list[Region]:
    """The regions of a pairing's sides and of the sides of the pairings it lies in."""
    regions: list[Region] = []
    seen: set[int] = set()
    current = pairing
    while current is not None:
        for region in [*current.east_regions.all(), *current.west_regions.all()]:
            if region.pk not in seen:
                seen.add(region.pk)
                regions.append(region)
        current = current.parent
    return regions


def within_any(area_code: str, codes: Iterable[str]) -> bool:
    """Whether a division code lies within (or is) one of `codes`.

    >>> within_any("330303", ["330300"]), within_any("330303", ["511324"]), within_any("", ["330300"])
    (True, False, False)
    """
    return bool(area_code) and any(c and area_code.startswith(division_prefix(c)) for c in codes)


def match_region(name: str, code: str | None, pairing: Pairing | None) -> Region | None:
    """The Region with this code; without a code, the region of this name among the pairing's regions."""
    if code:
        return Region.objects.filter(code=code).first()
    key = name_key(name)
    if not key:
        return None
    uncoded = list(Region.objects.filter(code="", name=clean_name(name)).order_by("pk"))
    if pairing is None:
        # No pairing to look in: only a name that one region alone has.
        return uncoded[0] if len(uncoded) == 1 else None
    sides = side_regions(pairing)
    for region in sides:
        if name_key(region.name) == key:
            return region
    area_codes = [r.area_code for r in sides if r.area_code]
    return next((r for r in uncoded if within_any(r.area_code, area_codes)), None)


@dataclass(frozen=True)
class Place:
    """A region a report names, as far as it is known: name, code (divisions) and division area."""

    name: str
    code: str | None = None
    area_code: str = ""

    @classmethod
    def of(cls, name: str, code: str | None, pairing: Pairing | None) -> Place:
        code = code_of(name, code)
        if code:
            return cls(name, code, code)
        found = match_region(name, None, pairing)
        return cls(name, None, found.area_code if found is not None else "")


def place_on_side(place: Place, regions: Sequence[Region], *, either_way: bool = False) -> bool:
    """Whether a place is one of `regions` or lies within one (or, `either_way`, contains one)."""
    key = name_key(place.name)
    for region in regions:
        if name_key(region.name) == key or (place.code and region.code == place.code):
            return True
        if place.code and region.code and place.code.startswith(division_prefix(region.code)):
            return True
        if not place.code and place.area_code and region.code and within_any(place.area_code, [region.code]):
            return True
        if either_way and place.code and within_any(region.area_code, [place.code]):
            return True
    return False


def side_of(place: Place, pairing: Pairing) -> str | None:
    """ "east" or "west": the side of the pairing a place belongs to, or None."""
    east, west = list(pairing.east_regions.all()), list(pairing.west_regions.all())
    on_east = place_on_side(place, east, either_way=True)
    on_west = place_on_side(place, west, either_way=True)
    if on_east != on_west:
        return "east" if on_east else "west"
    return None


# Pairings


def pairings_named(
    east: Sequence[Place], west: Sequence[Place], candidates: models.QuerySet[Pairing], prefer: Pairing | None = None
) -> list[Pairing]:
    """The pairings whose east side has every east place and whose west side every west place (or the other
    way round, as reports name either side first), most specific first, `prefer` first among equals."""
    if not east or not west:
        return []
    found = []
    for pairing in candidates.prefetch_related("east_regions", "west_regions"):
        sides = list(pairing.east_regions.all()), list(pairing.west_regions.all())
        if not sides[0] or not sides[1]:
            continue
        straight = all(place_on_side(p, sides[0]) for p in east) and all(place_on_side(p, sides[1]) for p in west)
        crossed = all(place_on_side(p, sides[1]) for p in east) and all(place_on_side(p, sides[0]) for p in west)
        if straight or crossed:
            found.append(pairing)
    prefer_pk = prefer.pk if prefer is not None else None
    return sorted(found, key=lambda p: (-PAIRING_DEPTH.get(p.level, 0), p.pk != prefer_pk, p.pk))


def pairing_for_facts(facts: dict[str, Any], candidates: models.QuerySet[Pairing]) -> Pairing | None:
    """The most specific of `candidates` that a report's pairings (else its visit's from and to) name."""
    codes = {r["name"]: r.get("code") for r in facts.get("regions", [])}

    def places(names: Iterable[str | None]) -> list[Place]:
        return [Place.of(n, codes.get(n), None) for n in names if n]

    options: list[Pairing] = []
    for stated in facts.get("pairings", []):
        options += pairings_named(places(stated.get("east", [])), places(stated.get("west", [])), candidates)
    for visit in facts.get("visits", []):
        options += pairings_named(places([visit.get("from_region")]), places([visit.get("to_region")]), candidates)
    options.sort(key=lambda p: (-PAIRING_DEPTH.get(p.level, 0), p.pk))
    return options[0] if options else None


# Visits and meetings


def match_visit(pairing: Pairing, delegation: str, start: datetime.date | None) -> Visit | None:
    """The pairing's visit of this delegation starting on this day."""
    if start is None or not name_key(delegation):
        return None
    key = name_key(delegation)
    for visit in Visit.objects.filter(pairing=pairing, start_date=start).order_by("pk"):
        if name_key(visit.delegation) == key:
            return visit
    return None


def match_meeting(pairing: Pairing, name: str, day: datetime.date | None, visit: Visit | None = None) -> Meeting | None:
    """The meeting of this name within the visit (any day of it), else in the pairing on this day."""
    key = name_key(name)
    if not key:
        return None
    if visit is not None and visit.pk is not None:
        meetings = Meeting.objects.filter(visit=visit)
    elif day is not None:
        meetings = Meeting.objects.filter(pairing=pairing, date=day)
    else:
        return None
    return next((m for m in meetings.order_by("pk") if name_key(m.name) == key), None)


def reference(instance: models.Model | None) -> dict[str, Any] | None:
    """How a proposal names an existing record: {"model": "people.person", "pk": 3, "label": "郭宗海"}."""
    if instance is None:
        return None
    label = str(instance)
    if isinstance(instance, Region) and instance.code:
        label = f"{instance.name} ({instance.code})"
    return {"model": instance._meta.label_lower, "pk": instance.pk, "label": label}
