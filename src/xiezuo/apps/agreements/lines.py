"""The assessment laid out for its pages: one line per indicator (target, actual, completion, breakdowns, each
number with the URL of the rows it counts), grouped by area; the data of the dashboard's charts; and the
choices of its form (the pairings the user sees, and the divisions on the east or west side of them).

Nothing here counts: the numbers are `figures.assess`'s. Queries of its own are a fixed few (the target
revisions; the form's pairings, their sides, the divisions above them and the agreement years).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from xiezuo.apps.agreements.choices import Area
from xiezuo.apps.agreements.figures import Assessment, Coverage, Result
from xiezuo.apps.agreements.models import AnnualAgreement, TargetRevision
from xiezuo.apps.agreements.rules import MONTHS as MONTH_COUNT
from xiezuo.apps.agreements.rules import rule_for
from xiezuo.apps.core.choices import Side
from xiezuo.apps.core.registry import ledger_type_for
from xiezuo.apps.pairings.choices import PairingLevel
from xiezuo.apps.pairings.models import Pairing
from xiezuo.apps.regions.choices import RegionLevel
from xiezuo.apps.regions.models import Region

DONE, NEAR = Decimal(100), Decimal(80)  # completion at or above: met; near (amber); below: behind (red)
LEVELS = (PairingLevel.PROVINCE, PairingLevel.CITY, PairingLevel.COUNTY)
DIVISION_LEVELS = (RegionLevel.PROVINCE, RegionLevel.PREFECTURE, RegionLevel.COUNTY)


@dataclass(frozen=True)
class Number:
    """A number of a breakdown and the URL of the rows it counts."""

    label: str
    amount: Decimal
    url: str


@dataclass(frozen=True)
class Breakdown:
    """One "其中" beside a total: a part ("of which formerly poor") or a grouping ("by destination")."""

    key: str
    label: str
    part: bool
    numbers: list[Number]


@dataclass
class Line:
    """One indicator as the tables show it."""

    result: Result
    rows_url: str
    breakdowns: list[Breakdown]
    revisions: list[TargetRevision] = field(default_factory=list)
    agreement_url: str = ""

    @property
    def indicator(self) -> Any:
        return self.result.indicator

    @property
    def unit(self) -> str:
        return str(self.result.indicator.unit)

    @property
    def standing(self) -> str:
        """met / near / behind / "" (no target): the colour of the completion bar."""
        completion = self.result.completion
        if completion is None:
            return ""
        return "met" if completion >= DONE else "near" if completion >= NEAR else "behind"

    @property
    def bar(self) -> int:
        """The completion bar's width, in per cent of the cell (a completion above 100% fills it)."""
        completion = self.result.completion
        return 0 if completion is None else max(0, min(100, int(completion)))

    @property
    def revision_note(self) -> str:
        """The revisions in words, for the target's tooltip."""
        return "; ".join(
            f"{r.created_at:%Y-%m-%d}: {r.previous.normalize():f} → {r.value.normalize():f} — {r.reason}"
            for r in self.revisions
        )


def query_string(coverage: Coverage, year: int, **extra: Any) -> str:
    return urlencode({**coverage.query(), "year": year, **extra})


def rows_url(coverage: Coverage, year: int, code: str, **split: str) -> str:
    return f"{reverse('assessment-rows', args=[code])}?{query_string(coverage, year, **split)}"


def report(assessment: Assessment) -> dict[str, Any]:
    """The context the dashboard and the printable report share: the lines by area and what is missing."""
    coverage, year = assessment.coverage, assessment.year
    revisions = _revisions(r for result in assessment.results for r in result.targets if r.revised)
    agreements_url = f"{reverse('agreements-list')}?{urlencode({'year': year})}"
    lines = [_line(result, coverage, year, revisions, agreements_url) for result in assessment.results]
    areas = [(area, [line for line in lines if line.indicator.area == area]) for area in Area]
    query = query_string(coverage, year)
    own = next(
        (a for a in assessment.agreements if coverage.pairing is not None and a.pairing_id == coverage.pairing.pk),
        None,
    )
    return {
        "assessment": assessment,
        "coverage": coverage,
        "year": year,
        "lines": lines,
        "areas": [(area, area_lines) for area, area_lines in areas if area_lines],
        "summary": [(area, _tally(area_lines)) for area, area_lines in areas if area_lines],
        "query": query,
        "urls": {
            "print": f"{reverse('assessment-print')}?{query}",
            "export": f"{reverse('assessment-export')}?{query}",
            "agreements": agreements_url,
            "missing_evidence": f"{reverse('assessment-missing-evidence')}?{query}",
            "dashboard": f"{reverse('assessment')}?{query}",
            "own_agreement": reverse("agreements-detail", args=[own.pk]) + "#targets" if own else "",
        },
        "without_data": [(line, _ledger_url(line)) for line in lines if not line.result.has_data],
        "without_target": [line for line in lines if line.result.target is None],
        "pairings": len(coverage.pairing_ids),
    }


def _tally(lines: list[Line]) -> tuple[int, int, int]:
    """(indicators, with a target, met) of an area."""
    return (
        len(lines),
        sum(1 for line in lines if line.result.target is not None),
        sum(1 for line in lines if line.standing == "met"),
    )


def _line(
    result: Result, coverage: Coverage, year: int, revisions: dict[int, list[TargetRevision]], agreements_url: str
) -> Line:
    code = result.indicator.code
    splits = {split.key: split for split in rule_for(result.indicator.rule).splits}
    breakdowns = []
    for key, items in result.counted.splits.items():
        split = splits.get(key)
        if split is None or not items:
            continue
        numbers = [
            Number(label, amount, rows_url(coverage, year, code, split=key, value=value))
            for value, label, amount in items
        ]
        breakdowns.append(Breakdown(key, str(split.label), bool(split.part), numbers))
    targets = result.targets
    return Line(
        result=result,
        rows_url=rows_url(coverage, year, code),
        breakdowns=breakdowns,
        revisions=[r for t in targets for r in revisions.get(t.pk, [])],
        agreement_url=(
            reverse("agreements-detail", args=[targets[0].agreement_id]) + "#targets"
            if len(targets) == 1
            else agreements_url
        ),
    )


def _revisions(targets: Iterable[Any]) -> dict[int, list[TargetRevision]]:
    """The revisions of the revised targets, by target: one query, and none when nothing was revised."""
    ids = [t.pk for t in targets]
    found: dict[int, list[TargetRevision]] = {}
    if ids:
        for revision in TargetRevision.objects.filter(target_id__in=ids).order_by("created_at", "pk"):
            found.setdefault(revision.target_id, []).append(revision)
    return found


def _ledger_url(line: Line) -> str:
    """The list of the ledger an indicator counts, where its records are added."""
    ledger_type = ledger_type_for(rule_for(line.indicator.rule).model)
    return reverse(f"{ledger_type.slug}-list") if ledger_type else ""


# --- the charts ---------------------------------------------------------------------------------------------


def charts(lines: list[Line]) -> dict[str, Any]:
    """The data of the two charts (drawn by agreements/assessment.js); the tables beside them show the same."""
    with_target = [line for line in lines if line.result.completion is not None]
    trends = [line for line in lines if line.result.counted.monthly is not None]
    return {
        "completion": {
            "labels": [line.indicator.name for line in with_target],
            "values": [float(line.result.completion or 0) for line in with_target],
            "urls": [line.rows_url for line in with_target],
            "name": _("Completion"),
            "target": _("Target"),
        },
        "completion_lines": with_target,
        "trend": {
            "months": [str(MONTHS[m]) for m in range(1, MONTH_COUNT + 1)],
            "actual": _("Actual, cumulative"),
            "target": _("Target"),
            "indicators": [
                {
                    "code": line.indicator.code,
                    "name": line.indicator.name,
                    "unit": line.indicator.get_unit_display(),
                    "target": _float(line.result.target),
                    "values": [float(v) for v in line.result.counted.monthly or []],
                    "url": line.rows_url,
                }
                for line in trends
            ],
        },
        "trend_lines": trends,
        "months": [MONTHS[m] for m in range(1, MONTH_COUNT + 1)],
    }


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


# --- the form's choices -------------------------------------------------------------------------------------


def choices(user: Any, coverage: Coverage, year: int) -> dict[str, Any]:
    """The pairings the user sees (county and above, by level), the divisions on either side of them (the
    provinces, cities and counties a rollup can be asked for) and the years with an agreement."""
    visible = Pairing.objects.visible_to(user).exclude(level=PairingLevel.SUB)  # type: ignore[attr-defined]
    pairings = list(visible.only("pk", "name", "label", "level"))  # the label spares a query per pairing
    by_level = [
        (level.label, sorted((p for p in pairings if p.level == level), key=str))
        for level in LEVELS
        if any(p.level == level for p in pairings)
    ]
    if coverage.pairing is not None and all(coverage.pairing.pk != p.pk for p in pairings):
        by_level.append((coverage.pairing.get_level_display(), [coverage.pairing]))
    inside = visible.values("pk")
    codes = {
        side: _division_codes(
            Region.objects.filter(**{f"{side.value}_pairings__in": inside})
            .order_by()
            .values_list("area_code", flat=True)
            .distinct()
        )
        for side in (Side.EAST, Side.WEST)
    }
    divisions = {r.code: r for r in Region.objects.filter(code__in=codes[Side.EAST] | codes[Side.WEST])}
    regions = []
    for side in (Side.WEST, Side.EAST):
        for level in DIVISION_LEVELS:
            found = sorted(
                (divisions[c] for c in codes[side] if c in divisions and divisions[c].level == level),
                key=lambda r: r.code,
            )
            if found:
                regions.append((side.value, f"{side.label} · {level.label}", found))
    if coverage.region is not None and coverage.region not in divisions.values():
        regions.append((coverage.side, Side(coverage.side).label, [coverage.region]))
    years = set(
        AnnualAgreement.objects.visible_to(user)  # type: ignore[attr-defined]
        .order_by()
        .values_list("year", flat=True)
        .distinct()
    )
    this_year = timezone.localdate().year
    return {
        "pairing_choices": by_level,
        "region_choices": regions,
        "side_choices": [(Side.WEST.value, Side.WEST.label), (Side.EAST.value, Side.EAST.label)],
        "year_choices": sorted(years | {this_year, this_year - 1, year}, reverse=True),
    }


def _division_codes(area_codes: Iterable[str]) -> set[str]:
    """The codes of the province, city and county each area code lies in (330303 → 330000, 330300, 330303)."""
    codes: set[str] = set()
    for code in area_codes:
        if len(code) != 6:
            continue
        codes.add(f"{code[:2]}0000")
        codes.add(f"{code[:4]}00")
        codes.add(code)
    return codes
