"""Money in templates: yuan with thousands separators in tables, 万元 (10,000 yuan) where amounts are large.

>>> yuan(Decimal("12345678"))
'12,345,678.00'
>>> wan(Decimal("12345678.00"))
'1,234.57 万元'
>>> wan_number(Decimal("5000"))
'0.50'
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django import template
from django.utils.translation import pgettext

register = template.Library()

CENT = Decimal("0.01")
TEN_THOUSAND = Decimal(10_000)
MISSING = "—"


def _decimal(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _grouped(amount: Decimal) -> str:
    return format(amount.quantize(CENT, rounding=ROUND_HALF_UP), ",.2f")


@register.filter
def yuan(value: Any) -> str:
    """12345678 → '12,345,678.00' (no unit: the column header says 元)."""
    amount = _decimal(value)
    return MISSING if amount is None else _grouped(amount)


@register.filter
def wan_number(value: Any) -> str:
    """Yuan in 万元 without the unit: 12345678 → '1,234.57'."""
    amount = _decimal(value)
    return MISSING if amount is None else _grouped(amount / TEN_THOUSAND)


@register.filter
def wan(value: Any) -> str:
    """Yuan in 万元 with the unit: 12345678 → '1,234.57 万元'."""
    amount = _decimal(value)
    if amount is None:
        return MISSING
    return pgettext("an amount in units of 10,000 yuan", "%(amount)s 万元") % {"amount": wan_number(amount)}


def wan_float(value: Decimal) -> float:
    """万元 as a float, rounded to cents: for charts only (tables show the exact decimal)."""
    return float((value / TEN_THOUSAND).quantize(CENT, rounding=ROUND_HALF_UP))
