"""The facts of a report, as `../shared/docs/report-facts.md` defines them (schema xiezuo.report-facts/1)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

SCHEMA = "xiezuo.report-facts/1"


@dataclass(frozen=True)
class DateMention:
    """A date as the text gives it; `year` is None unless stated or filled from a reference date."""

    text: str
    year: int | None
    month: int | None
    day: int | None
    year_source: str | None = None  # "reference" when the year came from --reference-date


@dataclass(frozen=True)
class Person:
    """A named person with every position the text gives them, whole and in order."""

    name: str
    positions: tuple[str, ...] = ()


@dataclass(frozen=True)
class Region:
    """An administrative division (with its GB/T 2260 code) or a functional area, town or village (code None)."""

    name: str
    code: str | None


@dataclass(frozen=True)
class Visit:
    """A delegation's trip: who led it, from where to where, the sites in order and the meetings."""

    date: DateMention | None
    delegation: str | None
    leader: str | None
    from_region: str | None
    to_region: str | None
    sites: tuple[str, ...] = ()
    meetings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Pairing:
    """East side(s) paired with west side(s); `year_index` is "the Nth year", `since` a start year."""

    east: tuple[str, ...]
    west: tuple[str, ...]
    year_index: int | None = None
    since: int | None = None


@dataclass(frozen=True)
class ProjectCount:
    """ "53个项目" with the glossary categories named beside it."""

    count: int
    categories: tuple[str, ...] = ()
    text: str = ""


@dataclass(frozen=True)
class Amount:
    """Money as written, converted to whole yuan, with what the text says it is for."""

    text: str
    value_yuan: int
    what: str | None = None


@dataclass(frozen=True)
class Meeting:
    """A named meeting that is not part of a visit."""

    name: str
    date: DateMention | None = None


@dataclass(frozen=True)
class ReportFacts:
    """Everything `extract` found in one report; what the text does not say is empty or None."""

    dates: tuple[DateMention, ...] = ()
    people: tuple[Person, ...] = ()
    regions: tuple[Region, ...] = ()
    organisations: tuple[str, ...] = ()
    visits: tuple[Visit, ...] = ()
    pairings: tuple[Pairing, ...] = ()
    projects: tuple[ProjectCount, ...] = ()
    amounts: tuple[Amount, ...] = ()
    sectors: tuple[str, ...] = ()
    initiatives: tuple[str, ...] = ()
    meetings: tuple[Meeting, ...] = ()
    repaired: bool = field(default=False)

    def as_json(self) -> dict[str, Any]:
        """The JSON object of report-facts.md (tuples as lists, `year_source` only where set)."""
        data: dict[str, Any] = {"schema": SCHEMA, **asdict(self)}
        data["dates"] = [_date_json(d) for d in self.dates]
        for visit in data["visits"]:
            visit["date"] = _date_json_dict(visit["date"])
        for meeting in data["meetings"]:
            meeting["date"] = _date_json_dict(meeting["date"])
        result: dict[str, Any] = _lists(data)
        return result


def _date_json(date: DateMention) -> dict[str, Any] | None:
    return _date_json_dict(asdict(date))


def _date_json_dict(date: dict[str, Any] | None) -> dict[str, Any] | None:
    if date is None:
        return None
    if date.get("year_source") is None:
        date = {k: v for k, v in date.items() if k != "year_source"}
    return date


def _lists(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _lists(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_lists(v) for v in value]
    return value
