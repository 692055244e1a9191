"""The flush of a bulk write (`core.bulk`): the checks made for all deferred records at once, then the writes.

Checks, all before any write:
- a changed record is still at the version its row saw: the records are read, and on PostgreSQL locked
  until the transaction ends (the importer locked them already when it read them), in one query per
  LOOKUP_BATCH; on SQLite the batch holds the database's write lock from its start (`BulkWrite.begin`);
- no two records share the values of a unique field set: the stored owners of every value involved are
  looked up (one query per prefix and LOOKUP_BATCH values), then the rows are played in their order, each
  change moving its record off its old values and onto its new ones, so that a file renaming codes in a
  chain passes exactly when writing its rows one by one would.

Writes, in an order the database's own checks accept when the rows pass: the changes in row order (one
UPDATE each, sent together), then the new records with `bulk_create` (the database returns their ids),
the many-to-many links added and removed in bulk, and one change-log row per record, as `core.services`
would have written it.
"""

from __future__ import annotations

import functools
import operator
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import connection, models
from django.db.models import Q

from xiezuo.apps.core.bulk import Deferred, unique_field_sets

INSERT_BATCH = 500  # rows per INSERT statement
LOOKUP_BATCH = 900  # values per query (SQLite allows 32,766 parameters; PostgreSQL 65,535)
REMOVE_BATCH = 200  # records per statement removing links (SQLite parses a chain of ORs up to 1,000 deep)


def flush(pending: list[Deferred]) -> dict[Any, ValidationError]:
    """Check all the deferred writes, then make them; or make none and return each failing row's errors."""
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
        _update(model, [i for i in items if i.is_update])  # first: a new record may take a value they give up
        _insert(model, [i for i in items if not i.is_update])
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
        chunk = manager.select_for_update(of=("self",)).filter(pk__in=pks[start : start + LOOKUP_BATCH])
        rows = chunk.order_by("pk").values_list("pk", "version")  # no join of the default ordering: lock these
        versions.update(rows)
    for item in items:
        now = versions.get(item.instance.pk)
        if now != item.expected_version:
            assert item.expected_version is not None
            _fail(
                failures,
                item,
                "version",
                ValidationError(str(ConflictError(item.original or item.instance, item.expected_version, now))),
            )


def _unique_failures(
    model: type[models.Model], items: list[Deferred], failures: dict[Any, dict[str, list[ValidationError]]]
) -> None:
    """Play the rows in order against who holds each value now; a row taking a value someone holds fails."""
    for names, constraint in unique_field_sets(model):
        fields = [model._meta.get_field(name) for name in names]
        moves = []  # (item, old key or None, new key or None)
        for item in items:
            new = tuple(getattr(item.instance, f.attname) for f in fields)
            old = tuple((item.before or {}).get(f.attname) for f in fields) if item.is_update else None
            moves.append((item, old if old and None not in old else None, new if None not in new else None))
        keys = {key for _item, old, new in moves for key in (old, new) if key is not None}
        holders = _stored_keys(model, [f.attname for f in fields], list(keys))
        for item, old, new in moves:
            me = item.instance.pk if item.is_update else id(item)
            if new is None or new == old:
                continue
            if holders.get(new, set()) - {me}:
                where = names[0] if len(names) == 1 else NON_FIELD_ERRORS
                _fail(failures, item, where, _unique_error(model, item.original or item.instance, names, constraint))
                continue  # the row fails: its record keeps its values
            if old is not None:
                holders.get(old, set()).discard(me)
            holders.setdefault(new, set()).add(me)


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
    Python, slower than the queries it saves. Each value goes through its field's pre_save, as in save():
    the change time is stamped, a new file is stored."""
    if not items:
        return
    names = {"version"}.union(*(item.fields for item in items))
    fields = [
        f
        for f in model._meta.concrete_fields
        if not f.primary_key and (f.name in names or getattr(f, "auto_now", False))
    ]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(f.column)} = %s" for f in fields)
    primary_key = model._meta.pk
    assert primary_key is not None
    sql = f"UPDATE {quote(model._meta.db_table)} SET {assignments} WHERE {quote(primary_key.column)} = %s"
    rows = [
        [f.get_db_prep_save(f.pre_save(item.instance, False), connection) for f in fields] + [item.instance.pk]
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
