"""Files as they come: CSV in GBK, title rows, formulas, merged cells, 万, dates as text; and files that are
not what they should be, each refused with a message that says what to do, never a server error."""

from __future__ import annotations

from datetime import date

import pytest

from xiezuo.apps.conftest import World
from xiezuo.apps.cooperation.models import LabourPlacement
from xiezuo.apps.core.models import ImportJob
from xiezuo.apps.core.tests.sheets import computed, csv_bytes, job_of, upload, xlsx
from xiezuo.apps.projects.models import Project

pytestmark = pytest.mark.usefixtures("import_media")

OURS = "温州湾新区、龙湾区 — 仪陇县"
HEADER = ["项目编号", "名称", "结对", "年度", "类别", "受益人数"]


def _refused(world: World, data: bytes, name: str = "台账.xlsx", slug: str = "projects") -> str:
    """The message of a file refused as a whole: shown on the upload page, no job made."""
    response = upload(world.client(world.east_editor), slug, data, name=name)
    assert response.status_code == 200
    assert not ImportJob.objects.exists()
    page = response.content.decode()
    start = page.index('class="message error import-problems"')
    return page[start : page.index("</div>", start)]


def _imported(world: World, data: bytes, name: str = "台账.xlsx", slug: str = "projects") -> ImportJob:
    client = world.client(world.east_editor)
    job = job_of(upload(client, slug, data, name=name))
    if job.status == ImportJob.Status.READY:
        client.post(f"/{slug}/import/{job.pk}/confirm/")
        job.refresh_from_db()
    return job


def test_a_csv_in_gbk_is_read(world: World) -> None:
    rows = [HEADER, ["YL-1", "仪陇县酱香土鸡养殖基地", OURS, "2024", "产业发展", "1,200"]]

    job = _imported(world, csv_bytes(rows, "gbk"), name="项目.csv")

    assert job.status == ImportJob.Status.DONE
    assert Project.objects.get().title == "仪陇县酱香土鸡养殖基地"
    assert Project.objects.get().beneficiaries == 1200


def test_a_csv_in_utf8_with_a_byte_order_mark_is_read(world: World) -> None:
    rows = [HEADER, ["YL-1", "柑橘冷链仓储中心", OURS, "2024", "industry", "1.2万"]]

    _imported(world, b"\xef\xbb\xbf" + csv_bytes(rows), name="项目.csv")

    assert Project.objects.get().beneficiaries == 12000


def test_a_title_above_the_table_is_skipped(world: World) -> None:
    rows = [["2024年东西部协作项目台账"], [], HEADER, ["YL-1", "甲", OURS, 2024, "产业发展", 10]]

    job = _imported(world, xlsx(rows, merges=["A1:F1"]))

    assert job.status == ImportJob.Status.DONE and Project.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "name", "says"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(200), "照片.png", "不是电子表格"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + bytes(100), "台账.pdf", "不是电子表格"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), "台账.xls", ".xlsx"),
        (b"PK\x03\x04" + bytes(100), "台账.xlsx", ".xlsx"),
        (b" \r\n", "空.csv", "文件为空"),
    ],
    ids=["png", "pdf", "old-xls", "broken-zip", "blank"],
)
# In the users' language (Chinese by default), saying what to upload instead.
def test_a_file_that_is_not_a_spreadsheet_is_refused_with_what_to_do(
    world: World, data: bytes, name: str, says: str
) -> None:
    assert says in _refused(world, data, name=name)


def test_an_empty_upload_is_refused(world: World) -> None:
    response = upload(world.client(world.east_editor), "projects", b"", name="空.xlsx")

    assert response.status_code == 200 and "has-error" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_values_in_a_column_without_a_header_are_refused(world: World) -> None:
    rows = [HEADER, ["YL-1", "甲", OURS, 2024, "产业发展", 1, "多出来的"]]

    assert "G" in _refused(world, xlsx(rows))


def test_missing_columns_needed_to_add_records_are_named(world: World) -> None:
    message = _refused(world, xlsx([["项目编号", "名称"], ["YL-1", "甲"]]))

    assert "“结对”" in message and "“年度”" in message and "“类别”" in message


def test_unknown_columns_are_named_with_the_columns_there_are(world: World) -> None:
    message = _refused(world, xlsx([[*HEADER, "负责人电话"], ["YL-1", "甲", OURS, 2024, "产业发展", 1, "138"]]))

    assert "“负责人电话”" in message and "项目编号" in message


def test_a_sheet_without_headers_is_refused(world: World) -> None:
    message = _refused(world, xlsx([["YL-1", "甲", OURS, 2024, "产业发展"]]))

    assert "Sheet1" in message and "项目编号" in message


def test_a_sheet_of_another_kind_of_record_says_which(world: World) -> None:
    message = _refused(world, xlsx([["姓名", "电话"], ["郭宗海", "1"]], title="人员"))

    assert "人员" in message


def test_formulas_are_read_as_the_values_excel_computed(world: World) -> None:
    rows = [HEADER, ["YL-1", "甲", OURS, 2024, "产业发展", "=600*2"]]

    job = _imported(world, computed(xlsx(rows), {"F2": "1200"}))

    assert job.status == ImportJob.Status.DONE and Project.objects.get().beneficiaries == 1200


def test_a_formula_without_a_computed_value_is_a_problem_of_its_cell(world: World) -> None:
    rows = [HEADER, ["YL-1", "甲", OURS, 2024, "产业发展", "=SUM(A1:A3)"]]

    job = _imported(world, xlsx(rows))

    assert [(p["row"], p["column"]) for p in job.preview["problems"]] == [(2, "受益人数")]
    assert "SUM(A1:A3)" in job.preview["problems"][0]["message"]


def test_cells_merged_down_a_column_count_for_every_row(world: World) -> None:
    rows = [HEADER, ["YL-1", "甲", OURS, 2024, "产业发展", 1], ["YL-2", "乙", None, None, None, 2]]

    job = _imported(world, xlsx(rows, merges=["C2:C3", "D2:D3", "E2:E3"]))

    assert job.status == ImportJob.Status.DONE
    assert sorted(Project.objects.values_list("code", "category")) == [("YL-1", "industry"), ("YL-2", "industry")]


def test_cells_merged_across_columns_are_a_problem_of_their_row(world: World) -> None:
    rows = [HEADER, ["YL-1", "甲", OURS, 2024, "产业发展", 1], ["YL-2", "乙", OURS, 2024, "产业发展", 2]]

    job = _imported(world, xlsx(rows, merges=["A3:B3"]))

    assert job.status == ImportJob.Status.INVALID
    assert [p["row"] for p in job.preview["problems"]] == [3]
    assert "A3:B3" in job.preview["problems"][0]["message"]


def test_merged_header_cells_are_refused(world: World) -> None:
    assert "A1:B1" in _refused(world, xlsx([HEADER, ["YL-1", "甲", OURS, 2024, "产业发展", 1]], merges=["A1:B1"]))


def test_dates_written_as_text_and_numbers_with_wan_are_read(world: World) -> None:
    header = ["结对", "统计期起", "统计期止", "就业人数", "其中脱贫人口", "就业去向"]
    rows = [
        header,
        [OURS, "2024年1月1日", "2024/6/30", "1.2万", "3,000", "东部结对地区"],
        [OURS, date(2024, 7, 1), "2024-12-31", 800, 0, "eastern_partner"],
    ]

    job = _imported(world, xlsx(rows), slug="labour")

    assert job.status == ImportJob.Status.DONE, job.preview
    placements = LabourPlacement.objects.order_by("period_start")
    assert [(p.period_start, p.period_end, p.workers, p.formerly_poor) for p in placements] == [
        (date(2024, 1, 1), date(2024, 6, 30), 12000, 3000),
        (date(2024, 7, 1), date(2024, 12, 31), 800, 0),
    ]


def test_what_cannot_be_a_date_or_a_number_says_so_on_its_cell(world: World) -> None:
    header = ["结对", "统计期起", "统计期止", "就业人数", "就业去向"]
    rows = [header, [OURS, "下个月", "2024-02-30", "若干", "#N/A"]]

    job = _imported(world, xlsx(rows), slug="labour")

    assert {(p["row"], p["column"]) for p in job.preview["problems"]} == {
        (2, "统计期起"),
        (2, "统计期止"),
        (2, "就业人数"),
        (2, "就业去向"),
    }
