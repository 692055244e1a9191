"""A check constraint's condition worked out in Python, for one record, the way the database would.

Django validates a `CheckConstraint` by asking the database (one query per constraint per record); an import
of 10,000 rows would ask 20,000 times. The ledgers' conditions are simple comparisons of a record's own
fields (`Q(end_date__gte=F("start_date"))`, `Q(amount__gt=0)`, `~Q(name="") | Q(person__isnull=False)`),
so `holds` evaluates them here, with SQL's three-valued logic: a comparison with NULL is unknown, and a
check constraint fails only when its condition is false. Anything else raises `Unsupported`, and the
caller lets the database decide as Django does.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models

_COMPARISONS: dict[str, Callable[[Any, Any], bool]] = {
    "exact": operator.eq,
    "lt": operator.lt,
    "lte": operator.le,
    "gt": operator.gt,
    "gte": operator.ge,
}


class Unsupported(Exception):
    """The condition uses something `holds` does not evaluate: ask the database."""


def holds(condition: models.Q, instance: models.Model) -> bool:
    """Whether a check constraint with this condition accepts the record (unknown counts as accepted)."""
    return _evaluate(condition, instance) is not False


def field_names(condition: models.Q) -> set[str]:
    """The fields a condition reads (on either side of a comparison)."""
    names: set[str] = set()
    for child in condition.children:
        if isinstance(child, models.Q):
            names |= field_names(child)
            continue
        lookup, value = child
        names.add(lookup.split("__")[0])
        if isinstance(value, models.F):
            names.add(value.name)
    return names


def _evaluate(condition: models.Q, instance: models.Model) -> bool | None:
    results = [_child(child, instance) for child in condition.children]
    if condition.connector == models.Q.AND:
        result = False if False in results else (None if None in results else True)
    else:
        result = True if True in results else (None if None in results else False)
    if condition.negated:
        return None if result is None else not result
    return result


def _child(child: Any, instance: models.Model) -> bool | None:
    if isinstance(child, models.Q):
        return _evaluate(child, instance)
    lookup, expected = child
    name, _sep, operation = lookup.partition("__")
    operation = operation or "exact"
    left = _value_of(instance, name)
    if isinstance(expected, models.F):
        expected = _value_of(instance, expected.name)
    elif hasattr(expected, "resolve_expression"):
        raise Unsupported(lookup)
    if operation == "isnull":
        return (left is None) == bool(expected)
    if operation == "exact" and expected is None:
        return left is None
    if left is None:
        return None
    if operation == "in":
        values = list(expected)
        if left in values:
            return True
        return None if None in values else False
    compare = _COMPARISONS.get(operation)
    if compare is None:
        raise Unsupported(lookup)
    if expected is None:
        return None
    try:
        return bool(compare(left, expected))
    except TypeError as error:  # values of types the database would convert: let it decide
        raise Unsupported(lookup) from error


def _value_of(instance: models.Model, name: str) -> Any:
    try:
        field = instance._meta.get_field(name)
    except FieldDoesNotExist as error:
        raise Unsupported(name) from error
    if not getattr(field, "concrete", False) or field.many_to_many:
        raise Unsupported(name)
    return getattr(instance, field.attname)
