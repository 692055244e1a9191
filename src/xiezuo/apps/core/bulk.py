"""Many records written as one: the importer's fast path, through the same services and the same checks.

Every import row goes through its kind's service, as a person's entry does. Inside `writing()` the checks
of a write are the same, but the queries they make for every record are made once for all of them:

- a foreign key's target is looked up once per value, not once per record;
- check constraints are worked out in Python (`conditions`); the database still enforces them;
- the locked years are read once, and the records the importer read as editable are not asked again.

A service marked `@deferrable` writes nothing itself and reads no record of its own kind that another row of
the same file could add or change (its rules look at the row, the record and other kinds of record), or
keeps what it reads of them in the batch, up to date row after row (`remembered`: a project's receipts and
refunds, for its fund transactions). Under
`deferring(row)` its write is checked but kept: a new record, or a changed one with the state it had. Then
`flush()` (`bulk_flush`) checks them all at once: that a changed record is still at the version the row
saw (locking them), and uniqueness, row after row as the rows would have been written one by one; if all
pass it writes the changes (one UPDATE each, sent together), inserts the new records with `bulk_create`, and
writes the many-to-many links and the change-log rows the same way. A record that fails is reported by its
row, and nothing is written. An import of 10,000 rows makes some 60 statements instead of 130,000.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import connection, models, transaction
from django.db.models import signals

from xiezuo.apps.core import conditions, periods

_current: ContextVar[BulkWrite | None] = ContextVar("bulk_write", default=None)


def deferrable[F: Callable[..., Any]](service: F) -> F:
    """Mark a create or update service that writes nothing itself and whose checks read no record of its own
    kind, or keep what they read of them up to date through the batch (`remembered`): its write may wait
    for the batch's flush."""
    service.bulk_deferrable = True  # type: ignore[attr-defined]
    return service


def is_deferrable(service: Any) -> bool:
    return bool(getattr(service, "bulk_deferrable", False))


@functools.cache
def can_defer(model: type[models.Model]) -> bool:
    """Whether `bulk_create` writes this model exactly as `save()` would: no save() of its own, no signal
    receivers, plain many-to-many tables, uniqueness the flush can check, ids returned by the database.

    Worked out once per model and process: receivers are connected when the apps load.
    """
    many = model._meta.many_to_many
    return (
        connection.features.can_return_rows_from_bulk_insert
        and model.save is models.Model.save
        and not signals.pre_save.has_listeners(model)
        and not signals.post_save.has_listeners(model)
        and all(f.remote_field.through._meta.auto_created for f in many)
        and not any(signals.m2m_changed.has_listeners(f.remote_field.through) for f in many)
        and not any(
            isinstance(c, models.UniqueConstraint)
            and (c.condition is not None or c.expressions or c.nulls_distinct is False)
            for c in model._meta.constraints
        )
    )


def current() -> BulkWrite | None:
    return _current.get()


@contextlib.contextmanager
def writing() -> Iterator[BulkWrite]:
    """A batch of writes in this context (call inside the transaction that holds them; then `flush()`)."""
    writes = BulkWrite()
    token = _current.set(writes)
    try:
        yield writes
    finally:
        _current.reset(token)


def full_clean(instance: models.Model, *, unique: bool = True) -> None:
    """`instance.full_clean()`, with the batch's shortcuts when a batch is being written."""
    writes = current()
    if writes is None:
        instance.full_clean()
    else:
        writes.full_clean(instance, unique=unique)


def locked_years(model: type[models.Model]) -> frozenset[int] | None:
    """The locked years as the batch read them once; None outside a batch (the check reads them itself)."""
    writes = current()
    return None if writes is None else writes.locked_years(model)


def remembered[T](key: Any, compute: Callable[[], T]) -> T:
    """`compute()`, once per batch and key in a batch (a service's look-up that its rows share, such as a
    project locked and its refunds summed); every time outside one."""
    writes = current()
    if writes is None:
        return compute()
    if key not in writes.memo:
        writes.memo[key] = compute()
    return writes.memo[key]  # type: ignore[no-any-return]


def atomic(model: type[models.Model]) -> Any:
    """A service's own transaction block; none when its write of `model` is deferred (it writes nothing now)."""
    writes = current()
    return contextlib.nullcontext() if writes is not None and writes.defers(model) else transaction.atomic()


@dataclass
class Deferred:
    """A checked record waiting for the flush, with what its change-log row needs.

    A change also has the record as it was (`before`, a snapshot), the version it was based on and the
    fields it sets.
    """

    tag: Any  # what the caller reports a failure by: the import's row number
    instance: Any
    m2m: dict[str, list[Any]]
    actor: Any
    reason: str
    batch: str
    before: dict[str, Any] | None = None
    expected_version: int | None = None
    fields: frozenset[str] = frozenset()
    original: Any = None  # the record as read, to name it as the user knows it

    @property
    def is_update(self) -> bool:
        return self.before is not None


@dataclass
class BulkWrite:
    """One batch of writes (an import's): what it has looked up once, and the writes kept for its flush."""

    deferred: list[Deferred] = field(default_factory=list)
    _tag: Any = None
    _model: type[models.Model] | None = None
    _known: set[tuple[Any, Any]] = field(default_factory=set)  # (foreign key, value) found to exist
    _editable: set[tuple[Any, Any, Any]] = field(default_factory=set)  # (actor id, model, pk)
    _locks: frozenset[int] | None = None
    memo: dict[Any, Any] = field(default_factory=dict)  # see `remembered`

    def begin(self, model: type[models.Model]) -> None:
        """Start the batch's transaction as the row-by-row path did: holding what its first write held.

        The locked years are read (on PostgreSQL that holds the lock table, `periods`, before any record's
        row lock); on SQLite the database's write lock is taken now by a write that changes nothing. Without
        it another writer could commit while the rows are checked, and the flush, the batch's first write,
        would then fail on a stale snapshot ("database is locked"), a whole import lost to any other edit.
        """
        self.locked_years(model)
        if connection.vendor == "sqlite":
            quote = connection.ops.quote_name
            key = quote(model._meta.pk.column)  # type: ignore[union-attr]
            with connection.cursor() as cursor:
                cursor.execute(f"UPDATE {quote(model._meta.db_table)} SET {key} = {key} WHERE 0")

    @contextlib.contextmanager
    def deferring(self, tag: Any, model: type[models.Model]) -> Iterator[None]:
        """Writes of `model` in this block wait for the flush, reported by `tag` if they fail there (writes of
        other kinds, if a service made any, are made at once)."""
        self._tag, self._model = tag, model
        try:
            yield
        finally:
            self._tag, self._model = None, None

    def defers(self, model: type[models.Model]) -> bool:
        return self._tag is not None and model is self._model and can_defer(model)

    def defer(
        self,
        instance: Any,
        *,
        m2m: dict[str, list[Any]] | None,
        actor: Any,
        reason: str,
        batch: str,
        before: dict[str, Any] | None = None,
        expected_version: int | None = None,
        fields: frozenset[str] = frozenset(),
        original: Any = None,
    ) -> None:
        """Keep a checked new record (or, with `before` and the `original` as read, a checked change)."""
        item = Deferred(
            self._tag, instance, dict(m2m or {}), actor, reason, batch, before, expected_version, fields, original
        )
        self.deferred.append(item)

    def known_editable(self, actor: Any, model: type[models.Model], pks: Iterable[Any]) -> None:
        """Records the caller has just read through `editable_by(actor)`, in this transaction."""
        self._editable.update((actor.pk, model, pk) for pk in pks)

    def is_known_editable(self, actor: Any, instance: models.Model) -> bool:
        return (getattr(actor, "pk", None), type(instance), instance.pk) in self._editable

    def locked_years(self, model: type[models.Model]) -> frozenset[int]:
        if not getattr(model, "period_field", ""):
            return frozenset()
        if self._locks is None:
            self._locks = periods.locked_years()
        return self._locks

    # --- checking ------------------------------------------------------------------------------------------

    def full_clean(self, instance: models.Model, *, unique: bool) -> None:
        """Model.full_clean's checks and messages, without its queries per record (see the module's text).
        With `unique=False`, uniqueness is left to the flush."""
        model = type(instance)
        errors: dict[str, Any] = {}
        relations = _foreign_keys(model)
        known = {f.name for f in relations if (f, getattr(instance, f.attname)) in self._known}
        try:
            instance.clean_fields(exclude=known)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for relation in relations:
            value = getattr(instance, relation.attname)
            if relation.name not in errors and relation.name not in known and value is not None:
                self._known.add((relation, value))
        try:
            instance.clean()
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        exclude = {name for name in errors if name != NON_FIELD_ERRORS}
        if unique:
            try:
                instance.validate_unique(exclude=exclude)
            except ValidationError as error:
                errors = error.update_error_dict(errors)
            exclude |= {name for name in errors if name != NON_FIELD_ERRORS}
        for constraint in model._meta.constraints:
            try:
                _validate(constraint, model, instance, exclude, unique=unique)
            except ValidationError as error:
                if getattr(error, "code", None) == "unique" and len(getattr(constraint, "fields", ())) == 1:
                    errors.setdefault(constraint.fields[0], []).append(error)  # as Django keys it
                else:
                    errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    # --- writing -------------------------------------------------------------------------------------------

    def flush(self) -> dict[Any, ValidationError]:
        """Write the deferred records; or, when some fail the checks made for all at once, write none and say
        which (by tag)."""
        from xiezuo.apps.core import bulk_flush

        pending, self.deferred = self.deferred, []
        return bulk_flush.flush(pending)


# --- helpers -------------------------------------------------------------------------------------------------


@functools.cache
def _foreign_keys(model: type[models.Model]) -> tuple[Any, ...]:
    return tuple(f for f in model._meta.concrete_fields if isinstance(f, models.ForeignKey))


def _validate(
    constraint: Any, model: type[models.Model], instance: models.Model, exclude: set[str], *, unique: bool
) -> None:
    if isinstance(constraint, models.UniqueConstraint):
        if unique:
            constraint.validate(model, instance, exclude=exclude)
        return
    if isinstance(constraint, models.CheckConstraint) and isinstance(constraint.condition, models.Q):
        try:
            if conditions.field_names(constraint.condition) & exclude:
                return  # a field that failed its own check: Django skips the constraint too
            if conditions.holds(constraint.condition, instance):
                return
        except conditions.Unsupported:
            constraint.validate(model, instance, exclude=exclude)
            return
        raise ValidationError(constraint.get_violation_error_message(), code=constraint.violation_error_code)
    constraint.validate(model, instance, exclude=exclude)


def unique_field_sets(model: type[models.Model]) -> list[tuple[tuple[str, ...], Any]]:
    """The sets of fields whose values no two records share, each with its constraint (None: a unique field)."""
    sets: list[tuple[tuple[str, ...], Any]] = [
        ((f.name,), None) for f in model._meta.concrete_fields if f.unique and not f.primary_key
    ]
    sets.extend((tuple(names), None) for names in model._meta.unique_together)
    for constraint in model._meta.constraints:
        if isinstance(constraint, models.UniqueConstraint) and constraint.condition is None and constraint.fields:
            sets.append((tuple(constraint.fields), constraint))
    return sets
