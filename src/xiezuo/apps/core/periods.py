"""The period lock: a year an administrator froze before assessment admits no change to its records.

A ledger model names the date or year that puts a record in an assessment year (`LedgerModel.period_field`,
a path that may cross relations: "project__year"); `core.services` asks `ensure_period_open` before every
write, for the record as stored and as it would be. The locks themselves are rows of the agreements app
(`agreements.PeriodLock`), read here by name so that core does not import agreements.

Reading the locks does not keep them from changing: on PostgreSQL (READ COMMITTED) a write could read
"no lock", an administrator's lock of that year commit, and the write commit after it. So inside a
transaction `locked_years` first takes the lock table in SHARE mode, held until commit: writers do not
block one another, but a lock or unlock (whose INSERT or DELETE needs ROW EXCLUSIVE) waits until every
write that read the locks has ended, and a write that starts while a lock is uncommitted waits for it and
then reads it (READ COMMITTED: each statement sees what committed before it). Locking and unlocking take
SHARE ROW EXCLUSIVE first (`lock_table(CHANGING)`), which also excludes each other: administrators take
turns instead of deadlocking. SQLite needs none of this: it has one writer at a time, and a transaction
whose read is stale fails on its first write ("database is locked") instead of writing past the lock.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.apps import apps
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import connections, models
from django.utils.translation import gettext as _

LOCK_MODEL = ("agreements", "PeriodLock")

READING = "SHARE"  # a write that checks the locks: they stay as read until it ends
CHANGING = "SHARE ROW EXCLUSIVE"  # locking or unlocking a year: after those writes, and one at a time


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


def lock_table(mode: str = READING) -> None:
    """Hold the lock table in `mode` (READING or CHANGING) until the transaction ends (see the module's text).

    Only on PostgreSQL and inside a transaction: in autocommit the lock would end with its own statement,
    and SQLite writes one transaction at a time anyway.
    """
    if mode not in (READING, CHANGING):
        raise ValueError(f"not a period-lock table mode: {mode!r}")
    try:
        lock_model = apps.get_model(*LOCK_MODEL)
    except LookupError:
        return
    _lock(lock_model, mode)


def _lock(lock_model: type[models.Model], mode: str) -> None:
    connection = connections[lock_model._default_manager.db]
    # SQLite: nothing to take (one writer at a time; a stale read fails its write as "database is locked").
    # Autocommit: a table lock would end with its own statement.
    if connection.vendor != "postgresql" or connection.get_autocommit():
        return
    table = connection.ops.quote_name(lock_model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"LOCK TABLE {table} IN {mode} MODE")


def locked_years() -> frozenset[int]:
    """The years locked now (one small query); none when the agreements app is not installed.

    In a transaction on PostgreSQL they cannot change until it ends (the lock table is held in SHARE mode).
    """
    try:
        lock_model = apps.get_model(*LOCK_MODEL)
    except LookupError:
        return frozenset()
    _lock(lock_model, READING)
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
