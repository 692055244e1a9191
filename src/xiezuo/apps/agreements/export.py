"""The annual report as an Excel workbook (年度考核报表): a summary of every indicator, one sheet per area with
each indicator's breakdowns ("其中") and cumulative monthly trend, and a sheet of what is still missing.

`annual_workbook` builds the workbook from an `Assessment` and touches neither the request nor the database
beyond what the assessment holds, so it is tested without HTTP; the view reads the same parameters as the
dashboard and sends the file. Numbers are written as numbers with the format of their unit (万元 to two
places, people and counts whole, completion as a percentage), so the sheet adds up in Excel.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from decimal import Decimal
from io import BytesIO
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.dates import MONTHS as MONTH_NAMES
from django.utils.http import content_disposition_header
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from xiezuo.apps.agreements import figures
from xiezuo.apps.agreements.choices import Area, Unit
from xiezuo.apps.agreements.figures import Assessment, Result
from xiezuo.apps.agreements.models import Indicator, Target
from xiezuo.apps.agreements.rules import MONTHS, rule_for

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MONEY = "#,##0.00"
WHOLE = "#,##0"
PERCENT = "0.0%"
DATE = "yyyy-mm-dd"
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
WRAP = Alignment(wrap_text=True, vertical="top")
SHEET_NAME_LENGTH = 31  # Excel's limit
NOT_IN_SHEET_NAMES = re.compile(r"[\[\]:*?/\\']")
NOT_IN_FILE_NAMES = re.compile(r'[\\/:*?"<>|\x00-\x1f]')

# Columns of an area sheet: the indicator (or breakdown), then its figures, then the months.
ITEM, UNIT, ORIGINAL, TARGET, ACTUAL, COMPLETION, SOURCE, FIRST_MONTH = range(1, 9)


def annual_workbook(assessment: Assessment) -> Workbook:
    """The annual report of an assessment: the summary, one sheet per area, and what is missing."""
    title = _("%(year)s annual East–West cooperation assessment: %(coverage)s") % {
        "year": assessment.year,
        "coverage": assessment.coverage.label,
    }
    workbook = Workbook()
    workbook.properties.title = title
    _summary(workbook.active, assessment, title)
    taken = {workbook.active.title}
    for area in Area:
        sheet = workbook.create_sheet(_sheet_name(area.label, taken))
        _area(sheet, [r for r in assessment.results if r.indicator.area == area])
    _missing(workbook.create_sheet(_sheet_name(_("What is missing"), taken)), assessment)
    for sheet in workbook.worksheets:  # printed pages say whose report they are
        sheet.oddHeader.center.text = title.replace("&", "&&")
    return workbook


@cache_control(private=True, no_store=True)
def export_view(request: HttpRequest) -> HttpResponse:
    """The workbook of the coverage and year the dashboard shows (404 for what the user does not see)."""
    coverage, year = figures.coverage_from_query(request.GET, request.user)
    buffer = BytesIO()
    annual_workbook(figures.assess(coverage, year)).save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, file_name(coverage.label, year))
    return response


def file_name(coverage: str, year: int) -> str:
    name = _("%(year)s annual East–West cooperation assessment-%(coverage)s.xlsx") % {
        "year": year,
        "coverage": coverage,
    }
    return NOT_IN_FILE_NAMES.sub("_", name)


# --- the sheets -------------------------------------------------------------------------------------------


def _summary(sheet: Worksheet, assessment: Assessment, title: str) -> None:
    sheet.title = _("Summary")
    sheet.append([title])
    sheet["A1"].font = TITLE
    sheet.append([_("Generated on"), timezone.localdate()])
    sheet["B2"].number_format = DATE
    sheet.append([])
    columns = [
        (capfirst(_field("area")), 18),
        (capfirst(_field("name")), 30),
        (capfirst(_field("unit")), 16),
        (capfirst(Target._meta.get_field("original").verbose_name), 14),
        (_("Target in force"), 14),
        (_("Actual"), 14),
        (_("Completion"), 12),
        (_("Counted or entered by hand"), 18),
        (capfirst(_field("counting_rule")), 60),
    ]
    _header(sheet, columns, freeze="C5")
    areas = list(Area.values)  # the order of the area sheets; the catalogue's order within an area
    for result in sorted(assessment.results, key=lambda r: areas.index(r.indicator.area)):
        indicator = result.indicator
        number = _format(indicator)
        row = _append(
            sheet,
            [
                indicator.get_area_display(),
                indicator.name,
                indicator.get_unit_display(),
                _number(result.original),
                _number(result.target),
                _number(result.actual),
                _percent(result.completion),
                _source(result),
                indicator.counting_rule,
            ],
            {4: number, 5: number, 6: number, 7: PERCENT},
        )
        sheet.cell(row, 9).alignment = WRAP


def _area(sheet: Worksheet, results: list[Result]) -> None:
    columns = [
        (capfirst(_field("name")), 34),
        (capfirst(_field("unit")), 14),
        (capfirst(Target._meta.get_field("original").verbose_name), 12),
        (_("Target in force"), 12),
        (_("Actual"), 12),
        (_("Completion"), 10),
        (_("Counted or entered by hand"), 16),
    ]
    months = [(_("to end of %(month)s") % {"month": MONTH_NAMES[m]}, 11) for m in range(1, MONTHS + 1)]
    _header(sheet, columns + months, freeze="B2")
    for result in results:
        number = _format(result.indicator)
        counted_trend = [_number(value) for value in result.counted.monthly or []]
        row = _append(
            sheet,
            [
                result.indicator.name,
                result.indicator.get_unit_display(),
                _number(result.original),
                _number(result.target),
                _number(result.actual),
                _percent(result.completion),
                _source(result),
                *([] if result.manual is not None else counted_trend),
            ],
            {ORIGINAL: number, TARGET: number, ACTUAL: number, COMPLETION: PERCENT, **_months(number)},
        )
        sheet.cell(row, ITEM).font = BOLD
        if result.manual is not None:  # the trend and the breakdowns are of the counted part only
            _part(sheet, _("entered by hand"), result.manual, number, indent=1)
            _part(sheet, _("counted from the ledgers"), result.counted.total, number, indent=1, trend=counted_trend)
        _breakdowns(sheet, result, number)
        sheet.append([])


def _breakdowns(sheet: Worksheet, result: Result, number: str) -> None:
    """The breakdowns (其中) beneath the total: a part on one row, a grouping under its heading, a row a group."""
    splits = {split.key: split for split in rule_for(result.indicator.rule).splits}
    for key, items in result.counted.splits.items():
        split = splits.get(key)
        if split is not None and split.part:
            for _value, label, amount in items:
                _part(sheet, label, amount, number, indent=1)
        elif items:
            row = _append(sheet, [str(split.label) if split else key])
            sheet.cell(row, ITEM).alignment = Alignment(indent=1)
            for _value, label, amount in items:
                _part(sheet, label, amount, number, indent=2)


def _missing(sheet: Worksheet, assessment: Assessment) -> None:
    columns = [(_("What is missing"), 44), (_("Area or level"), 18), (_("Number"), 10)]
    _header(sheet, columns, freeze="A2")
    indicators = [
        (_("Indicators without data"), assessment.without_data),
        (_("Indicators without a target"), assessment.without_target),
    ]
    for heading, results in indicators:
        _section(sheet, heading, len(results))
        _items(sheet, ((r.indicator.name, r.indicator.get_area_display()) for r in results))
    pairings = assessment.missing_agreements
    _section(sheet, _("Pairings without an agreement for %(year)s") % {"year": assessment.year}, len(pairings))
    _items(sheet, ((str(p), p.get_level_display()) for p in pairings))
    _section(sheet, _("Projects without evidence"), assessment.projects_without_evidence)


# --- cells ------------------------------------------------------------------------------------------------


def _header(sheet: Worksheet, columns: list[tuple[Any, int]], freeze: str) -> None:
    row = _append(sheet, [str(title) for title, _width in columns])
    for column, (_heading, width) in enumerate(columns, start=1):
        sheet.cell(row, column).font = BOLD
        sheet.cell(row, column).alignment = Alignment(wrap_text=True, vertical="center")
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = freeze


def _append(sheet: Worksheet, values: list[Any], formats: Mapping[int, str] | None = None) -> int:
    """Add a row, with number formats by column; returns the row's number."""
    sheet.append(values)
    row = sheet.max_row
    for column, number_format in (formats or {}).items():
        sheet.cell(row, column).number_format = number_format
    return row


def _part(sheet: Worksheet, label: str, amount: Decimal, number: str, indent: int, trend: Iterable[Any] = ()) -> None:
    values = [label, None, None, None, _number(amount), None, None, *trend]
    row = _append(sheet, values, {ACTUAL: number, **_months(number)})
    sheet.cell(row, ITEM).alignment = Alignment(indent=indent)


def _section(sheet: Worksheet, heading: str, count: int) -> None:
    row = _append(sheet, [heading, None, count], {3: WHOLE})
    sheet.cell(row, 1).font = BOLD


def _items(sheet: Worksheet, items: Iterable[tuple[str, str]]) -> None:
    for name, kind in items:
        row = _append(sheet, [name, kind])
        sheet.cell(row, 1).alignment = Alignment(indent=1)


def _months(number: str) -> dict[int, str]:
    return {FIRST_MONTH + m: number for m in range(MONTHS)}


def _format(indicator: Indicator) -> str:
    return MONEY if indicator.unit == Unit.WAN_YUAN else WHOLE


def _number(value: Decimal | None) -> int | float | None:
    """A cell's number: whole values as integers, the rest (万元) as floats; None leaves the cell empty."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _percent(completion: Decimal | None) -> float | None:
    return None if completion is None else float(completion / 100)


def _source(result: Result) -> str:
    if result.manual is None:
        return _("counted")
    return _("partly entered by hand") if result.counted.rows else _("entered by hand")


def _field(name: str) -> Any:
    return Indicator._meta.get_field(name).verbose_name


def _sheet_name(label: Any, taken: set[str]) -> str:
    """A sheet name Excel accepts (at most 31 characters, none of []:*?/\\), unique in the workbook."""
    base = NOT_IN_SHEET_NAMES.sub("", str(label)).strip()[:SHEET_NAME_LENGTH] or _("Sheet")
    name, n = base, 1
    while name.lower() in {t.lower() for t in taken}:
        n += 1
        name = f"{base[: SHEET_NAME_LENGTH - len(str(n)) - 1]}-{n}"
    taken.add(name)
    return name
