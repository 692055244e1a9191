"""Exports of a list as filtered, and the template: Chinese headers, choices by label, relations by name,
a sheet that explains each column; the list's filters, search and order apply."""

from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from xiezuo.apps.conftest import World, make_record
from xiezuo.apps.core.models import ImportJob
from xiezuo.apps.core.tests.sheets import download, job_of, rows_of, upload, xlsx
from xiezuo.apps.people.models import Organisation, Person, Position
from xiezuo.apps.projects.models import Project
from xiezuo.apps.visits.models import Visit

pytestmark = pytest.mark.usefixtures("import_media")

OURS = "温州湾新区、龙湾区 — 仪陇县"


def test_the_export_of_projects_reads_like_the_list(world: World) -> None:
    project = make_record(Project, world.ours)

    rows = rows_of(download(world.client(world.east_editor), "/projects/export.xlsx"))

    assert rows[0] == [
        "ID",
        "版本",
        "项目编号",
        "名称",
        "结对",
        "年度",
        "类别",
        "状态",
        "实施地点",
        "受益人数",
        "其中脱贫人口",
        "项目简介",
    ]
    assert rows[1][:8] == [project.pk, 1, "P0001", "测试项目1", OURS, 2024, "产业发展", "计划中"]


def test_the_export_keeps_the_lists_filters_search_and_order(world: World) -> None:
    for title, category in (("柑橘产业园", "industry"), ("劳务工作站", "labour"), ("柑橘冷链", "industry")):
        Project.objects.create(code=title, title=title, pairing=world.ours, year=2024, category=category)
    client = world.client(world.east_editor)

    rows = rows_of(download(client, "/projects/export.xlsx?category=industry&q=柑橘&o=-title"))
    csv_rows = download(client, "/projects/export.csv?category=labour").decode("utf-8-sig").splitlines()

    assert [r[3] for r in rows[1:]] == ["柑橘冷链", "柑橘产业园"]
    assert len(csv_rows) == 2 and "劳务工作站" in csv_rows[1]


def test_the_csv_opens_in_excel_as_utf8_and_formulas_stay_text(world: World) -> None:
    project = make_record(Project, world.ours)
    Project.objects.filter(pk=project.pk).update(description='=HYPERLINK("http://example.com")')
    client = world.client(world.east_editor)

    data = download(client, "/projects/export.csv")
    job = job_of(upload(client, "projects", data, name="projects.csv"))

    assert data.startswith(b"\xef\xbb\xbf") and "'=HYPERLINK" in data.decode("utf-8-sig")
    assert job.status == ImportJob.Status.READY and job.preview["unchanged"] == 1
    workbook = load_workbook(io.BytesIO(download(client, "/projects/export.xlsx")))
    cell = workbook.worksheets[0]["L2"]
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")


def test_the_template_explains_every_column(world: World) -> None:
    data = download(world.client(world.east_editor), "/projects/template.xlsx")

    workbook = load_workbook(io.BytesIO(data))
    assert len(workbook.sheetnames) == 2 and workbook.sheetnames[0] == "协作项目"
    assert [c.value for c in workbook.worksheets[0][1]][:4] == ["ID", "版本", "项目编号", "名称"]
    assert workbook.worksheets[0].max_row == 1
    explained = {row[0]: row for row in workbook.worksheets[1].iter_rows(values_only=True) if row and row[0]}
    assert "产业发展" in explained["类别"][2] and "民生改善" in explained["类别"][2]
    assert explained["项目编号"][1] and not explained["受益人数"][1]  # required, not required
    assert OURS in explained["结对"][2]  # the user's own pairings as examples


def test_the_template_filled_in_imports(world: World) -> None:
    client = world.client(world.east_editor)
    workbook = load_workbook(io.BytesIO(download(client, "/projects/template.xlsx")))
    workbook.worksheets[0].append([None, None, "YL-1", "柑橘产业园", OURS, 2024, "产业发展"])
    buffer = io.BytesIO()
    workbook.save(buffer)

    job = job_of(upload(client, "projects", buffer.getvalue()))

    assert job.status == ImportJob.Status.READY and job.preview["created"] == 1


def test_people_of_the_same_name_are_told_apart_by_their_organisation_and_come_back_as_they_were(
    world: World,
) -> None:
    county = Organisation.objects.create(name="仪陇县委", pairing=world.ours)
    district = Organisation.objects.create(name="龙湾区委", pairing=world.ours)
    first = Person.objects.create(name="张伟", pairing=world.ours)
    second = Person.objects.create(name="张伟", pairing=world.ours)
    Position.objects.create(person=first, title="书记", organisation=county)
    Position.objects.create(person=second, title="书记", organisation=district)
    visit = Visit.objects.create(
        pairing=world.ours, direction="west_to_east", delegation="代表团", start_date=date(2024, 8, 26), leader=second
    )
    visit.members.set([first, second])
    client = world.client(world.east_editor)

    rows = rows_of(download(client, "/visits/export.xlsx"))
    header = rows[0]
    assert rows[1][header.index("带队领导")] == "张伟（龙湾区委）"
    assert rows[1][header.index("成员")] in ("张伟（仪陇县委）、张伟（龙湾区委）", "张伟（龙湾区委）、张伟（仪陇县委）")

    rows[1][header.index("带队领导")] = "张伟（仪陇县委）"
    job = job_of(upload(client, "visits", xlsx(rows, title="考察交流")))
    client.post(f"/visits/import/{job.pk}/confirm/")

    visit.refresh_from_db()
    assert visit.leader == first and set(visit.members.all()) == {first, second}


def test_a_pairings_sides_are_listed_with_the_list_separator(world: World) -> None:
    rows = rows_of(download(world.client(world.east_editor), "/pairings/export.xlsx"))
    header = rows[0]
    ours = next(r for r in rows[1:] if r[0] == world.ours.pk)

    assert ours[header.index("东部")] == "温州湾新区、龙湾区"
    assert ours[header.index("西部")] == "仪陇县"
