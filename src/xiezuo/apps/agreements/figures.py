"""An assessment: every indicator of the catalogue, target against actual, for a pairing or rolled up over a
region (county → city → province, east or west side), in a year.

What is counted: a pairing counts its own ledger rows and those of the pairings below it (a county pairing's
village–enterprise pairings). A region counts every pairing with its side inside the region, and theirs
below. Each ledger row belongs to one pairing, so nothing is counted twice.

Targets roll up from the top: where a pairing and a pairing below it both have a target for an indicator,
the upper one is the target (the province's agreement already covers its counties'); pairings without one
above them add theirs. A manual actual takes the place of what its pairing (and those below it) counted
for that indicator. Every number is read through the user's scope.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import F, Q
from django.utils.translation import gettext as _

from xiezuo.apps.agreements.models import AnnualAgreement, Indicator, ManualActual, Target
from xiezuo.apps.agreements.rules import Measure, among, rule_for
from xiezuo.apps.core.choices import Side
from xiezuo.apps.core.scoping import division_prefix, scope_of
from xiezuo.apps.pairings.choices import PairingLevel
from xiezuo.apps.pairings.models import Pairing
from xiezuo.apps.projects.choices import Status
from xiezuo.apps.projects.models import Project
from xiezuo.apps.regions.models import Region

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Coverage:
    """The pairings an assessment counts: one pairing and those below it, or every pairing of a region's side."""

    label: str
    pairing_ids: frozenset[int]
    pairing: Pairing | None = None
    region: Region | None = None
    side: str = ""

    def query(self) -> dict[str, Any]:
        """The URL parameters that name this coverage (for links to its rows and exports)."""
        if self.pairing is not None:
            return {"pairing": self.pairing.pk}
        assert self.region is not None
        return {"region": self.region.pk, "side": self.side}


def pairing_coverage(pairing: Pairing, user: Any) -> Coverage:
    ids = {pairing.pk, *Pairing.descendant_ids(pairing.pk)}
    return Coverage(str(pairing), _visible(ids, user), pairing=pairing)


def region_coverage(region: Region, side: str, user: Any) -> Coverage:
    """Every pairing whose east (or west) side lies in the region, and the pairings below them."""
    prefix = division_prefix(region.area_code or region.code)
    if side == Side.EAST:
        inside = Q(east_regions__area_code__startswith=prefix) if prefix else Q(east_regions=region)
    else:
        inside = Q(west_regions__area_code__startswith=prefix) if prefix else Q(west_regions=region)
    top = set(Pairing.objects.filter(inside).values_list("pk", flat=True))
    ids = top | Pairing.descendant_ids_of(top) if top else set()
    label = _("%(region)s (%(side)s)") % {"region": region.name, "side": Side(side).label}
    return Coverage(label, _visible(ids, user), region=region, side=side)


def _visible(ids: set[int], user: Any) -> frozenset[int]:
    scope = scope_of(user)
    return frozenset(ids if scope.everything else ids & scope.readable)


@dataclass(frozen=True)
class TargetRow:
    """A target as an assessment reads it: its value in force, the original, and whose it is."""

    pk: int
    indicator_id: int
    agreement_id: int
    owner: int  # the agreement's pairing
    value: Decimal
    original: Decimal

    @property
    def revised(self) -> bool:
        return self.value != self.original


@dataclass
class Result:
    """One indicator of an assessment."""

    indicator: Indicator
    actual: Decimal
    counted: Measure  # what the ledgers gave (the pairings without a manual actual)
    target: Decimal | None = None
    original: Decimal | None = None
    manual: Decimal | None = None  # the part of the actual entered by hand, when there is one
    manual_records: list[ManualActual] = field(default_factory=list)
    targets: list[TargetRow] = field(default_factory=list)

    @property
    def revised(self) -> bool:
        return self.target is not None and self.original is not None and self.target != self.original

    @property
    def completion(self) -> Decimal | None:
        """Actual as a percentage of the target, to one place (None without a target)."""
        if not self.target:
            return None
        return (self.actual / self.target * HUNDRED).quantize(Decimal("0.1"))

    @property
    def has_data(self) -> bool:
        return self.counted.rows > 0 or self.manual is not None


@dataclass
class Assessment:
    coverage: Coverage
    year: int
    results: list[Result]
    agreements: list[AnnualAgreement]
    missing_agreements: list[Pairing]
    projects_without_evidence: int

    @property
    def without_data(self) -> list[Result]:
        return [r for r in self.results if not r.has_data]

    @property
    def without_target(self) -> list[Result]:
        return [r for r in self.results if r.target is None]


def assess(coverage: Coverage, year: int) -> Assessment:
    ids = coverage.pairing_ids
    parents = dict(Pairing.objects.filter(pk__in=among(ids)).values_list("pk", "parent_id"))
    targets = _by_indicator(
        # A province holds thousands of targets: read as plain rows, not model instances.
        TargetRow(**row)
        for row in Target.objects.filter(agreement__year=year, agreement__pairing_id__in=among(ids)).values(
            "pk", "indicator_id", "agreement_id", "value", "original", owner=F("agreement__pairing_id")
        )
    )
    manuals = _by_indicator(
        ManualActual.objects.filter(agreement__year=year, agreement__pairing_id__in=among(ids))
        .annotate(owner=F("agreement__pairing_id"))
        .select_related("agreement")
    )
    results = []
    for indicator in Indicator.objects.filter(active=True):
        top_targets = _topmost(targets.get(indicator.pk, []), parents)
        top_manuals = _topmost(manuals.get(indicator.pk, []), parents)
        replaced = _below({m.owner for m in top_manuals}, parents)
        counted = rule_for(indicator.rule).measure(ids - replaced, year)
        manual = sum((m.value for m in top_manuals), Decimal(0)) if top_manuals else None
        results.append(
            Result(
                indicator=indicator,
                actual=counted.total + (manual or 0),
                counted=counted,
                target=sum((t.value for t in top_targets), Decimal(0)) if top_targets else None,
                original=sum((t.original for t in top_targets), Decimal(0)) if top_targets else None,
                manual=manual,
                manual_records=top_manuals,
                targets=top_targets,
            )
        )
    agreements = list(AnnualAgreement.objects.filter(year=year, pairing_id__in=among(ids)).select_related("pairing"))
    return Assessment(
        coverage=coverage,
        year=year,
        results=results,
        agreements=agreements,
        missing_agreements=_without_agreement(ids, {a.pairing_id for a in agreements}),
        projects_without_evidence=projects_without_evidence(ids, year).count(),
    )


def projects_without_evidence(pairing_ids: Iterable[int], year: int) -> Any:
    """The year's projects (not cancelled) with no evidence document attached."""
    return (
        Project.objects.filter(pairing_id__in=among(pairing_ids), year=year, evidence__isnull=True)
        .exclude(status=Status.CANCELLED)
        .order_by("code")
    )


def replaced_pairings(coverage: Coverage, indicator: Indicator, year: int) -> set[int]:
    """The pairings whose counted rows a manual actual replaces (so the drill-down leaves them out)."""
    parents = dict(Pairing.objects.filter(pk__in=among(coverage.pairing_ids)).values_list("pk", "parent_id"))
    manuals = ManualActual.objects.filter(
        agreement__year=year, agreement__pairing_id__in=among(coverage.pairing_ids), indicator=indicator
    ).annotate(owner=F("agreement__pairing_id"))
    return _below({m.owner for m in _topmost(list(manuals), parents)}, parents)


def _by_indicator(records: Iterable[Any]) -> dict[int, list[Any]]:
    grouped: dict[int, list[Any]] = {}
    for record in records:
        grouped.setdefault(record.indicator_id, []).append(record)
    return grouped


def _topmost(records: list[Any], parents: dict[int, int | None]) -> list[Any]:
    """The records (annotated with their pairing as `owner`) whose pairing has no other record's above it."""
    held = {r.owner for r in records}
    return [r for r in records if not (_ancestors(r.owner, parents) & held)]


def _ancestors(pk: int, parents: dict[int, int | None]) -> set[int]:
    found: set[int] = set()
    parent = parents.get(pk)
    while parent is not None and parent not in found:
        found.add(parent)
        parent = parents.get(parent)
    return found


def _below(roots: set[int], parents: dict[int, int | None]) -> set[int]:
    """The roots and every pairing of the coverage under them."""
    if not roots:
        return set()
    return {pk for pk in parents if pk in roots or _ancestors(pk, parents) & roots}


def _without_agreement(ids: frozenset[int], with_agreement: set[int]) -> list[Pairing]:
    """Region pairings (county and above) of the coverage without an agreement this year."""
    return list(
        Pairing.objects.filter(pk__in=among(ids))
        .exclude(level=PairingLevel.SUB)
        .exclude(pk__in=with_agreement)
        .order_by("level", "label")
    )


def coverage_from_query(params: Any, user: Any) -> tuple[Coverage, int]:
    """The coverage and year named by a request's parameters: `pairing=<id>`, or `region=<id>&side=east|west`;
    `year` (default: the latest year with an agreement in it, else this year). Raises Http404 for a pairing
    or region the user does not see, and for malformed values."""
    import datetime

    from django.http import Http404

    try:
        year = int(params.get("year") or 0) or None
        pairing_id = int(params.get("pairing") or 0) or None
        region_id = int(params.get("region") or 0) or None
    except ValueError:
        raise Http404 from None
    if year is not None and not 1996 <= year <= 2100:
        raise Http404
    if region_id is not None:
        region = Region.objects.filter(pk=region_id).first()
        side = params.get("side") or Side.WEST
        if region is None or side not in Side.values:
            raise Http404
        coverage = region_coverage(region, side, user)
    else:
        visible = Pairing.objects.visible_to(user)  # type: ignore[attr-defined]
        if pairing_id is not None:
            pairing = visible.filter(pk=pairing_id).first()
        else:  # the user's own: the first pairing of county level or above they see
            pairing = visible.exclude(level=PairingLevel.SUB).order_by("level", "pk").first()
        if pairing is None:
            raise Http404
        coverage = pairing_coverage(pairing, user)
    if year is None:
        latest = (
            AnnualAgreement.objects.filter(pairing_id__in=among(coverage.pairing_ids))
            .order_by("-year")
            .values("year")
            .first()
        )
        year = latest["year"] if latest else datetime.date.today().year
    return coverage, year
