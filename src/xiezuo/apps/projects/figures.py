"""Project and fund figures of a pairing: one aggregate query each, whatever the data size."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Count, DecimalField, Q, Sum, Value
from django.db.models.functions import Coalesce

from xiezuo.apps.projects.choices import Category, Status, TransactionType
from xiezuo.apps.projects.models import FundTransaction, Project

ZERO = Value(Decimal("0"), output_field=DecimalField(max_digits=18, decimal_places=2))


def pairing_figures(pairing: Any, user: Any) -> dict[str, Any]:
    """Projects by category and status, and funds allocated against spent, for a pairing and those below it."""
    ids = {pairing.pk, *type(pairing).descendant_ids(pairing.pk)}
    projects = Project.objects.visible_to(user).filter(pairing_id__in=ids)  # type: ignore[attr-defined]
    by_category = dict(projects.values_list("category").annotate(n=Count("pk")).order_by())
    by_status = dict(projects.values_list("status").annotate(n=Count("pk")).order_by())
    money = (
        FundTransaction.objects.visible_to(user)
        .filter(project__pairing_id__in=ids)
        .aggregate(  # type: ignore[attr-defined]
            allocated=Coalesce(Sum("amount", filter=Q(type=TransactionType.ALLOCATION)), ZERO),
            received=Coalesce(Sum("amount", filter=Q(type=TransactionType.RECEIPT)), ZERO),
            disbursed=Coalesce(Sum("amount", filter=Q(type=TransactionType.DISBURSEMENT)), ZERO),
            spent=Coalesce(Sum("amount", filter=Q(type=TransactionType.EXPENDITURE)), ZERO),
            refunded=Coalesce(Sum("amount", filter=Q(type=TransactionType.REFUND)), ZERO),
        )
    )
    allocated = money["allocated"]
    return {
        "total": sum(by_category.values()),
        "by_category": [(c.label, by_category.get(c.value, 0), c.value) for c in Category],
        "by_status": [(s.label, by_status.get(s.value, 0), s.value) for s in Status],
        "money": money,
        "spent_share": (money["spent"] / allocated * 100) if allocated else None,
    }
