"""The annual report as an Excel workbook: what the downloaded file holds (numbers as numbers, with their
formats), who may download it, and the workbook built straight from an assessment without HTTP."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from xiezuo.apps.agreements import services
from xiezuo.apps.agreements.choices import Area
from xiezuo.apps.agreements.export import _sheet_name, annual_workbook, file_name
from xiezuo.apps.agreements.figures import assess, pairing_coverage, region_coverage
from xiezuo.apps.agreements.models import AnnualAgreement, Indicator
from xiezuo.apps.conftest import World, make_record
from xiezuo.apps.cooperation.models import LabourPlacement
from xiezuo.apps.core.choices import Side
from xiezuo.apps.projects.models import FundTransaction, Project
from xiezuo.apps.regions.services import division

YEAR = 2024
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LABOUR = "帮助农村劳动力就业"
FUNDS = "财政援助资金"
NAME, ACTUAL, FIRST_MONTH = 0, 4, 7  # columns of an area sheet (0-based)


def indicator(code: str) -> Indicator:
    return Indicator.objects.get(code=code)


@pytest.fixture
def deal(world: World) -> AnnualAgreement:
    """Our 2024 agreement: 150 workers, 200万元 of funds revised to 250万元; 120 workers placed in January
    (80 formerly poor) and 1,000,000 yuan received in March, for a project without evidence."""
    agreement = services.create_agreement(
        actor=world.east_editor, data={"pairing": world.ours, "year": YEAR, "title": "2024年度协议"}
    )
    services.set_target(agreement, actor=world.east_editor, indicator=indicator("rural_workers"), value=Decimal(150))
    funds = services.set_target(
        agreement, actor=world.east_editor, indicator=indicator("fiscal_aid_funds"), value=Decimal(200)
    )
    services.revise_target(
        funds, actor=world.east_editor, value=Decimal(250), reason="追加资金", expected_version=funds.version
    )
    placement = make_record(LabourPlacement, world.ours)
    assert (placement.workers, placement.formerly_poor) == (120, 80)
    FundTransaction.objects.create(
        project=make_record(Project, world.ours), type="receipt", date=date(YEAR, 3, 1), amount=Decimal("1000000")
    )
    return agreement


def download(world: World, user: Any, query: str) -> Any:
    return world.client(user).get(f"/assessment/export.xlsx?{query}")


def workbook_of(response: Any) -> Workbook:
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    return load_workbook(BytesIO(response.content))


def rows(sheet: Worksheet) -> list[tuple[Any, ...]]:
    return list(sheet.iter_rows(values_only=True))


def row_named(sheet: Worksheet, name: str, column: int = NAME) -> int:
    """The 1-based number of the first row whose `column` holds `name`."""
    return next(n for n, row in enumerate(rows(sheet), start=1) if row[column] == name)


# --- the downloaded file ------------------------------------------------------------------------------------


def test_the_download_holds_a_summary_a_sheet_per_area_and_what_is_missing(world: World, deal: Any) -> None:
    response = download(world, world.east_editor, f"pairing={world.ours.pk}&year={YEAR}")
    book = workbook_of(response)

    assert len(book.sheetnames) == 1 + len(Area) + 1
    assert book.sheetnames[1:-1] == [str(area.label) for area in Area]
    assert all(len(name) <= 31 for name in book.sheetnames)
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; filename*=utf-8''2024") and disposition.endswith(".xlsx")
    assert "no-store" in response["Cache-Control"]
    assert all("2024" in sheet.oddHeader.center.text for sheet in book.worksheets)  # printed pages say whose


def test_the_summary_has_targets_actuals_and_completion_as_numbers(world: World, deal: Any) -> None:
    summary = workbook_of(download(world, world.viewer, f"pairing={world.ours.pk}&year={YEAR}")).worksheets[0]
    assert summary.freeze_panes == "C5" and summary["A4"].font.bold

    labour = row_named(summary, LABOUR, column=1)
    original, target, actual, completion = (summary.cell(labour, column) for column in (4, 5, 6, 7))
    assert (original.value, target.value, actual.value, completion.value) == (150, 150, 120, pytest.approx(0.8))
    assert actual.number_format == "#,##0" and completion.number_format == "0.0%"

    funds = row_named(summary, FUNDS, column=1)
    original, target, actual, completion = (summary.cell(funds, column) for column in (4, 5, 6, 7))
    assert (original.value, target.value, actual.value) == (200, 250, 100)  # 1,000,000 yuan = 100.00 万元
    assert completion.value == pytest.approx(0.4)
    assert actual.number_format == target.number_format == "#,##0.00"

    for row in summary.iter_rows(min_row=5, min_col=4, max_col=7):
        assert all(cell.value is None or isinstance(cell.value, int | float) for cell in row)
    assert summary.column_dimensions["I"].width > summary.column_dimensions["D"].width  # the counting rule


def test_an_area_sheet_shows_the_breakdowns_beneath_the_total_and_the_monthly_trend(world: World, deal: Any) -> None:
    book = workbook_of(download(world, world.west_editor, f"pairing={world.ours.pk}&year={YEAR}"))
    labour = book[str(Area.LABOUR.label)]
    assert labour.freeze_panes == "B2" and labour["A1"].font.bold

    total = row_named(labour, LABOUR)
    assert labour.cell(total, ACTUAL + 1).value == 120 and labour.cell(total, 1).font.bold
    formerly_poor = labour.cell(total + 1, ACTUAL + 1)
    assert formerly_poor.value == 80 and isinstance(formerly_poor.value, int)  # "其中 脱贫劳动力"
    assert labour.cell(total + 1, 1).alignment.indent == 1
    by_destination = [row for row in rows(labour)[total + 1 : total + 4] if row[ACTUAL] == 120]
    assert len(by_destination) == 1  # all 120 went to the eastern partner
    trend = rows(labour)[total - 1][FIRST_MONTH : FIRST_MONTH + 12]
    assert list(trend) == [120] * 12  # placed in January: cumulative 120 from January on

    funds = book[str(Area.FUNDS.label)]
    total = row_named(funds, FUNDS)
    assert funds.cell(total, ACTUAL + 1).value == 100 and funds.cell(total, ACTUAL + 1).number_format == "#,##0.00"
    assert list(rows(funds)[total - 1][FIRST_MONTH : FIRST_MONTH + 12]) == [0, 0] + [100] * 10  # received in March
    category = rows(funds)[total + 1]  # the heading "by project category" above it
    assert category[ACTUAL] == 100 and funds.cell(total + 2, 1).alignment.indent == 2


def test_what_is_missing_lists_indicators_without_data_or_target_and_projects_without_evidence(
    world: World, deal: Any
) -> None:
    missing = workbook_of(download(world, world.east_editor, f"pairing={world.ours.pk}&year={YEAR}")).worksheets[-1]
    names = [row[0] for row in rows(missing)]
    assert names.count("志愿服务人次") == 2  # no data, no target
    assert LABOUR not in names and FUNDS not in names
    counts = [row[2] for row in rows(missing)[1:] if row[2] is not None]
    active = Indicator.objects.filter(active=True).count()
    # with data: workers, formerly poor, funds, projects, industrial projects; with a target: workers, funds
    assert counts == [active - 5, active - 2, 0, 1]  # and no pairing without agreement, one project without evidence
    assert missing.freeze_panes == "A2"


def test_an_actual_entered_by_hand_shows_beside_what_the_ledgers_count(
    world: World, deal: Any, settings: Any, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    services.record_manual_actual(
        deal,
        actor=world.west_editor,
        data={
            "indicator": indicator("students_aided"),
            "value": Decimal(45),
            "explanation": "教育局汇总",
            "evidence_title": "助学台账",
            "evidence": SimpleUploadedFile("台账.pdf", b"%PDF-1.4 ledger", content_type="application/pdf"),
        },
    )
    book = annual_workbook(assess(pairing_coverage(world.ours, world.east_editor), YEAR))
    social = book[str(Area.SOCIAL.label)]
    total = row_named(social, "结对助学学生")
    assert social.cell(total, ACTUAL + 1).value == 45
    assert social.cell(total + 1, ACTUAL + 1).value == 45 and social.cell(total + 2, ACTUAL + 1).value == 0
    assert social.cell(total, FIRST_MONTH + 1).value is None  # the trend sits on the counted row, not the total


# --- who may download ---------------------------------------------------------------------------------------


def test_an_outsider_gets_404_for_our_pairing(world: World, deal: Any) -> None:
    assert download(world, world.outsider, f"pairing={world.ours.pk}&year={YEAR}").status_code == 404
    anonymous = download(world, None, f"pairing={world.ours.pk}&year={YEAR}")
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/login/")


@pytest.mark.parametrize(
    "query", ["pairing=abc", "pairing=999999", "year=1800", "year=20x4", "region=999999", "region={sichuan}&side=north"]
)
def test_bad_parameters_get_404(world: World, query: str) -> None:
    query = query.format(sichuan=division("510000").pk)
    assert download(world, world.admin, query).status_code == 404


# --- the workbook without HTTP ------------------------------------------------------------------------------


def test_a_region_workbook_lists_the_pairings_without_an_agreement(world: World, deal: Any) -> None:
    coverage = region_coverage(division("510000"), Side.WEST, world.supervisor)
    missing = annual_workbook(assess(coverage, YEAR)).worksheets[-1]
    names = [row[0] for row in rows(missing)]
    assert str(world.province) in names and str(world.city) in names and str(world.theirs) in names
    assert str(world.ours) not in names  # it has its agreement


def test_a_file_name_keeps_the_coverage_without_characters_a_file_system_refuses() -> None:
    name = file_name("四川/南充 (west)", YEAR)
    assert name.startswith("2024") and name.endswith(".xlsx") and "四川_南充" in name and "/" not in name


def test_sheet_names_are_ones_excel_accepts() -> None:
    taken = {"概览"}
    long = _sheet_name("资金/项目: [汇总]*?\\" + "很长的名称" * 10, taken)
    assert len(long) <= 31 and not set("[]:*?/\\") & set(long) and long.startswith("资金项目")
    again = _sheet_name("资金/项目: [汇总]*?\\" + "很长的名称" * 10, taken)
    assert again != long and len(again) <= 31 and again.endswith("-2")


def test_an_indicator_s_code_and_a_project_s_code_have_their_own_chinese_headers() -> None:
    from django.utils import translation

    from xiezuo.apps.agreements.views import INDICATORS
    from xiezuo.apps.core.columns import columns_for
    from xiezuo.apps.projects.views import PROJECTS

    with translation.override("zh-hans"):
        headers = {t.slug: {c.name: c.header for c in columns_for(t)} for t in (INDICATORS, PROJECTS)}
    assert (headers["indicators"]["code"], headers["projects"]["code"]) == ("编号", "项目编号")
