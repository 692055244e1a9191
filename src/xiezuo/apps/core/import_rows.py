"""One spreadsheet row at a time: cells → the kind's form (relations by natural key) → service arguments.

The form is the same one the add and edit pages use, so a row is checked exactly as a person's entry is;
its relations are looked up once per distinct name (not once per row), within the querysets the form
offers this user. Model rules (uniqueness, constraints, the apps' own rules) are the services' to check.
"""

from __future__ import annotations

import contextlib
import copy
import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from xiezuo.apps.core import bulk
from xiezuo.apps.core.columns import ID, VERSION, CellError, Choices, Column, is_empty, read_number, read_plain
from xiezuo.apps.core.naturalkeys import Resolver, Unresolved, split_list

if TYPE_CHECKING:
    from xiezuo.apps.core.imports import Plan, Problem


def import_form(form_class: type[Any]) -> type[Any]:
    """The kind's form without the model's validation: the service validates the record (and its
    uniqueness and constraints) as it writes it, in the dry run too, so the row's checks are not made twice."""

    def skip(self: Any) -> None:
        return None

    return type(form_class.__name__, (form_class,), {"_post_clean": skip})


@dataclass
class Row:
    """A row read: the record it changes (None: a new one), the service arguments, or its problems."""

    number: int
    instance: Any = None
    expected_version: int | None = None
    form_data: tuple[dict[str, Any], dict[str, list[Any]]] | None = None
    problems: list[Problem] = field(default_factory=list)
    current_m2m: dict[str, list[Any]] = field(default_factory=dict)


class RowReader:
    """Reads the rows of a plan for one user: prepared once (records by ID, names), then row by row."""

    def __init__(self, plan: Plan, *, actor: Any, versions: dict[str, int]) -> None:
        self.plan = plan
        self.actor = actor
        self.versions = versions
        self.model = plan.ledger_type.model
        self.create_region: Any = None
        self.form_class = import_form(plan.ledger_type.form)
        self.columns = sorted(plan.columns, key=lambda item: item[1].name != "pairing")
        self.by_name = {column.name: (index, column, text) for index, column, text in plan.columns}
        self.choices = {c.name: Choices(c.model_field) for _i, c, _t in plan.columns if c.kind == "choice"}
        self.form_fields = [n for n in plan.ledger_type.form._meta.fields or () if n in self.form_class.base_fields]
        self.relations = [n for n in self.form_fields if _relation(self.model, n)]
        self.resolvers: dict[str, Resolver] = {}
        self.instances: dict[int, Any] = {}
        self.rows = dict(plan.rows)
        self.first_row_of_id: dict[int, int] = {}
        self.unique_seen: dict[tuple[Any, ...], int] = {}
        self._forms: dict[bool, Any] = {}

    def form_for(self, data: dict[str, Any], instance: Any, resolved: dict[str, Any]) -> Any:
        """The form bound to a row's data. Two forms (one to add, one to change) serve every row: building a
        form (its fields, its querysets for the user) costs more than checking a row with it."""
        form = self._forms.get(instance is not None)
        if form is None:
            form = self.form_class(data={}, instance=copy.copy(instance), user=self.actor)
            self._forms[instance is not None] = form
            for form_field in form.fields.values():
                if isinstance(form_field, forms.ChoiceField) and not hasattr(form_field, "queryset"):
                    # The codes once, not the choices (years: 130 of them) walked again for every row.
                    codes = frozenset(str(code) for code, _label in _flat(form_field.choices))
                    form_field.valid_value = lambda value, codes=codes: str(value) in codes
        form.data = data
        form._errors = None
        if instance is not None:
            form.instance = copy.copy(instance)
        if "version" in form.fields:
            form.fields["version"].required = instance is not None
        for name, form_field in form.fields.items():
            form_field.__dict__.pop("clean", None)
            if name in resolved:
                # Looked up by name already, within this field's queryset: no query per row.
                form_field.clean = lambda _value, found=resolved[name]: found
        return form

    def header_of(self, name: str) -> str:
        """The column's header as the file writes it, else the field's name in the user's language."""
        if name in self.by_name:
            return self.by_name[name][2]
        try:
            return capfirst(str(self.model._meta.get_field(name).verbose_name))
        except Exception:
            return "" if name in ("", NON_FIELD_ERRORS) else name

    def _cell(self, values: list[Any], index: int) -> Any:
        return values[index] if index < len(values) else None

    # --- preparing: the records named by ID and by name, in a few queries --------------------------------

    def prepare(self, problems: list[Problem]) -> None:
        from xiezuo.apps.core.imports import Problem

        ids: set[int] = set()
        if ID in self.by_name:
            index, _column, text = self.by_name[ID]
            for _number, values in self.plan.rows:
                raw = self._cell(values, index)
                if not is_empty(raw):
                    with contextlib.suppress(CellError, ValueError):  # the row's own reading says what is wrong
                        ids.add(int(read_number(raw, whole=True)))
        manager = self.model.objects
        fks = [n for n in self.relations if not self.model._meta.get_field(n).many_to_many]
        m2ms = [n for n in self.relations if self.model._meta.get_field(n).many_to_many]
        if ids:
            # Locked until the import ends (PostgreSQL), as each row's update would lock its record: meanwhile
            # no other write changes what the rows are checked against (a project's year, its transactions).
            # By ID alone, before reading them: the editable records' query may be DISTINCT, which cannot lock.
            list(manager.filter(pk__in=ids).select_for_update().order_by("pk").values_list("pk", flat=True))
        editable = manager.editable_by(self.actor)
        editable = editable.select_related(*fks) if fks else editable
        self.instances = editable.prefetch_related(*m2ms).in_bulk(ids)
        writes = bulk.current()
        if writes is not None:  # the services need not ask again, row by row
            writes.known_editable(self.actor, self.model, self.instances)
        sample = self.form_class(user=self.actor)
        for index, column, text in self.plan.columns:
            if column.kind not in ("fk", "m2m"):
                continue
            queryset = getattr(sample.fields.get(column.name), "queryset", None)
            if queryset is None:
                problems.append(Problem(None, text, _("This column cannot be imported.")))
                continue
            creates = self.create_region if column.related._meta.label == "regions.Region" else None
            resolver = Resolver(column.related, queryset, create_missing=creates)
            texts = set()
            for _number, values in self.plan.rows:
                raw = self._cell(values, index)
                if not is_empty(raw):
                    cell = str(raw).strip() if not isinstance(raw, float) else read_number(raw, whole=False)
                    texts.update(split_list(cell) if column.kind == "m2m" else [cell])
            resolver.prepare(texts)
            self.resolvers[column.name] = resolver

    # --- one row ---------------------------------------------------------------------------------------

    def read(self, number: int) -> Row:
        from xiezuo.apps.core.imports import Problem

        values = self.rows[number]
        row = Row(number)
        bad: set[str] = set()
        for index, column, text in self.plan.columns:
            message = self.plan.sheet.problems.get((number, index))
            if message:
                row.problems.append(Problem(number, text, message))
                bad.add(column.name)
        self._read_id(row, values)
        if row.problems and (ID in bad or (row.instance is None and ID in self.by_name and self._has_id(values))):
            return row
        instance = row.instance
        if instance is not None:
            row.current_m2m = {
                n: list(getattr(instance, n).all())
                for n in self.relations
                if self.model._meta.get_field(n).many_to_many
            }
        data: dict[str, Any] = {}
        resolved: dict[str, Any] = {}
        pairing = None
        for index, column, text in self.columns:
            if column.name in (ID, VERSION) or column.name in bad:
                continue
            raw = self._cell(values, index)
            try:
                if is_empty(raw):
                    data[column.name] = self._empty(column, instance)
                elif column.kind == "fk":
                    current = getattr(instance, column.name) if instance is not None else None
                    cell = raw if isinstance(raw, str) else read_number(raw, whole=False)
                    found = self.resolvers[column.name].resolve(str(cell), pairing=pairing, current=current)
                    data[column.name], resolved[column.name] = found.pk, found
                    if column.name == "pairing":
                        pairing = found
                elif column.kind == "m2m":
                    found_many = self._resolve_many(column, str(raw), pairing, row.current_m2m.get(column.name, []))
                    data[column.name], resolved[column.name] = [o.pk for o in found_many], found_many
                else:
                    data[column.name] = read_plain(column, raw, self.choices.get(column.name))
            except (CellError, Unresolved) as error:
                row.problems.append(Problem(number, text, str(error)))
                bad.add(column.name)
        self._fill_absent(data, resolved, row)
        form = self.form_for(data, instance, resolved)
        if not form.is_valid():
            for name, errors in form.errors.items():
                if name in bad:
                    continue
                column = "" if name == NON_FIELD_ERRORS else self.header_of(name)
                row.problems.extend(Problem(number, column, str(message)) for message in errors)
        if row.problems:
            return row
        data, m2m = form.service_arguments()
        self._check_unique(row, data)
        if not row.problems:
            row.form_data = (data, m2m)
        return row

    def _has_id(self, values: list[Any]) -> bool:
        return ID in self.by_name and not is_empty(self._cell(values, self.by_name[ID][0]))

    def _read_id(self, row: Row, values: list[Any]) -> None:
        from xiezuo.apps.core.imports import Problem

        if not self._has_id(values):
            return
        index, _column, text = self.by_name[ID]
        try:
            pk = int(read_number(self._cell(values, index), whole=True))
        except CellError as error:
            row.problems.append(Problem(row.number, text, str(error)))
            return
        first = self.first_row_of_id.setdefault(pk, row.number)
        if first != row.number:
            row.problems.append(
                Problem(
                    row.number, text, _("Row %(row)s changes the same record (ID %(id)s).") % {"row": first, "id": pk}
                )
            )
            return
        instance = self.instances.get(pk)
        if instance is None:
            row.problems.append(
                Problem(row.number, text, _("There is no record with ID %(id)s that you may change.") % {"id": pk})
            )
            return
        row.instance = instance
        row.expected_version = self.versions.get(str(pk), instance.version)
        if VERSION in self.by_name:
            v_index, _v_column, v_text = self.by_name[VERSION]
            raw = self._cell(values, v_index)
            if is_empty(raw):
                return
            try:
                version = int(read_number(raw, whole=True))
            except CellError as error:
                row.problems.append(Problem(row.number, v_text, str(error)))
                return
            if version != instance.version:
                row.problems.append(
                    Problem(
                        row.number,
                        v_text,
                        _(
                            "“%(record)s” was changed by someone else after this file was exported (version "
                            "%(mine)s in the file, %(now)s now): export it again and make your changes there."
                        )
                        % {"record": instance, "mine": version, "now": instance.version},
                    )
                )
            row.expected_version = version

    def _resolve_many(self, column: Column, text: str, pairing: Any, current: list[Any]) -> list[Any]:
        resolver = self.resolvers[column.name]
        found = []
        for part in split_list(text):
            mine = next((o for o in current if resolver.names_of(o, part)), None)
            found.append(mine if mine is not None else resolver.resolve(part, pairing=pairing))
        return found

    def _empty(self, column: Column, instance: Any) -> Any:
        """An empty cell: cleared on a record being changed; the field's default on a new one."""
        if column.kind == "m2m":
            return []
        if instance is None and column.model_field.has_default():
            return _form_value(column.model_field, column.model_field.get_default())
        return ""

    def _fill_absent(self, data: dict[str, Any], resolved: dict[str, Any], row: Row) -> None:
        """Fields without a column keep their value (a record changed) or take their default (a new one)."""
        instance = row.instance
        for name in self.form_fields:
            if name in data or name in self.by_name:
                continue
            model_field = self.model._meta.get_field(name)
            if instance is None:
                if model_field.has_default():
                    data[name] = _form_value(model_field, model_field.get_default())
            elif model_field.many_to_many:
                resolved[name] = row.current_m2m.get(name, [])
                data[name] = [o.pk for o in resolved[name]]
            elif model_field.is_relation:
                current = getattr(instance, name)
                data[name] = current.pk if current is not None else ""
                if current is not None:
                    resolved[name] = current
            else:
                data[name] = _form_value(model_field, getattr(instance, model_field.attname))
        if instance is not None:
            data["version"] = row.expected_version

    def _check_unique(self, row: Row, data: dict[str, Any]) -> None:
        """Two rows of the file that would be the same record (same project code in a pairing …)."""
        from xiezuo.apps.core.imports import Problem

        for names, _constraint in bulk.unique_field_sets(self.model):
            key_values = []
            for name in names:
                value = data[name] if name in data else getattr(row.instance, name, None)
                key_values.append(value.pk if isinstance(value, models.Model) else value)
            if any(v is None or v == "" for v in key_values):
                continue
            key = (names, *key_values)
            first = self.unique_seen.setdefault(key, row.number)
            if first != row.number:
                headers = "、".join(self.header_of(n) for n in names)
                row.problems.append(
                    Problem(
                        row.number,
                        self.header_of(names[-1]),
                        _("The same %(fields)s as row %(row)s.") % {"fields": headers, "row": first},
                    )
                )


def _flat(choices: Any) -> list[tuple[Any, Any]]:
    flat = []
    for code, label in choices:
        if isinstance(label, list | tuple):
            flat.extend(_flat(label))
        else:
            flat.append((code, label))
    return flat


def _relation(model: type[models.Model], name: str) -> bool:
    try:
        return bool(model._meta.get_field(name).is_relation)
    except Exception:
        return False


def _form_value(model_field: Any, value: Any) -> Any:
    if callable(value):
        value = value()
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, models.Model):
        return value.pk
    return value


# --- comparing and describing ------------------------------------------------------------------------------


def _same(field: Any, old: Any, new: Any) -> bool:
    if isinstance(new, models.Model):
        new = new.pk
    if old in (None, "") and new in (None, ""):
        return True
    if isinstance(old, str) and isinstance(new, str):
        return old.strip() == new.strip()
    return bool(old == new)


def unchanged(
    instance: Any, data: dict[str, Any], m2m: dict[str, list[Any]], current_m2m: dict[str, list[Any]]
) -> bool:
    """Whether the service arguments would leave the record as it is."""
    model = type(instance)
    for name, value in data.items():
        try:
            model_field = model._meta.get_field(name)
        except Exception:
            return False
        if not _same(model_field, getattr(instance, model_field.attname), value):
            return False
    return all({o.pk for o in values} == {o.pk for o in current_m2m.get(name, [])} for name, values in m2m.items())


def display(model_field: Any, value: Any) -> str:
    """A value as the preview shows it: choices by label, relations by name, yes/no in words."""
    if value is None or value == "":
        return ""
    if isinstance(value, list | tuple | models.QuerySet):
        return "、".join(str(v) for v in value)
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    choices = dict(model_field.flatchoices) if getattr(model_field, "choices", None) else {}
    if value in choices:
        return str(choices[value])
    if isinstance(value, Decimal):
        return f"{value:,}"
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def describe_changes(
    number: int, row: Row, data: dict[str, Any], m2m: dict[str, list[Any]], header_of: Any, model: Any
) -> dict[str, Any]:
    """What a row creates or changes, field by field, for the preview."""
    instance = row.instance
    changes = []
    for name, value in [*data.items(), *m2m.items()]:
        try:
            model_field = model._meta.get_field(name)
        except Exception:
            continue
        if instance is None:
            shown = display(model_field, value)
            if shown:
                changes.append([header_of(name), "", shown])
            continue
        before = row.current_m2m.get(name, []) if model_field.many_to_many else getattr(instance, name)
        if model_field.many_to_many:
            same = {o.pk for o in before} == {o.pk for o in value}
        else:
            same = _same(model_field, getattr(instance, model_field.attname), value)
        if not same:
            changes.append([header_of(name), display(model_field, before), display(model_field, value)])
    return {
        "row": number,
        "action": "create" if instance is None else "update",
        "id": instance.pk if instance is not None else None,
        "record": str(instance) if instance is not None else "",
        "changes": changes,
    }
