"""Spreadsheets in and out: .xlsx (openpyxl, read-only and write-only) and .csv (UTF-8 or GBK, any delimiter).

Reading trusts nothing: a file that is not a spreadsheet, an old .xls, a formula, a merged cell, an Excel
error value or a CSV in an unknown encoding becomes a `SpreadsheetError` (the whole file) or a cell
problem (one cell) in words a user can act on; never an exception the user sees as a server error.
No Django models here: `imports` and `exports` give the meaning.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

MAX_ROWS = 100_000
# Excel's own error values: a cell holding one of these has no value to import.
EXCEL_ERRORS = frozenset({"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA"})
# Characters a worksheet cannot hold (openpyxl refuses them): dropped on export.
_ILLEGAL_IN_XLSX = re.compile(r"[\000-\010\013\014\016-\037]")
# A CSV cell starting with one of these would run as a formula in a spreadsheet program: exported with a
# leading apostrophe (OWASP "CSV injection"), which the importer takes off again.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_MERGE_RE = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*?\bref="([A-Z]+[0-9]+(?::[A-Z]+[0-9]+)?)"')
_FORMULA_RE = re.compile(rb"<(?:\w+:)?f[\s>/]")


class SpreadsheetError(Exception):
    """The file as a whole cannot be read; the message says why and what to do."""


@dataclass(frozen=True)
class Merge:
    """A merged range, 1-based and inclusive: the top-left value was copied into every cell of it."""

    min_row: int
    min_col: int
    max_row: int
    max_col: int
    ref: str


@dataclass
class Sheet:
    """The cells of one sheet: rows as the user numbers them (the first row is 1), values as read."""

    name: str
    rows: list[tuple[int, list[Any]]]
    merges: list[Merge] = field(default_factory=list)
    # (row, column index from 0) -> why the cell has no usable value (a formula without a result, #N/A …)
    problems: dict[tuple[int, int], str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    sheet_names: tuple[str, ...] = ()
    kind: str = "xlsx"


def read_sheet(data: bytes, file_name: str, choose: Callable[[Sequence[str]], str]) -> Sheet:
    """The cells of a spreadsheet file (`choose` picks the sheet of a workbook by name)."""
    kind = sniff(data, file_name)
    if kind == "xlsx":
        return _read_xlsx(data, choose)
    return _read_csv(data)


def sniff(data: bytes, file_name: str) -> str:
    """'xlsx' or 'csv', from the bytes (not the name); anything else is refused with the reason."""
    name = file_name.lower()
    if not data.strip():
        raise SpreadsheetError(_("The file is empty."))
    if data.startswith(b"PK\x03\x04"):
        if name.endswith(".ods"):
            raise SpreadsheetError(_("OpenDocument spreadsheets (.ods) are not read: save the file as .xlsx."))
        return "xlsx"
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise SpreadsheetError(
            _(
                "This is an old Excel file (.xls) or a password-protected one: open it in Excel or WPS, remove any "
                "password and save it as .xlsx (Excel workbook)."
            )
        )
    head = data[:4096]
    binary = b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff"))
    if binary or head.startswith((b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"Rar!", b"7z\xbc\xaf")):
        raise SpreadsheetError(_("This file is not a spreadsheet: upload an .xlsx workbook or a .csv file."))
    return "csv"


# --- .xlsx ------------------------------------------------------------------------------------------------


def _read_xlsx(data: bytes, choose: Callable[[Sequence[str]], str]) -> Sheet:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:
        raise SpreadsheetError(
            _("The file could not be read as an Excel workbook (%(reason)s): save it again as .xlsx.")
            % {"reason": type(error).__name__}
        ) from error
    try:
        names = tuple(workbook.sheetnames)
        if not names:
            raise SpreadsheetError(_("The workbook has no sheets."))
        name = choose(names)
        worksheet = workbook[name]
        xml = _sheet_xml(worksheet)
        formulas = _formulas(data, name) if _FORMULA_RE.search(xml) else {}
        sheet = Sheet(name=name, rows=[], sheet_names=names)
        for number, values in enumerate(worksheet.iter_rows(values_only=True), start=1):
            if number > MAX_ROWS + 50:
                raise SpreadsheetError(
                    _("The sheet has more than %(max)s rows: split it into several files.") % {"max": MAX_ROWS}
                )
            row = [_xlsx_value(v) for v in values]
            for index, value in enumerate(row):
                if isinstance(value, str) and value in EXCEL_ERRORS:
                    sheet.problems[(number, index)] = _("The cell holds the error value %(error)s.") % {"error": value}
                    row[index] = None
            sheet.rows.append((number, row))
    except SpreadsheetError:
        raise
    except Exception as error:
        raise SpreadsheetError(
            _("The workbook could not be read (%(reason)s): save it again as .xlsx.") % {"reason": type(error).__name__}
        ) from error
    finally:
        workbook.close()
    _formula_cells(sheet, formulas)
    _fill_merges(sheet, _merges(xml))
    return sheet


def _sheet_xml(worksheet: Any) -> bytes:
    """The sheet's XML: merged ranges and formulas are found in it (openpyxl's read-only mode skips both)."""
    try:
        with worksheet._get_source() as source:  # openpyxl 3.1 (pinned): the sheet's part in the archive
            return bytes(source.read())
    except Exception:
        return b""


def _formulas(data: bytes, name: str) -> dict[tuple[int, int], str]:
    """(row, column index) -> formula text, for every formula cell of the sheet."""
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    try:
        found = {}
        for number, cells in enumerate(workbook[name].iter_rows(), start=1):
            for index, cell in enumerate(cells):
                if getattr(cell, "data_type", None) == "f":
                    found[(number, index)] = str(cell.value)
        return found
    finally:
        workbook.close()


def _formula_cells(sheet: Sheet, formulas: dict[tuple[int, int], str]) -> None:
    """A formula with the result Excel saved is read as that result; one without a result is a problem."""
    if not formulas:
        return
    by_row = dict(sheet.rows)
    computed = 0
    for (number, index), formula in formulas.items():
        row = by_row.get(number)
        value = row[index] if row is not None and index < len(row) else None
        if value is None or value == "":
            sheet.problems[(number, index)] = _(
                "The cell is a formula (%(formula)s) without a computed value: open the file in Excel or WPS and "
                "save it, or paste the values instead of the formulas."
            ) % {"formula": formula[:60]}
        else:
            computed += 1
    if computed:
        sheet.notes.append(
            _("%(count)s formula cell(s) were read as the values Excel computed for them.") % {"count": computed}
        )


def _merges(xml: bytes) -> list[Merge]:
    from openpyxl.utils.cell import range_boundaries

    merges = []
    for match in _MERGE_RE.finditer(xml):
        ref = match.group(1).decode()
        min_col, min_row, max_col, max_row = range_boundaries(ref if ":" in ref else f"{ref}:{ref}")
        merges.append(Merge(min_row, min_col, max_row, max_col, ref))  # type: ignore[arg-type]
    return merges


def _fill_merges(sheet: Sheet, merges: list[Merge]) -> None:
    """Copy each merged range's top-left value into all its cells (what the person who merged them meant)."""
    if not merges:
        return
    sheet.merges = merges
    by_row = dict(sheet.rows)
    for merge in merges:
        top = by_row.get(merge.min_row)
        value = top[merge.min_col - 1] if top is not None and merge.min_col - 1 < len(top) else None
        for number in range(merge.min_row, merge.max_row + 1):
            row = by_row.get(number)
            if row is None:
                continue
            for index in range(merge.min_col - 1, merge.max_col):
                while len(row) <= index:
                    row.append(None)
                row[index] = value


def _xlsx_value(value: Any) -> Any:
    if isinstance(value, datetime.datetime) and value.time() == datetime.time(0):
        return value.date()
    return value


# --- .csv -------------------------------------------------------------------------------------------------


def decode_text(data: bytes) -> str:
    """Text in UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030/GBK; else what charset-normalizer says."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise SpreadsheetError(_("The text of the file is in an unknown encoding: save it as UTF-8 CSV."))
    return str(best)


def _read_csv(data: bytes) -> Sheet:
    text = decode_text(data)
    sheet = Sheet(name="", rows=[], kind="csv")
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
        for number, values in enumerate(reader, start=1):
            if number > MAX_ROWS + 50:
                raise SpreadsheetError(
                    _("The file has more than %(max)s rows: split it into several files.") % {"max": MAX_ROWS}
                )
            row: list[Any] = [_csv_value(v) for v in values]
            for index, value in enumerate(row):
                if value in EXCEL_ERRORS:
                    sheet.problems[(number, index)] = _("The cell holds the error value %(error)s.") % {"error": value}
                    row[index] = None
            sheet.rows.append((number, row))
    except csv.Error as error:
        raise SpreadsheetError(_("The file is not a readable CSV table (%(reason)s).") % {"reason": error}) from error
    return sheet


def _delimiter(text: str) -> str:
    """The delimiter of the first line that has one: comma, tab (Excel's "Unicode text") or semicolon.

    (csv.Sniffer guesses quoting too, and guesses it wrong on quoted cells with quotes inside.)
    """
    for line in text.splitlines()[:20]:
        counts = {d: line.count(d) for d in (",", "\t", ";")}
        best = max(counts, key=lambda d: counts[d])
        if counts[best]:
            return best
    return ","


def _csv_value(value: str) -> str:
    if len(value) > 1 and value[0] == "'" and value[1:].startswith(_FORMULA_START):
        return value[1:]
    return value


# --- writing ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OutColumn:
    """A column as written: its header, width in characters, and whether it must be filled in."""

    header: str
    width: int = 16
    required: bool = False
    number_format: str = ""
    choices: tuple[str, ...] = ()  # a drop-down list in the template


@dataclass(frozen=True)
class OutSheet:
    name: str
    columns: Sequence[OutColumn]
    rows: Iterable[Sequence[Any]]
    note: str = ""


def sheet_title(name: str) -> str:
    """A name Excel accepts for a sheet: 31 characters at most, none of []:*?/\\."""
    cleaned = re.sub(r"[\[\]:*?/\\]", " ", name).strip() or "Sheet"
    return cleaned[:31]


def write_xlsx(sheets: Sequence[OutSheet], target: Any) -> None:
    """Write sheets to a file or stream: bold headers (required ones dark red), frozen header, date and money
    formats, drop-down lists of allowed values; text cells never become formulas."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook(write_only=True)
    header_fill = PatternFill("solid", fgColor="E8EEF4")
    for out in sheets:
        worksheet = workbook.create_sheet(sheet_title(out.name))
        for index, column in enumerate(out.columns, start=1):
            worksheet.column_dimensions[get_column_letter(index)].width = column.width
            listed = '"' + ",".join(column.choices) + '"'
            if column.choices and len(listed) <= 255 and not any("," in c for c in column.choices):
                validation = DataValidation(type="list", formula1=listed, allow_blank=True, showErrorMessage=False)
                validation.add(f"{get_column_letter(index)}2:{get_column_letter(index)}{MAX_ROWS + 1}")
                worksheet.data_validations.append(validation)
        worksheet.freeze_panes = "A2"
        header = []
        for column in out.columns:
            cell = WriteOnlyCell(worksheet, value=_text(column.header))
            cell.data_type = "s"
            cell.font = Font(bold=True, color="8B0000" if column.required else "000000")
            cell.fill = header_fill
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            header.append(cell)
        worksheet.append(header)
        formats = [c.number_format for c in out.columns]
        for values in out.rows:
            worksheet.append(
                [_xlsx_cell(worksheet, WriteOnlyCell, v, f) for v, f in zip(values, formats, strict=False)]
            )
    workbook.save(target)


def _text(value: str) -> str:
    return _ILLEGAL_IN_XLSX.sub("", value)[:32767]


def _xlsx_cell(worksheet: Any, cell_class: Any, value: Any, number_format: str) -> Any:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        cell = cell_class(worksheet, value=_text(value))
        cell.data_type = "s"  # "=1+1" typed as a name stays text, never a formula
        return cell
    if isinstance(value, bool):
        return value
    cell = cell_class(worksheet, value=value)
    if isinstance(value, datetime.date):
        cell.number_format = "yyyy-mm-dd"
    elif number_format:
        cell.number_format = number_format
    return cell


def write_csv(columns: Sequence[OutColumn], rows: Iterable[Sequence[Any]]) -> Iterable[bytes]:
    """UTF-8 with a byte-order mark (so that Excel opens Chinese text correctly), one chunk per row."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def flush() -> bytes:
        chunk = buffer.getvalue().encode("utf-8")
        buffer.seek(0)
        buffer.truncate()
        return chunk

    writer.writerow([c.header for c in columns])
    yield b"\xef\xbb\xbf" + flush()
    for values in rows:
        writer.writerow([_csv_cell(v) for v in values])
        yield flush()


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) and isinstance(value, str) else text
