"""Importing a spreadsheet into one kind of ledger record: a dry run first, then all of it or none of it.

`plan` reads the file's layout (which sheet, which row holds the headers, which column is which field) and
refuses a file it cannot read with one clear message. `run` takes every row through the kind's form (with
natural keys for relations) and its service functions, collecting every problem by row and column. When
the kind's services allow it (`core.bulk`), a row's new or changed record waits, checked, for one bulk
write of all of them at the end; otherwise each row is written at once, in a savepoint. A dry run
(`commit=False`) rolls everything back and reports what would be created, changed or left as it is; a real
run commits only when no row failed. All writes of a run share one change-log batch.

Rows refer to records that exist before the import (a row cannot name a record another row creates),
and the regions of the GB/T 2260 table, which are added on first use.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import DatabaseError, OperationalError, models, transaction
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from xiezuo.apps.core import bulk, services
from xiezuo.apps.core.columns import ID, VERSION, Column, columns_for, header_key, is_empty
from xiezuo.apps.core.import_rows import RowReader, describe_changes, unchanged
from xiezuo.apps.core.naturalkeys import region_from_divisions
from xiezuo.apps.core.registry import LedgerType, ledger_types
from xiezuo.apps.core.tabular import Sheet, SpreadsheetError, read_sheet

logger = logging.getLogger(__name__)

HEADER_SEARCH_ROWS = 20
PREVIEW_ROWS = 100  # rows shown with their changes in a preview
PROGRESS_EVERY = 100


@dataclass(frozen=True)
class Problem:
    """What is wrong, where: a sheet row (as the user numbers it) and a column header, either may be empty."""

    row: int | None
    column: str
    message: str

    @property
    def text(self) -> str:
        if self.row is not None and self.column:
            return _("Row %(row)s “%(column)s”: %(message)s") % {
                "row": self.row,
                "column": self.column,
                "message": self.message,
            }
        if self.row is not None:
            return _("Row %(row)s: %(message)s") % {"row": self.row, "message": self.message}
        if self.column:
            return _("Column “%(column)s”: %(message)s") % {"column": self.column, "message": self.message}
        return self.message

    def as_json(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass
class Plan:
    """Where the data is in the file: the columns found (position, column, header as written) and the rows."""

    ledger_type: LedgerType
    sheet: Sheet
    header_row: int
    columns: list[tuple[int, Column, str]]
    rows: list[tuple[int, list[Any]]]
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.rows)


@dataclass
class Outcome:
    """What a run did (or, dry, would do): counts, every problem, the first rows' changes, versions seen."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[Problem] = field(default_factory=list)
    rows: list[dict[str, Any]] = field(default_factory=list)
    versions: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "problems": [p.as_json() for p in self.problems],
            "rows": self.rows,
            "versions": self.versions,
            "notes": self.notes,
        }


# --- the file's layout ------------------------------------------------------------------------------------


def read_plan(ledger_type: LedgerType, data: bytes, file_name: str) -> Plan:
    """The layout of an uploaded file, or SpreadsheetError with what is wrong with it as a whole."""
    sheet = read_sheet(data, file_name, lambda names: choose_sheet(ledger_type, names))
    return plan(ledger_type, sheet)


def _sheet_names_of(ledger_type: LedgerType) -> set[str]:
    from django.conf import settings
    from django.utils import translation

    from xiezuo.apps.core.tabular import sheet_title

    names = {header_key(ledger_type.slug)}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for name in (ledger_type.verbose_name_plural, ledger_type.verbose_name):
                names.update({header_key(name), header_key(sheet_title(name))})
    return names


def choose_sheet(ledger_type: LedgerType, names: Sequence[str]) -> str:
    """The sheet named after the kind of record, else the first sheet that is not the explanations."""
    own = _sheet_names_of(ledger_type)
    for name in names:
        if header_key(name) in own:
            return name
    from xiezuo.apps.core.exports import instructions_titles

    explanations = {header_key(t) for t in instructions_titles()}
    return next((n for n in names if header_key(n) not in explanations), names[0])


def plan(ledger_type: LedgerType, sheet: Sheet) -> Plan:
    columns = columns_for(ledger_type)
    by_alias: dict[str, Column] = {}
    for column in columns:
        for alias in column.aliases():
            by_alias.setdefault(alias, column)
    header_row, header = _find_header(sheet, by_alias)
    if header_row is None:
        raise SpreadsheetError(_wrong_sheet(ledger_type, sheet, columns))
    for merge in sheet.merges:
        if merge.min_row <= header_row <= merge.max_row:
            raise SpreadsheetError(
                _("The header row has merged cells (%(range)s): unmerge them so that every column has its own header.")
                % {"range": merge.ref}
            )
    found: list[tuple[int, Column, str]] = []
    unknown: list[str] = []
    seen: dict[str, str] = {}
    width = max((len(r) for n, r in sheet.rows if n > header_row), default=0)
    for index in range(max(width, len(header))):
        cell = header[index] if index < len(header) else None
        text = str(cell).strip() if cell is not None else ""
        if not text:
            if any(index < len(r) and not is_empty(r[index]) for n, r in sheet.rows if n > header_row):
                raise SpreadsheetError(
                    _("Column %(column)s has values but no header: name it, or delete the column.")
                    % {"column": _letter(index)}
                )
            continue
        column = by_alias.get(header_key(text))
        if column is None:
            unknown.append(text)
            continue
        if column.name in seen:
            raise SpreadsheetError(
                _("The columns “%(first)s” and “%(second)s” are the same field: keep one.")
                % {"first": seen[column.name], "second": text}
            )
        seen[column.name] = text
        found.append((index, column, text))
    if unknown:
        raise SpreadsheetError(
            _("Unknown columns: %(unknown)s. The columns of %(kind)s are: %(known)s.")
            % {
                "unknown": "、".join(f"“{u}”" for u in unknown),
                "kind": ledger_type.verbose_name_plural,
                "known": "、".join(c.header for c in columns),
            }
        )
    rows = [(n, r) for n, r in sheet.rows if n > header_row and any(not is_empty(v) for v in r)]
    result = Plan(ledger_type, sheet, header_row, found, rows, notes=list(sheet.notes))
    _check_merges(result)
    _check_required(result, columns)
    return result


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(index + 1))


def _find_header(sheet: Sheet, by_alias: dict[str, Column]) -> tuple[int | None, list[Any]]:
    """The first row whose filled cells are mostly known headers (title rows above it are skipped)."""
    for number, row in sheet.rows[:HEADER_SEARCH_ROWS]:
        texts = [header_key(v) for v in row if not is_empty(v)]
        known = sum(1 for t in texts if t in by_alias)
        if known and known * 2 >= len(texts):
            return number, row
    return None, []


def _wrong_sheet(ledger_type: LedgerType, sheet: Sheet, columns: list[Column]) -> str:
    where = _("the sheet “%(sheet)s”") % {"sheet": sheet.name} if sheet.name else _("the file")
    other = next(
        (
            t
            for t in ledger_types()
            if t is not ledger_type and sheet.name and header_key(sheet.name) in _sheet_names_of(t)
        ),
        None,
    )
    if other is not None:
        return _("%(where)s holds %(other)s, not %(kind)s: import it on the page of %(other)s.") % {
            "where": where,
            "other": other.verbose_name_plural,
            "kind": ledger_type.verbose_name_plural,
        }
    return _(
        "No header row was found in %(where)s: its first row should name the columns of %(kind)s, such as "
        "%(known)s. Download the template to see them."
    ) % {"where": where, "kind": ledger_type.verbose_name_plural, "known": "、".join(c.header for c in columns[2:6])}


def _check_merges(plan: Plan) -> None:
    headers = {index: text for index, _column, text in plan.columns}
    for merge in plan.sheet.merges:
        if merge.max_row < plan.header_row:
            continue  # a title above the table
        if merge.max_col > merge.min_col:
            plan.problems.append(
                Problem(
                    merge.min_row,
                    headers.get(merge.min_col - 1, ""),
                    _("The cells %(range)s are merged across columns: unmerge them and fill in each cell.")
                    % {"range": merge.ref},
                )
            )
        else:
            plan.notes.append(
                _("The merged cells %(range)s were read as the same value in every row they span.")
                % {"range": merge.ref}
            )


def _check_required(plan: Plan, columns: list[Column]) -> None:
    present = {column.name for _index, column, _text in plan.columns}
    id_index = next((i for i, c, _t in plan.columns if c.name == ID), None)
    adds = id_index is None or any(id_index >= len(r) or is_empty(r[id_index]) for _n, r in plan.rows)
    missing = [c.header for c in columns if c.required and c.name not in present]
    if adds and missing:
        raise SpreadsheetError(
            _("Columns needed to add records are missing: %(missing)s. Add them, or give the ID of every row.")
            % {"missing": "、".join(f"“{m}”" for m in missing)}
        )


# --- running the rows -------------------------------------------------------------------------------------


def can_add_by_import(ledger_type: LedgerType) -> bool:
    """A kind without an "add" page (reports come in through their own page) is only changed by import."""
    try:
        reverse(f"{ledger_type.slug}-create")
    except NoReverseMatch:
        return False
    return True


@dataclass
class Writer:
    """The kind's create and update services (every one takes the import's `batch`, see LedgerType)."""

    ledger_type: LedgerType
    actor: Any
    batch: str
    reason: str

    def __post_init__(self) -> None:
        model = self.ledger_type.model
        self.create = self.ledger_type.create or (lambda **kw: services.create_record(model, **kw))
        self.update = self.ledger_type.update or services.update_record
        # Writes wait for one bulk write at the end (see core.bulk) when the service allows it.
        self.defers_creates = self.ledger_type.create is None or bulk.is_deferrable(self.ledger_type.create)
        self.defers_updates = self.ledger_type.update is None or bulk.is_deferrable(self.ledger_type.update)

    def defers(self, instance: Any) -> bool:
        return self.defers_creates if instance is None else self.defers_updates

    def write(self, instance: Any, data: dict[str, Any], m2m: dict[str, list[Any]], expected: int | None) -> Any:
        common = {"actor": self.actor, "data": data, "m2m": m2m, "reason": self.reason, "batch": self.batch}
        if instance is None:
            return self.create(**common)
        return self.update(instance, expected_version=expected, **common)


def run(
    plan: Plan,
    *,
    actor: Any,
    commit: bool,
    batch: str,
    reason: str = "",
    versions: dict[str, int] | None = None,
    progress: Callable[[int], None] | None = None,
    together: bool = True,
) -> Outcome:
    """Take every row through the form and the services; keep the writes only if `commit` and all rows pass.

    `together=False` writes each row at once through its service, outside any bulk write (`core.bulk`): the
    reference the tests hold the bulk path to.
    """
    outcome = Outcome(problems=list(plan.problems), notes=list(plan.notes))
    try:
        _run_rows(
            plan,
            outcome,
            actor=actor,
            commit=commit,
            batch=batch,
            reason=reason,
            versions=versions,
            progress=progress,
            together=together,
        )
    except DatabaseBusy:
        # Everything was rolled back; the rows are not at fault.
        outcome = Outcome(
            problems=[
                Problem(
                    None,
                    "",
                    _("The database is busy with another import: nothing was saved. Try again in a few minutes."),
                )
            ]
        )
    except (DatabaseError, models.ProtectedError) as error:
        # Rows written together (core.bulk) are refused together; everything was rolled back.
        logger.info("import refused by the database: %s", error)
        outcome = Outcome(
            problems=[
                Problem(
                    None, "", _("The database refused the rows, and nothing was saved: %(reason)s") % {"reason": error}
                )
            ]
        )
    outcome.problems.sort(key=lambda p: (p.row or 0, p.column))
    return outcome


def _run_rows(
    plan: Plan,
    outcome: Outcome,
    *,
    actor: Any,
    commit: bool,
    batch: str,
    reason: str,
    versions: dict[str, int] | None,
    progress: Callable[[int], None] | None,
    together: bool,
) -> None:
    reader = RowReader(plan, actor=actor, versions=versions or {})
    writer = Writer(plan.ledger_type, actor, batch, reason or "")
    addable = can_add_by_import(plan.ledger_type)
    with transaction.atomic(), bulk.writing() if together else contextlib.nullcontext() as writes:
        if writes is not None:
            writes.begin(plan.ledger_type.model)
        reader.create_region = region_from_divisions(batch)
        reader.prepare(outcome.problems)
        for done, (number, _values) in enumerate(plan.rows, start=1):
            if progress is not None and done % PROGRESS_EVERY == 0:
                progress(done)
            row = reader.read(number)
            outcome.problems.extend(row.problems)
            if row.problems or row.form_data is None:
                continue
            if row.instance is None and not addable:
                outcome.problems.append(
                    Problem(number, "", _("Records of this kind are not added by import: give the ID of the record."))
                )
                continue
            data, m2m = row.form_data
            if row.instance is not None:
                outcome.versions[str(row.instance.pk)] = row.expected_version or row.instance.version
                if unchanged(row.instance, data, m2m, row.current_m2m):
                    outcome.unchanged += 1
                    continue
            deferring = writes if writes is not None and writer.defers(row.instance) else None
            problems = _write(writer, row, data, m2m, reader.header_of, deferring)
            if problems:
                outcome.problems.extend(problems)
                continue
            if row.instance is None:
                outcome.created += 1
            else:
                outcome.updated += 1
            if len(outcome.rows) < PREVIEW_ROWS:
                outcome.rows.append(describe_changes(number, row, data, m2m, reader.header_of, plan.ledger_type.model))
        if writes is not None:
            _flush(writes, outcome, reader.header_of)
        if progress is not None:
            progress(len(plan.rows))
        if not commit or outcome.problems:
            transaction.set_rollback(True)


class DatabaseBusy(Exception):
    """SQLite's write lock is held by another writer (another import) beyond the wait: stop, do not fail rows."""


def _flush(writes: bulk.BulkWrite, outcome: Outcome, header_of: Callable[[str], str]) -> None:
    """Write the records the rows deferred; one that fails the checks made for all at once is its row's problem
    (and then nothing is written)."""
    changing = {item.tag for item in writes.deferred if item.is_update}
    try:
        failures = writes.flush()
    except OperationalError as error:
        if "locked" in str(error):
            raise DatabaseBusy from error
        raise
    for number, error in failures.items():
        outcome.problems.extend(problems_of(error, number, header_of))
    outcome.updated -= len(changing.intersection(failures))
    outcome.created -= len(set(failures) - changing)
    outcome.rows = [r for r in outcome.rows if r["row"] not in failures]


def _write(
    writer: Writer,
    row: Any,
    data: dict[str, Any],
    m2m: dict[str, list[Any]],
    header_of: Callable[[str], str],
    deferring: bulk.BulkWrite | None = None,
) -> list[Problem]:
    """Write one row, in a savepoint; or, when its write waits for the batch's flush, without one: such a
    service writes nothing itself, so there is nothing to roll back."""
    number = row.number
    try:
        if deferring is not None:
            context: Any = deferring.deferring(number, writer.ledger_type.model)
        else:
            context = transaction.atomic()
        with context:
            writer.write(row.instance, data, m2m, row.expected_version)
    except services.ConflictError as error:
        return [Problem(number, header_of(VERSION), str(error))]
    except ValidationError as error:
        return problems_of(error, number, header_of)
    except PermissionDenied as error:
        return [Problem(number, "", str(error) or _("You may not change this record."))]
    except OperationalError as error:
        if "locked" in str(error):
            raise DatabaseBusy from error
        if deferring is not None:
            raise  # no savepoint to go back to: the whole import is refused
        logger.info("import row %s refused by the database: %s", number, error)
        return [Problem(number, "", _("The database refused the row: %(reason)s") % {"reason": error})]
    except (DatabaseError, models.ProtectedError) as error:
        if deferring is not None:
            raise
        logger.info("import row %s refused by the database: %s", number, error)
        return [Problem(number, "", _("The database refused the row: %(reason)s") % {"reason": error})]
    except Exception:
        logger.exception("import row %s failed", number)
        return [Problem(number, "", _("The row could not be saved because of an error in the platform."))]
    return []


def problems_of(error: ValidationError, row: int, header_of: Callable[[str], str]) -> list[Problem]:
    """A ValidationError as problems of the row, each on the column of its field."""
    if not hasattr(error, "error_dict"):
        return [Problem(row, "", message) for message in error.messages]
    problems = []
    for name, errors in error.error_dict.items():
        column = "" if name == NON_FIELD_ERRORS else header_of(name)
        for item in errors:
            problems.extend(Problem(row, column, message) for message in item.messages)
    return problems
