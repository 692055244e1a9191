"""Project and fund figures: aggregate queries over ledger rows, a fixed number whatever the data size.

Each figure can be traced back to its rows: every number carries the URL of the filtered project list
it counts or sums (`?pairing__within=<pairing>&category=…`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, DecimalField, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext as _

from xiezuo.apps.projects.choices import Category, Status, TransactionType
from xiezuo.apps.projects.models import FundTransaction, Project
from xiezuo.apps.projects.templatetags.money import wan_float

ZERO = Value(Decimal("0"), output_field=DecimalField(max_digits=18, decimal_places=2))

# The money steps of domain.md, by the name a figure uses for each.
STEPS = (
    ("allocated", TransactionType.ALLOCATION),
    ("received", TransactionType.RECEIPT),
    ("disbursed", TransactionType.DISBURSEMENT),
    ("spent", TransactionType.EXPENDITURE),
    ("refunded", TransactionType.REFUND),
)


@dataclass(frozen=True)
class Funds:
    """Sums in yuan of each kind of transaction, and the counts of transactions behind them."""

    allocated: Decimal = Decimal("0")
    received: Decimal = Decimal("0")
    disbursed: Decimal = Decimal("0")
    spent: Decimal = Decimal("0")
    refunded: Decimal = Decimal("0")
    counts: tuple[int, ...] = (0, 0, 0, 0, 0)

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Funds:
        return cls(
            **{name: row[name] for name, _type in STEPS},
            counts=tuple(row.get(f"{name}_count", 0) for name, _type in STEPS),
        )

    @property
    def net_received(self) -> Decimal:
        """Received minus refunded."""
        return self.received - self.refunded

    @property
    def unspent(self) -> Decimal:
        """Allocated and not (yet) spent; negative when more was spent than allocated."""
        return self.allocated - self.spent

    @property
    def spent_share(self) -> Decimal | None:
        """Spent as a percentage of allocated (None when nothing is allocated)."""
        return self.spent / self.allocated * 100 if self.allocated else None

    @property
    def by_type(self) -> list[tuple[str, str, int, Decimal]]:
        """(type, label, number of transactions, total) for each transaction type."""
        return [
            (kind.value, str(kind.label), count, getattr(self, name))
            for (name, kind), count in zip(STEPS, self.counts, strict=True)
        ]

    def __add__(self, other: Funds) -> Funds:
        return Funds(
            **{name: getattr(self, name) + getattr(other, name) for name, _type in STEPS},
            counts=tuple(a + b for a, b in zip(self.counts, other.counts, strict=True)),
        )


def fund_sums(prefix: str = "") -> dict[str, Any]:
    """The aggregates of `Funds`: a sum and a count per transaction type (prefix: the path to the transactions)."""
    aggregates: dict[str, Any] = {}
    for name, kind in STEPS:
        of_kind = Q(**{f"{prefix}type": kind})
        aggregates[name] = Coalesce(Sum(f"{prefix}amount", filter=of_kind), ZERO)
        aggregates[f"{name}_count"] = Count(f"{prefix}pk", filter=of_kind)
    return aggregates


def funds_of(transactions: QuerySet[FundTransaction]) -> Funds:
    """The funds of some transactions, in one query."""
    return Funds.from_row(transactions.aggregate(**fund_sums()))


def project_funds(project: Project) -> Funds:
    """A project's funds: planned (allocated) against spent, and every step between, in one query."""
    return funds_of(FundTransaction.objects.filter(project=project))


@dataclass(frozen=True)
class Row:
    """One line of a figure table: a category or a status, its project count, its funds, its list URL."""

    value: str
    label: str
    projects: int
    url: str
    funds: Funds = Funds()


def project_list_url(**filters: Any) -> str:
    return f"{reverse('projects-list')}?{urlencode(filters)}"


def pairing_figures(pairing: Any, user: Any) -> dict[str, Any]:
    """Projects by category and status, and funds allocated against spent, for a pairing and those below it.

    Two queries: project counts by category and status, and fund sums by category.
    """
    projects = Project.objects.visible_to(user).filter(pairing__within=pairing.pk)  # type: ignore[attr-defined]
    per_category: Counter[str] = Counter()
    per_status: Counter[str] = Counter()
    for category, status, n in projects.values_list("category", "status").annotate(n=Count("pk")).order_by():
        per_category[category] += n
        per_status[status] += n
    money_rows = (
        FundTransaction.objects.visible_to(user)  # type: ignore[attr-defined]
        .filter(project__pairing__within=pairing.pk)
        .values("project__category")
        .annotate(**fund_sums())
        .order_by()
    )
    money = {row["project__category"]: Funds.from_row(row) for row in money_rows}

    by_category = [
        Row(
            c.value,
            str(c.label),
            per_category[c.value],
            project_list_url(pairing__within=pairing.pk, category=c.value),
            money.get(c.value, Funds()),
        )
        for c in Category
    ]
    by_status = [
        Row(s.value, str(s.label), per_status[s.value], project_list_url(pairing__within=pairing.pk, status=s.value))
        for s in Status
    ]
    total = sum(money.values(), Funds())
    all_url = project_list_url(pairing__within=pairing.pk)
    return {
        "total": per_category.total(),
        "all_url": all_url,
        "categories": by_category,
        "statuses": by_status,
        # (label, projects, value): the shape the first dashboards used
        "by_category": [(r.label, r.projects, r.value) for r in by_category],
        "by_status": [(r.label, r.projects, r.value) for r in by_status],
        "money": total,
        "spent_share": total.spent_share,
        "charts": _charts(pairing.pk, by_category, all_url),
    }


def _charts(pairing_id: int, by_category: list[Row], all_url: str) -> dict[str, Any]:
    """The data of the board's two charts (drawn by projects/charts.js with ECharts); the tables show the same.

    Each chart has an element id (unique per pairing: a page can show several boards) and its data:
    labels, series of values, and the list URL each bar opens.
    """
    with_money = [r for r in by_category if r.funds.allocated or r.funds.spent]
    return {
        "categories": {
            "id": f"projects-by-category-{pairing_id}",
            "data_id": f"projects-by-category-{pairing_id}-data",
            "data": {
                "labels": [r.label for r in by_category],
                "unit": "",
                "series": [{"name": _("Projects"), "values": [r.projects for r in by_category]}],
                "urls": [r.url for r in by_category],
            },
        },
        "funds": {
            "id": f"funds-by-category-{pairing_id}",
            "data_id": f"funds-by-category-{pairing_id}-data",
            "data": {
                "labels": [r.label for r in with_money] or [_("All categories")],
                "unit": _("10,000 yuan"),
                "series": [
                    {"name": _("Allocated"), "values": [wan_float(r.funds.allocated) for r in with_money] or [0]},
                    {"name": _("Spent"), "values": [wan_float(r.funds.spent) for r in with_money] or [0]},
                ],
                "urls": [r.url for r in with_money] or [all_url],
            },
        },
    }
