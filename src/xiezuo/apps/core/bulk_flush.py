"""The flush of a bulk write (`core.bulk`): the checks made for all deferred records at once, then the writes.

Checks, all before any write:
- a changed record is still at the version its row saw: the records are read (and, on PostgreSQL, locked
  until the transaction ends) in one query per LOOKUP_BATCH; on SQLite the transaction is the only writer
  from its first write, and a snapshot gone stale fails as a busy database;
- no two records share the values of a unique field set: the values the deferred records will have are
  looked up in one query per prefix and LOOKUP_BATCH values, a record clashing with another record stored,
  or with an earlier one of the batch.

Writes: new records with `bulk_create` (the database returns their ids), changed records with one UPDATE
each of the fields the batch sets (and the version and change time) sent together, many-to-many links added
and removed in bulk, and one change-log row per record, as `core.services` would have written it.
"""

from __future__ import annotations

import functools
import operator
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import connection, models
from django.db.models import Q
from django.utils import timezone

from xiezuo.apps.core.bulk import Deferred

INSERT_BATCH = 500  # rows per INSERT statement
LOOKUP_BATCH = 900  # values per query (SQLite allows 32,766 parameters; PostgreSQL 65,535)
REMOVE_BATCH = 200  # records per statement removing links (SQLite parses a chain of ORs up to 1,000 deep)


def flush(pending: list[Deferred]) -> dict[Any, ValidationError]:
    by_model: dict[type[models.Model], list[Deferred]] = {}
    for item in pending:
        by_model.setdefault(type(item.instance), []).append(item)
    failures: dict[Any, dict[str, list[ValidationError]]] = {}
    for model, items in by_model.items():
        _version_failures(model, [i for i in items if i.is_update], failures)
        _unique_failures(model, items, failures)
    if failures:
        return {tag: ValidationError(errors) for tag, errors in failures.items()}
    for model, items in by_model.items():
        _insert(model, [i for i in items if not i.is_update])
        _update(model, [i for i in items if i.is_update])
        _log(items)
    return {}


def _fail(failures: dict[Any, dict[str, list[ValidationError]]], item: Deferred, where: str, error: Any) -> None:
    failures.setdefault(item.tag, {}).setdefault(where, []).append(error)


# --- checks --------------------------------------------------------------------------------------------------


def _version_failures(
    model: type[models.Model], items: list[Deferred], failures: dict[Any, dict[str, list[ValidationError]]]
) -> None:
    """A record changed by someone else since its row was read: the service's ConflictError, on its row."""
    from xiezuo.apps.core.services import ConflictError

    if not items:
        return
    manager = model._base_manager  # type: ignore[attr-defined]
    pks = [item.instance.pk for item in items]
    versions: dict[Any, int] = {}
    for start in range(0, len(pks), LOOKUP_BATCH):
        rows = manager.select_for_update().filter(pk__in=pks[start : start + LOOKUP_BATCH]).values_list("pk", "version")
        versions.update(rows)
    for item in items:
        now = versions.get(item.instance.pk)
        if now != item.expected_version:
            assert item.expected_version is not None
            _fail(
                failures,
                item,
                "version",
                ValidationError(str(ConflictError(item.instance, item.expected_version, now))),
            )


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


def _unique_failures(
    model: type[models.Model], items: list[Deferred], failures: dict[Any, dict[str, list[ValidationError]]]
) -> None:
    for names, constraint in unique_field_sets(model):
        fields = [model._meta.get_field(name) for name in names]
        groups: dict[tuple[Any, ...], list[Deferred]] = {}
        for item in items:
            key = tuple(getattr(item.instance, f.attname) for f in fields)
            if None not in key:
                groups.setdefault(key, []).append(item)
        stored = _stored_keys(model, [f.attname for f in fields], list(groups))
        for key, group in groups.items():
            for index, item in enumerate(group):
                others = stored.get(key, set()) - {item.instance.pk}
                if others or index > 0:
                    where = names[0] if len(names) == 1 else NON_FIELD_ERRORS
                    _fail(failures, item, where, _unique_error(model, item.instance, names, constraint))


def _stored_keys(
    model: type[models.Model], attnames: list[str], keys: list[tuple[Any, ...]]
) -> dict[tuple[Any, ...], set[Any]]:
    """Which records in the database have these keys: one query per prefix and LOOKUP_BATCH values."""
    by_prefix: dict[tuple[Any, ...], list[Any]] = {}
    for key in keys:
        by_prefix.setdefault(key[:-1], []).append(key[-1])
    found: dict[tuple[Any, ...], set[Any]] = {}
    manager = model._base_manager  # type: ignore[attr-defined]
    for prefix, lasts in by_prefix.items():
        for start in range(0, len(lasts), LOOKUP_BATCH):
            lookup = dict(zip(attnames[:-1], prefix, strict=True))
            lookup[f"{attnames[-1]}__in"] = lasts[start : start + LOOKUP_BATCH]
            for pk, *values in manager.filter(**lookup).values_list("pk", *attnames):
                found.setdefault(tuple(values), set()).add(pk)
    return found


def _unique_error(model: type[models.Model], instance: Any, names: tuple[str, ...], constraint: Any) -> ValidationError:
    """The message Django's own check gives for this field set."""
    if constraint is not None and constraint.violation_error_message != constraint.default_violation_error_message:
        return ValidationError(constraint.get_violation_error_message(), code=constraint.violation_error_code)
    return instance.unique_error_message(model, names)  # type: ignore[no-any-return]


# --- writes --------------------------------------------------------------------------------------------------


def _insert(model: type[models.Model], items: list[Deferred]) -> None:
    if not items:
        return
    instances = [item.instance for item in items]
    model._base_manager.bulk_create(instances, batch_size=INSERT_BATCH)  # type: ignore[attr-defined]
    if any(instance.pk is None for instance in instances):
        raise RuntimeError(f"the database returned no ids for {model._meta.label}")


def _update(model: type[models.Model], items: list[Deferred]) -> None:
    """One UPDATE per record of the fields the batch sets, sent with executemany: the driver runs them in one
    call (SQLite) or one pipeline (psycopg), where Django's bulk_update builds a CASE per field and row in
    Python, slower than the queries it saves."""
    if not items:
        return
    now = timezone.now()
    names = {"version"}.union(*(item.fields for item in items))
    fields = []
    for model_field in model._meta.concrete_fields:
        if getattr(model_field, "auto_now", False):  # the change time, as save() stamps it
            for item in items:
                setattr(item.instance, model_field.attname, now)
            fields.append(model_field)
        elif model_field.name in names and not model_field.primary_key:
            fields.append(model_field)
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(f.column)} = %s" for f in fields)
    primary_key = model._meta.pk
    assert primary_key is not None
    sql = f"UPDATE {quote(model._meta.db_table)} SET {assignments} WHERE {quote(primary_key.column)} = %s"
    rows = [
        [f.get_db_prep_save(getattr(item.instance, f.attname), connection) for f in fields] + [item.instance.pk]
        for item in items
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def _log(items: list[Deferred]) -> None:
    from xiezuo.apps.core.choices import ChangeAction
    from xiezuo.apps.core.models import ChangeLog
    from xiezuo.apps.core.services import change_entry, snapshot

    if not items:
        return
    model = type(items[0].instance)
    for relation in model._meta.many_to_many:
        _set_links(relation, items)
    entries = []
    for item in items:
        links = {r.name: (item.before or {}).get(r.name, []) for r in model._meta.many_to_many}
        links.update(item.m2m)
        entries.append(
            change_entry(
                instance=item.instance,
                action=ChangeAction.UPDATE if item.is_update else ChangeAction.CREATE,
                actor=item.actor,
                before=item.before,
                after=snapshot(item.instance, links=links),
                reason=item.reason,
                batch=item.batch,
            )
        )
    ChangeLog.objects.bulk_create(entries, batch_size=INSERT_BATCH)


def _set_links(relation: Any, items: list[Deferred]) -> None:
    """The many-to-many links each record's row names: added and removed in a few statements."""
    through = relation.remote_field.through
    source, target = f"{relation.m2m_field_name()}_id", f"{relation.m2m_reverse_field_name()}_id"
    added, removed = [], []
    for item in items:
        if relation.name not in item.m2m:
            continue
        wanted = set(_pks(item.m2m[relation.name]))
        had = set((item.before or {}).get(relation.name, []))
        added.extend(through(**{source: item.instance.pk, target: pk}) for pk in sorted(wanted - had))
        if had - wanted:
            removed.append(Q(**{source: item.instance.pk, f"{target}__in": sorted(had - wanted)}))
    for start in range(0, len(removed), REMOVE_BATCH):
        through._base_manager.filter(functools.reduce(operator.or_, removed[start : start + REMOVE_BATCH])).delete()
    through._base_manager.bulk_create(added, batch_size=INSERT_BATCH)


def _pks(values: list[Any]) -> list[Any]:
    return sorted({getattr(value, "pk", value) for value in values})
