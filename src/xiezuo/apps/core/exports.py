"""Templates and exports: the columns of a kind of record as .xlsx (with a sheet explaining each column)
and .csv. An exported file re-imports with no change: choices are written by label, relations by the name
the importer reads back (qualified where two records share a name), and the ID and version come first.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from xiezuo.apps.core.columns import Column, allowed_values, columns_for, write_plain
from xiezuo.apps.core.naturalkeys import Resolver
from xiezuo.apps.core.registry import LedgerType
from xiezuo.apps.core.tabular import OutColumn, OutSheet, write_csv, write_xlsx

CHUNK = 2000


def instructions_titles() -> list[str]:
    """The explanation sheet's name in every language (the importer skips it)."""
    titles = []
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            titles.append(_("Instructions"))
    return titles


def _width(column: Column) -> int:
    if column.kind in ("fk", "m2m"):
        return 30
    max_length = getattr(column.model_field, "max_length", None) or 0
    if column.kind == "text" and (max_length > 100 or not max_length):
        return 40
    return max(10, min(30, len(column.header) * 2 + 4))


def _number_format(column: Column) -> str:
    if column.kind == "decimal":
        places = getattr(column.model_field, "decimal_places", 2) or 0
        return "#,##0." + "0" * places if places else "#,##0"
    return ""


def out_columns(columns: list[Column]) -> list[OutColumn]:
    return [
        OutColumn(
            header=c.header,
            width=_width(c),
            required=c.required,
            number_format=_number_format(c),
            choices=tuple(str(label) for _code, label in c.model_field.flatchoices) if c.kind == "choice" else (),
        )
        for c in columns
    ]


def _resolvers(ledger_type: LedgerType, columns: list[Column], user: Any) -> dict[str, Resolver]:
    """The importer's view of each relation column for this user: exports name records the way it reads them."""
    form = ledger_type.form(user=user)  # type: ignore[call-arg]
    resolvers = {}
    for column in columns:
        if column.kind in ("fk", "m2m"):
            queryset = getattr(form.fields.get(column.name), "queryset", None)
            if queryset is None:
                queryset = column.related._default_manager.none()
            resolvers[column.name] = Resolver(column.related, queryset)
    return resolvers


def rows_of(ledger_type: LedgerType, queryset: Any, user: Any) -> tuple[list[Column], Iterator[list[Any]]]:
    """The columns and, lazily, the rows of an export of `queryset` (already scoped to the user)."""
    columns = columns_for(ledger_type)
    resolvers = _resolvers(ledger_type, columns, user)
    fks = [c.name for c in columns if c.kind == "fk"]
    m2ms = [c.name for c in columns if c.kind == "m2m"]
    objects = (queryset.select_related(*fks) if fks else queryset).prefetch_related(*m2ms)

    def generate() -> Iterator[list[Any]]:
        chunk: list[Any] = []
        for obj in objects.iterator(chunk_size=CHUNK):
            chunk.append(obj)
            if len(chunk) >= CHUNK:
                yield from _chunk_rows(chunk, columns, resolvers)
                chunk = []
        yield from _chunk_rows(chunk, columns, resolvers)

    return columns, generate()


def _chunk_rows(chunk: list[Any], columns: list[Column], resolvers: dict[str, Resolver]) -> Iterable[list[Any]]:
    for name, resolver in resolvers.items():
        related = [r for obj in chunk for r in _related(obj, name)]
        resolver.prepare({resolver.spec.primary(r) for r in related})
    for obj in chunk:
        row: list[Any] = []
        for column in columns:
            if column.kind == "id":
                row.append(obj.pk)
            elif column.kind == "version":
                row.append(obj.version)
            elif column.kind in ("fk", "m2m"):
                row.append("、".join(resolvers[column.name].render(r) for r in _related(obj, column.name)))
            else:
                row.append(write_plain(column, obj))
        yield row


def _related(obj: Any, name: str) -> list[Any]:
    value = getattr(obj, name)
    if value is None:
        return []
    if hasattr(value, "all") and callable(value.all):
        return list(value.all())
    return [value]


def instructions(ledger_type: LedgerType, columns: list[Column], user: Any) -> OutSheet:
    """A sheet that explains each column: required or not, what it takes, the field's help text."""
    resolvers = _resolvers(ledger_type, columns, user)
    rows = []
    for column in columns:
        example = ""
        if column.name in resolvers:
            resolver = resolvers[column.name]
            names = [resolver.spec.primary(o) for o in resolver.queryset[:3]]
            example = resolver.spec.example or ""
            if names:
                example = (example + " " if example else "") + _("For example: %(names)s") % {"names": "、".join(names)}
        help_text = str(getattr(column.model_field, "help_text", "") or "")
        rows.append([column.header, _("Yes") if column.required else "", allowed_values(column, example), help_text])
    rows.append([])
    for line in (
        _("Rows without an ID add records; rows with an ID change that record. Delete rows you do not want to import."),
        _(
            "The import is checked first and shows every problem by row and column; nothing is saved until you "
            "confirm, and then the whole file is saved or none of it."
        ),
        _("Keep the headers as they are. Columns you leave out keep their values when records are changed."),
    ):
        rows.append([line])
    header = [
        OutColumn(_("Column"), width=24),
        OutColumn(_("Required"), width=8),
        OutColumn(_("What to write"), width=60),
        OutColumn(_("Notes"), width=40),
    ]
    return OutSheet(_("Instructions"), header, rows)


def template_xlsx(ledger_type: LedgerType, user: Any, target: Any) -> None:
    columns = columns_for(ledger_type)
    sheets = [
        OutSheet(ledger_type.verbose_name_plural, out_columns(columns), []),
        instructions(ledger_type, columns, user),
    ]
    write_xlsx(sheets, target)


def export_xlsx(ledger_type: LedgerType, queryset: Any, user: Any, target: Any) -> None:
    columns, rows = rows_of(ledger_type, queryset, user)
    sheets = [
        OutSheet(ledger_type.verbose_name_plural, out_columns(columns), rows),
        instructions(ledger_type, columns, user),
    ]
    write_xlsx(sheets, target)


def export_csv(ledger_type: LedgerType, queryset: Any, user: Any) -> Iterator[bytes]:
    columns, rows = rows_of(ledger_type, queryset, user)
    return iter(write_csv(out_columns(columns), rows))
