"""The one write path: create, update, delete and revert, each in one transaction with its change-log row.

App services (`projects.services.create_project` …) call these after their own checks; views,
the importer and the report ingester call the app services (after Zulip's `zerver/actions`).

An update names the version it was based on: if the record has moved on since, the update is
refused with `ConflictError` and nothing is written (optimistic locking, no lost update).

No record of a year an administrator locked is added, changed, deleted or reverted, and none moves into
or out of such a year: `periods.PeriodLockedError` (a ValidationError), checked inside the transaction.

Inside a bulk write (`core.bulk`, an import), the same checks make their queries once per batch, and the
writes of services marked deferrable are made together when the batch is flushed, with their change log.
"""

from __future__ import annotations

import contextlib
import copy
import datetime
import uuid
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from xiezuo.apps.core import bulk, periods
from xiezuo.apps.core.choices import ChangeAction
from xiezuo.apps.core.middleware import current_request_id
from xiezuo.apps.core.models import ChangeLog, LedgerModel


class ConflictError(Exception):
    """The record changed after the editor loaded it; their edit would overwrite someone else's."""

    def __init__(self, instance: models.Model, expected: int, current: int | None) -> None:
        self.instance = instance
        self.expected = expected
        self.current = current
        super().__init__(
            _("“%(record)s” was changed by someone else after you opened it (your version %(mine)s, now %(now)s).")
            % {"record": instance, "mine": expected, "now": current if current is not None else _("deleted")}
        )


def new_batch() -> str:
    """An id that groups the changes of one import or one confirmed report."""
    return uuid.uuid4().hex


def snapshot(instance: models.Model, *, links: dict[str, list[Any]] | None = None) -> dict[str, Any]:
    """The record's field values as JSON: foreign keys by id, many-to-many as sorted id lists.

    `links`: the many-to-many values just written (records or ids), instead of reading them back.
    """
    data: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        if field.name in ("created_at", "updated_at"):
            continue
        data[field.attname] = _json(getattr(instance, field.attname))
    if instance.pk is not None:
        for field in instance._meta.many_to_many:
            if links is not None:
                data[field.name] = sorted({getattr(v, "pk", v) for v in links.get(field.name, [])})
            else:
                data[field.name] = sorted(getattr(instance, field.name).values_list("pk", flat=True))
    return data


def _json(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, models.Model):
        return value.pk
    if hasattr(value, "name") and hasattr(value, "url"):  # a file field
        return value.name or ""
    return value


def log_change(**change: Any) -> ChangeLog:
    """Write the change-log row of a change (`change_entry`'s arguments)."""
    entry = change_entry(**change)
    entry.save()
    return entry


def change_entry(
    *,
    instance: models.Model,
    action: str,
    actor: Any,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    reason: str = "",
    batch: str = "",
    reverts: ChangeLog | None = None,
) -> ChangeLog:
    """The change-log row of a change, not saved yet (`log_change` saves it; a bulk write saves many at once)."""
    return ChangeLog(
        content_type=ContentType.objects.get_for_model(type(instance)),
        object_id=str(instance.pk),
        object_repr=str(instance)[:300],
        action=action,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        request_id=current_request_id(),
        batch=batch,
        before=before,
        after=after,
        reason=reason,
        reverts=reverts,
    )


def ensure_editable(actor: Any, instance: LedgerModel) -> None:
    writes = bulk.current()
    if writes is not None and writes.is_known_editable(actor, instance):
        return  # read through editable_by(actor) in this transaction (an import's rows)
    model = type(instance)
    if not model.objects.editable_by(actor).filter(pk=instance.pk).exists():  # type: ignore[attr-defined]
        raise PermissionDenied(_("You may not change this record."))


def ensure_can_create(actor: Any, instance: LedgerModel) -> None:
    """A new record must fall inside a pairing the actor edits (or be reference data for admins)."""
    from xiezuo.apps.core.scoping import scope_of

    scope = scope_of(actor)
    if scope.everything:
        return
    pairing_id = pairing_of(instance)
    if pairing_id is None or pairing_id not in scope.writable:
        raise PermissionDenied(_("You may not add records here."))


def pairing_of(instance: models.Model) -> int | None:
    """The id of the pairing a record belongs to, following `pairing_path`."""
    path: str = getattr(type(instance), "pairing_path", "")
    if not path:
        return None
    if path == "pk":
        return int(instance.pk) if instance.pk is not None else None
    target: Any = instance
    parts = path.split("__")
    for part in parts[:-1]:
        target = getattr(target, part, None)
        if target is None:
            return None
    value = getattr(target, f"{parts[-1]}_id", None)
    if value is None and hasattr(target, parts[-1]):
        related = getattr(target, parts[-1])
        value = getattr(related, "pk", related)
    return int(value) if value is not None else None


def create_record[M: LedgerModel](
    model: type[M],
    *,
    actor: Any,
    data: dict[str, Any],
    m2m: dict[str, list[Any]] | None = None,
    reason: str = "",
    batch: str = "",
) -> M:
    """Validate and save a new record, then log it; all or nothing.

    In a bulk write (`core.bulk`) that defers this kind, the record is checked the same way but inserted,
    and logged, when the batch is flushed (uniqueness is checked then too).
    """
    writes = bulk.current()
    deferred = writes is not None and writes.defers(model)
    with contextlib.nullcontext() if deferred else transaction.atomic():
        instance = model(**data)
        ensure_can_create(actor, instance)
        periods.ensure_period_open(instance, locked=bulk.locked_years(model))
        bulk.full_clean(instance, unique=not deferred)
        if writes is not None and deferred:
            writes.defer(instance, m2m=m2m, actor=actor, reason=reason, batch=batch)
            return instance
        instance.save()
        for name, values in (m2m or {}).items():
            getattr(instance, name).set(values)
        log_change(
            instance=instance,
            action=ChangeAction.CREATE,
            actor=actor,
            before=None,
            after=snapshot(instance),
            reason=reason,
            batch=batch,
        )
    return instance


def update_record[M: LedgerModel](
    instance: M,
    *,
    actor: Any,
    data: dict[str, Any],
    expected_version: int,
    m2m: dict[str, list[Any]] | None = None,
    reason: str = "",
    batch: str = "",
) -> M:
    """Apply `data` to a record last seen at `expected_version`, or raise ConflictError."""
    model = type(instance)
    writes = bulk.current()
    if writes is not None and writes.defers(model):
        return _deferred_update(writes, instance, actor, data, expected_version, m2m, reason, batch)
    with transaction.atomic():
        ensure_editable(actor, instance)
        # The locks before the record: reading them takes the lock table's shared lock (periods), always
        # before any record's row lock, so that writers and an administrator locking a year cannot deadlock.
        locked = bulk.locked_years(model)
        if locked is None:
            locked = periods.locks_for(model)
        fresh = model.objects.select_for_update().get(pk=instance.pk)  # type: ignore[attr-defined]
        periods.ensure_period_open(fresh, locked=locked)  # as stored: a locked year's record stays as it is
        before = snapshot(fresh)
        # Compare and bump in one statement: a concurrent writer waits, then finds a newer version.
        claimed = model.objects.filter(pk=instance.pk, version=expected_version).update(  # type: ignore[attr-defined]
            version=F("version") + 1
        )
        if not claimed:
            raise ConflictError(fresh, expected_version, fresh.version)
        for name, value in data.items():
            setattr(fresh, name, value)
        fresh.version = expected_version + 1
        ensure_can_create(actor, fresh)  # it must not move out of the actor's pairings
        periods.ensure_period_open(fresh, locked=locked)  # nor into a locked year
        bulk.full_clean(fresh)
        fresh.save()
        for name, values in (m2m or {}).items():
            getattr(fresh, name).set(values)
        after = snapshot(fresh)
        log_change(
            instance=fresh,
            action=ChangeAction.UPDATE,
            actor=actor,
            before=before,
            after=after,
            reason=reason,
            batch=batch,
        )
    return fresh


def _deferred_update[M: LedgerModel](
    writes: bulk.BulkWrite,
    instance: M,
    actor: Any,
    data: dict[str, Any],
    expected_version: int,
    m2m: dict[str, list[Any]] | None,
    reason: str,
    batch: str,
) -> M:
    """update_record's checks, on the record as this transaction read (and locked) it: an importer reads its
    rows' records at its start; the flush checks that the version is still the one read, and writes it."""
    model = type(instance)
    ensure_editable(actor, instance)
    locked = writes.locked_years(model)
    periods.ensure_period_open(instance, locked=locked)  # as update_record: the lock first, then the version
    if instance.version != expected_version:
        raise ConflictError(instance, expected_version, instance.version)
    links = {f.name: list(getattr(instance, f.name).all()) for f in model._meta.many_to_many}  # prefetched
    before = snapshot(instance, links=links)
    changed = copy.copy(instance)
    for name, value in data.items():
        setattr(changed, name, value)
    changed.version = expected_version + 1
    ensure_can_create(actor, changed)
    periods.ensure_period_open(changed, locked=locked)
    writes.full_clean(changed, unique=False)
    fields = frozenset(f.name for f in model._meta.concrete_fields if f.name in data or f.attname in data)
    writes.defer(
        changed,
        m2m=m2m,
        actor=actor,
        reason=reason,
        batch=batch,
        before=before,
        expected_version=expected_version,
        fields=fields,
        original=instance,
    )
    return changed


def delete_record(instance: LedgerModel, *, actor: Any, reason: str = "", batch: str = "") -> None:
    """Delete a record and log what it was (as stored now, not as the caller last saw it), so the
    deletion can be reverted."""
    with transaction.atomic():
        ensure_editable(actor, instance)
        locked = periods.locks_for(type(instance))  # before the row lock, as in update_record
        fresh = type(instance).objects.select_for_update().get(pk=instance.pk)  # type: ignore[attr-defined]
        periods.ensure_period_open(fresh, locked=locked)
        before = snapshot(fresh)
        log_change(
            instance=fresh,
            action=ChangeAction.DELETE,
            actor=actor,
            before=before,
            after=None,
            reason=reason,
            batch=batch,
        )
        fresh.delete()
        instance.pk = None


def revert_change(change: ChangeLog, *, actor: Any, reason: str = "") -> ChangeLog:
    """Undo one change with a new change: a creation is deleted, a deletion restored, an update rolled back."""
    model = change.content_type.model_class()
    if model is None:
        raise ValueError("the kind of record no longer exists")
    with transaction.atomic():
        current = model.objects.filter(pk=change.object_id).first()
        if change.action == ChangeAction.CREATE:
            if current is None:
                raise ValueError(_("The record is already gone."))
            ensure_editable(actor, current)
            periods.ensure_period_open(current)
            before = snapshot(current)
            current.delete()
            return log_change(
                instance=current,
                action=ChangeAction.REVERT,
                actor=actor,
                before=before,
                after=None,
                reason=reason,
                reverts=change,
            )
        if change.action == ChangeAction.DELETE:
            if current is not None:
                raise ValueError(_("The record has already been restored."))
            restored = _from_snapshot(model, change.before or {})
            ensure_can_create(actor, restored)
            periods.ensure_period_open(restored)
            restored.save(force_insert=True)
            _set_m2m(restored, change.before or {})
            return log_change(
                instance=restored,
                action=ChangeAction.REVERT,
                actor=actor,
                before=None,
                after=snapshot(restored),
                reason=reason,
                reverts=change,
            )
        if current is None:
            raise ValueError(_("The record was deleted; revert the deletion first."))
        ensure_editable(actor, current)
        locked = periods.locks_for(model)  # before the row lock, as in update_record
        current = model.objects.select_for_update().get(pk=current.pk)
        periods.ensure_period_open(current, locked=locked)  # the record as it is now
        before = snapshot(current)
        values = {k: v for k, v in (change.before or {}).items() if k not in ("id", "version")}
        for field in model._meta.concrete_fields:
            if field.attname in values:
                setattr(current, field.attname, field.to_python(values[field.attname]))
        current.version = current.version + 1
        ensure_can_create(actor, current)  # the old values must not move it out of the actor's pairings
        periods.ensure_period_open(current, locked=locked)  # nor back into a locked year
        current.full_clean()
        current.save()
        _set_m2m(current, change.before or {})
        return log_change(
            instance=current,
            action=ChangeAction.REVERT,
            actor=actor,
            before=before,
            after=snapshot(current),
            reason=reason,
            reverts=change,
        )


def _from_snapshot(model: type[models.Model], data: dict[str, Any]) -> models.Model:
    values = {}
    for field in model._meta.concrete_fields:
        if field.attname in data:
            values[field.attname] = field.to_python(data[field.attname])
    return model(**values)


def _set_m2m(instance: models.Model, data: dict[str, Any]) -> None:
    for field in instance._meta.many_to_many:
        if field.name in data:
            getattr(instance, field.name).set(data[field.name])
