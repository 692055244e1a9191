"""Targets and actuals in their indicator's unit: 万元 to two places, people and counts as whole numbers.

>>> quantity(Decimal("1234.5"), "wan_yuan")
'1,234.50'
>>> quantity(Decimal("120.00"), "persons")
'120'
>>> quantity(None, "count")
'—'
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django import template

from xiezuo.apps.agreements.choices import Unit

register = template.Library()
MISSING = "—"


@register.filter
def quantity(value: Any, unit: str) -> str:
    if value is None or value == "":
        return MISSING
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    if unit == Unit.WAN_YUAN:
        return format(amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP), ",.2f")
    whole = amount.quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return format(whole, ",") if whole == amount else format(amount.normalize(), ",f")
