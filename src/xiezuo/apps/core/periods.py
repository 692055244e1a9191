"""The period lock: a year an administrator froze before assessment admits no change to its records.

A ledger model names the date or year that puts a record in an assessment year (`LedgerModel.period_field`,
a path that may cross relations: "project__year"); `core.services` asks `ensure_period_open` before every
write, for the record as stored and as it would be. The locks themselves are rows of the agreements app
(`agreements.PeriodLock`), read here by name so that core does not import agreements.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.apps import apps
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models
from django.utils.translation import gettext as _

LOCK_MODEL = ("agreements", "PeriodLock")


class PeriodLockedError(ValidationError):
    """A record of a locked year was to be added, changed or deleted.

    A ValidationError, so that every form shows it as a form error and every delete or revert as a message.
    """

    def __init__(self, instance: models.Model, year: int) -> None:
        self.instance = instance
        self.year = year
        super().__init__(
            _(
                "The ledger of %(year)s is locked for assessment: “%(record)s” cannot be added, changed or "
                "deleted until an administrator reopens the year."
            )
            % {"year": year, "record": _label(instance)},
            code="period_locked",
        )


def year_of(instance: models.Model) -> int | None:
    """The assessment year of a record, following its model's `period_field`; None when it has none.

    A date gives its year, a year field itself; a missing date (or relation) gives None: not locked.
    """
    path: str = getattr(type(instance), "period_field", "")
    if not path:
        return None
    target: Any = instance
    *relations, name = path.split("__")
    for relation in relations:
        try:
            target = getattr(target, relation)
        except (ObjectDoesNotExist, AttributeError):  # a relation not set yet: the model's validation says so
            return None
        if target is None:
            return None
    value = getattr(target, name, None)
    if value is not None and not isinstance(value, datetime.date | int):
        # Text from an importer, not yet cleaned ("2024", "2024-03-01"): read it as the field would.
        try:
            value = target._meta.get_field(name).to_python(value)
        except (ValidationError, ValueError, TypeError):
            return None
    if isinstance(value, datetime.date):
        return value.year
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return None


def locked_years() -> frozenset[int]:
    """The years locked now (one small query); none when the agreements app is not installed."""
    try:
        lock_model = apps.get_model(*LOCK_MODEL)
    except LookupError:
        return frozenset()
    return frozenset(lock_model._default_manager.values_list("year", flat=True))


def locks_for(model: type[models.Model]) -> frozenset[int]:
    """The locked years, read only for a model whose records have a year (to check two states of one record)."""
    return locked_years() if getattr(model, "period_field", "") else frozenset()


def ensure_period_open(*instances: models.Model, locked: frozenset[int] | None = None) -> None:
    """Raise PeriodLockedError when one of the records falls in a locked year.

    Records without a `period_field` cost nothing; the others one query for all of them (or none when
    `locked` is given), and their years are only worked out when some year is locked.
    """
    dated = [instance for instance in instances if getattr(type(instance), "period_field", "")]
    if not dated:
        return
    if locked is None:
        locked = locked_years()
    if not locked:
        return
    for instance in dated:
        year = year_of(instance)
        if year is not None and year in locked:
            raise PeriodLockedError(instance, year)


def _label(instance: models.Model) -> str:
    """The record as its pages name it, or its kind when a new record cannot be named yet."""
    try:
        return str(instance)
    except (ObjectDoesNotExist, AttributeError, ValueError, TypeError):
        return str(instance._meta.verbose_name)
