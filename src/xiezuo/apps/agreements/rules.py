"""The counting rules (统计口径): which ledger rows an indicator counts, what it adds up, and its breakdowns.

A rule is data about a query, not a query: `rows()` is the queryset of the rows counted (the drill-down
shows exactly these), and `measure()` aggregates it in SQL — one grouped query by month for the total
and the monthly trend, one per breakdown. Money is summed in yuan and shown in 万元; people, enterprises
and villages are counted distinct; a part ("其中") sits beside its total.

Each rule is described in words in the catalogue (`Indicator.counting_rule`); the words and the code are
tested together on hand-made ledgers (agreements/tests/test_rules.py).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import models
from django.db.models import Case, CharField, Count, F, Min, Q, Sum, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, Coalesce, Concat
from django.utils.translation import gettext_lazy as _

from xiezuo.apps.agreements.choices import Rule
from xiezuo.apps.cooperation import models as cooperation
from xiezuo.apps.cooperation.choices import Direction, LeadStage, SecondmentKind
from xiezuo.apps.pairings.choices import PairingKind, PairingLevel
from xiezuo.apps.pairings.models import Pairing
from xiezuo.apps.projects.choices import Category, Status, TransactionType
from xiezuo.apps.projects.models import FundTransaction, Project

MONTHS = 12
WAN = Decimal(10000)


@dataclass(frozen=True)
class Split:
    """A breakdown beside the total: grouped by a field ("by destination"), or a part of it ("of which
    formerly poor", the sum of another field)."""

    key: str
    label: Any
    by: str = ""  # group the counted rows by this field
    part: str = ""  # or: add up this field of the counted rows


@dataclass(frozen=True)
class Measure:
    """What a rule counted: the total, how many rows, the breakdowns and the cumulative monthly trend."""

    total: Decimal
    rows: int
    splits: dict[str, list[tuple[str, str, Decimal]]]  # key -> [(value, label, amount)] or [("", label, part)]
    monthly: list[Decimal] | None  # cumulative at the end of each month; None when rows have no date


@dataclass(frozen=True)
class CountingRule:
    model: type[models.Model]
    pairing: str  # the path from a row to its pairing's id
    value: Callable[[], Any]  # the aggregate: Sum of a field, Count of rows or of distinct things
    date: str = ""  # the date that puts a row in a year and a month
    year: str = ""  # or the year field that does
    where: Q = field(default_factory=Q)
    money: bool = False  # summed in yuan, shown in 万元
    # Counting distinct things (people, enterprises): what makes two rows the same thing. Months and groups
    # do not add up to the total then: a thing is counted in the month it first appears.
    identity: Callable[[], Any] | None = None
    cumulative: bool = False  # counts everything up to the end of the year, not only the year's rows
    undated_counts: bool = False  # (cumulative rules) a row without a date is counted as existing
    splits: tuple[Split, ...] = ()

    def rows(self, pairing_ids: Iterable[int], year: int) -> models.QuerySet[Any]:
        """The ledger rows this rule counts for these pairings in this year."""
        queryset = self.model._default_manager.filter(self.where, **{f"{self.pairing}__in": among(pairing_ids)})
        if self.year:
            return queryset.filter(**{self.year: year})
        end = datetime.date(year, 12, 31)
        if self.cumulative:
            dated = Q(**{f"{self.date}__lte": end})
            return queryset.filter(dated | Q(**{f"{self.date}__isnull": True}) if self.undated_counts else dated)
        return queryset.filter(**{f"{self.date}__range": (datetime.date(year, 1, 1), end)})

    def split_rows(self, pairing_ids: Iterable[int], year: int, split: Split, value: str) -> models.QuerySet[Any]:
        """The rows behind one number of a breakdown."""
        rows = self.rows(pairing_ids, year)
        if split.part:
            return rows.filter(**{f"{split.part}__gt": 0})
        return rows.filter(**{split.by: value}) if value else rows.filter(**{f"{split.by}__isnull": True})

    def measure(self, pairing_ids: Iterable[int], year: int) -> Measure:
        rows = self.rows(pairing_ids, year)
        if self.identity is None:
            return self._additive(rows, year)
        return self._distinct(rows)

    def _bucket(self, year: int) -> Case:
        """The month of a row's date (0: before the year, or no date), by comparing dates: SQLite would
        extract the month in Python, row by row."""
        months = [When(**{f"{self.date}__lt": datetime.date(year, m + 1, 1)}, then=Value(m)) for m in range(1, MONTHS)]
        return Case(
            When(**{f"{self.date}__lt": datetime.date(year, 1, 1)}, then=Value(0)),
            When(**{f"{self.date}__isnull": True}, then=Value(0)),
            *months,
            default=Value(MONTHS),
            output_field=models.IntegerField(),
        )

    def _additive(self, rows: models.QuerySet[Any], year: int) -> Measure:
        """Sums and row counts add up across months and groups: the total, the parts, the monthly trend and
        every breakdown come from one query grouped by month and by each breakdown's field."""
        parts = {f"part_{s.key}": Sum(s.part) for s in self.splits if s.part}
        by = [s.by for s in self.splits if s.by]
        if self.date:
            rows = rows.annotate(bucket=self._bucket(year))
            by = ["bucket", *by]
        groups = list(rows.values(*by).annotate(value=self.value(), count=Count("pk"), **parts).order_by())
        total = sum((group["value"] or 0 for group in groups), 0)
        count = sum(group["count"] for group in groups)
        monthly = None
        if self.date:
            per_month = [0] * (MONTHS + 1)  # [0] holds what was there before the year began
            for group in groups:
                per_month[group["bucket"]] += group["value"] or 0
            monthly = self._cumulative(per_month)
        splits: dict[str, list[tuple[str, str, Decimal]]] = {}
        for split in self.splits:
            if split.part:
                part = sum((group[f"part_{split.key}"] or 0 for group in groups), 0)
                splits[split.key] = [("", str(split.label), self._scaled(part))]
            else:
                found: dict[Any, Any] = {}
                for group in groups:
                    found[group[split.by]] = found.get(group[split.by], 0) + (group["value"] or 0)
                splits[split.key] = self._labelled(split, found)
        return Measure(self._scaled(total), count, splits, monthly)

    def _distinct(self, rows: models.QuerySet[Any]) -> Measure:
        """Distinct things (people, enterprises) do not add up across months or groups: each is counted in
        the month it first appears, and each breakdown counts distinct things of its own."""
        firsts = list(
            rows.annotate(who=self.identity())  # type: ignore[misc]
            .values("who")
            .annotate(first=Min(self.date), count=Count("pk"))
            .order_by()
        )
        per_month = [0] * (MONTHS + 1)
        for group in firsts:
            per_month[group["first"].month] += 1
        splits = {}
        for split in self.splits:
            grouped = rows.values(split.by).annotate(value=self.value()).order_by()
            splits[split.key] = self._labelled(split, {g[split.by]: g["value"] or 0 for g in grouped})
        count = sum(group["count"] for group in firsts)
        return Measure(Decimal(len(firsts)), count, splits, self._cumulative(per_month))

    def _cumulative(self, per_month: list[Any]) -> list[Decimal]:
        running, monthly = per_month[0], []
        for month in range(1, MONTHS + 1):
            running += per_month[month]
            monthly.append(self._scaled(running))
        return monthly

    def _labelled(self, split: Split, found: dict[Any, Any]) -> list[tuple[str, str, Decimal]]:
        """A breakdown's groups in the order of their choices, each with its label."""
        labels = dict(_choices(self.model, split.by))
        ordered = [key for key in labels if key in found] + [key for key in found if key not in labels]
        return [("" if k is None else str(k), str(labels.get(k, k or "—")), self._scaled(found[k])) for k in ordered]

    def _scaled(self, amount: Any) -> Decimal:
        value = Decimal(amount or 0)
        return (value / WAN).quantize(Decimal("0.01")) if self.money else value


def among(pairing_ids: Iterable[int]) -> RawSQL:
    """The pairings as a subquery with their ids written into it. A province counts a thousand pairings:
    bound as parameters, Django spends milliseconds on them in every query (and SQLite limits how many a
    query may have); written in, they cost nothing. They are integers: there is nothing to escape."""
    listed = ",".join(str(int(pk)) for pk in sorted(pairing_ids)) or "NULL"
    return RawSQL(f"SELECT id FROM {Pairing._meta.db_table} WHERE id IN ({listed})", ())


def _choices(model: type[models.Model], path: str) -> list[tuple[Any, Any]]:
    """The choices of the field at the end of a path (project__category → Category.choices)."""
    current: Any = model
    target: Any = None
    for part in path.split("__"):
        target = current._meta.get_field(part)
        current = target.related_model or current
    return list(getattr(target, "choices", None) or [])


def _person() -> Coalesce:
    """A person: the one chosen from the ledger, or else the name written."""
    return Coalesce(Cast("person_id", CharField()), Concat(Value("name:"), F("name")), output_field=CharField())


def _enterprise() -> Coalesce:
    """An enterprise: the organisation chosen from the ledger, or else the enterprise's name."""
    return Coalesce(
        Cast("organisation_id", CharField()), Concat(Value("name:"), F("enterprise")), output_field=CharField()
    )


def _distinct(identity: Callable[[], Any]) -> Callable[[], Count]:
    return lambda: Count(identity(), distinct=True)


def _rows() -> Count:
    return Count("pk")


def _net_funds() -> Sum:
    """Received funds less refunds."""
    return Sum(Case(When(type=TransactionType.REFUND, then=-F("amount")), default=F("amount")))


def _secondments(kinds: list[str], direction: str) -> CountingRule:
    return CountingRule(
        model=cooperation.Secondment,
        pairing="pairing",
        value=_distinct(_person),
        identity=_person,
        date="start_date",
        where=Q(kind__in=kinds, direction=direction),
        splits=(Split("kind", _("by field"), by="kind"),) if len(kinds) > 1 else (),
    )


PROFESSIONS = [SecondmentKind.EDUCATION, SecondmentKind.HEALTH, SecondmentKind.AGRICULTURE, SecondmentKind.OTHER]
LIVE_PROJECTS = ~Q(status=Status.CANCELLED)
BY_DESTINATION = Split("destination", _("by destination"), by="destination")

RULES: dict[str, CountingRule] = {
    Rule.FISCAL_AID_FUNDS: CountingRule(
        model=FundTransaction,
        pairing="project__pairing",
        value=_net_funds,
        date="date",
        where=Q(type__in=[TransactionType.RECEIPT, TransactionType.REFUND]),
        money=True,
        splits=(Split("category", _("by project category"), by="project__category"),),
    ),
    Rule.PROJECTS: CountingRule(
        model=Project,
        pairing="pairing",
        value=_rows,
        year="year",
        where=LIVE_PROJECTS,
        splits=(Split("category", _("by category"), by="category"), Split("status", _("by status"), by="status")),
    ),
    Rule.INDUSTRIAL_PROJECTS: CountingRule(
        model=Project,
        pairing="pairing",
        value=_rows,
        year="year",
        where=LIVE_PROJECTS & Q(category=Category.INDUSTRY),
        splits=(Split("status", _("by status"), by="status"),),
    ),
    Rule.CADRES_EAST_TO_WEST: _secondments([SecondmentKind.CADRE], Direction.EAST_TO_WEST),
    Rule.CADRES_WEST_TO_EAST: _secondments([SecondmentKind.CADRE], Direction.WEST_TO_EAST),
    Rule.PROFESSIONALS_EAST_TO_WEST: _secondments(PROFESSIONS, Direction.EAST_TO_WEST),
    Rule.PROFESSIONALS_WEST_TO_EAST: _secondments(PROFESSIONS, Direction.WEST_TO_EAST),
    Rule.RURAL_WORKERS: CountingRule(
        model=cooperation.LabourPlacement,
        pairing="pairing",
        value=lambda: Sum("workers"),
        date="period_start",
        splits=(Split("formerly_poor", _("of which formerly poor"), part="formerly_poor"), BY_DESTINATION),
    ),
    Rule.RURAL_WORKERS_FORMERLY_POOR: CountingRule(
        model=cooperation.LabourPlacement,
        pairing="pairing",
        value=lambda: Sum("formerly_poor"),
        date="period_start",
        where=Q(formerly_poor__gt=0),
        splits=(BY_DESTINATION,),
    ),
    Rule.CONSUMPTION: CountingRule(
        model=cooperation.ConsumptionRecord,
        pairing="pairing",
        value=lambda: Sum("amount_yuan"),
        date="period_start",
        money=True,
        splits=(
            Split("kind", _("bought or helped to sell"), by="kind"),
            Split("channel", _("by channel"), by="channel"),
        ),
    ),
    Rule.ENTERPRISES_GUIDED: CountingRule(
        model=cooperation.InvestmentLead,
        pairing="pairing",
        value=_distinct(_enterprise),
        identity=_enterprise,
        date="signed_on",
        where=Q(stage__in=[LeadStage.SIGNED, LeadStage.STARTED, LeadStage.PRODUCING]),
        splits=(Split("stage", _("by stage"), by="stage"),),
    ),
    Rule.ACTUAL_INVESTMENT: CountingRule(
        model=cooperation.InvestmentInflow,
        pairing="lead__pairing",
        value=lambda: Sum("amount_yuan"),
        date="date",
        money=True,
        splits=(Split("stage", _("by the enterprise's stage"), by="lead__stage"),),
    ),
    Rule.CO_BUILT_PARKS: CountingRule(
        model=cooperation.IndustrialPark,
        pairing="pairing",
        value=_rows,
        date="established",
        cumulative=True,
    ),
    Rule.VILLAGE_PAIRINGS: CountingRule(
        model=Pairing,
        pairing="parent",
        value=_rows,
        date="start_date",
        where=Q(level=PairingLevel.SUB, kind__in=[PairingKind.ENTERPRISE_VILLAGE, PairingKind.SOCIAL_VILLAGE]),
        cumulative=True,
        undated_counts=True,
        splits=(Split("kind", _("by kind"), by="kind"),),
    ),
    Rule.SOCIAL_DONATIONS: CountingRule(
        model=cooperation.Donation,
        pairing="pairing",
        value=lambda: Sum("value_yuan"),
        date="date",
        money=True,
        splits=(Split("kind", _("money or goods"), by="kind"), Split("donor_kind", _("by donor"), by="donor_kind")),
    ),
    Rule.STUDENTS_AIDED: CountingRule(
        model=cooperation.StudentAid,
        pairing="pairing",
        value=lambda: Sum("students"),
        date="date",
    ),
    Rule.VOLUNTEERS: CountingRule(
        model=cooperation.VolunteerService,
        pairing="pairing",
        value=lambda: Sum("volunteers"),
        date="date",
    ),
}


def rule_for(code: str) -> CountingRule:
    return RULES[code]
