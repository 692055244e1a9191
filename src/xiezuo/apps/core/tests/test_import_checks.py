"""Importing projects: the file is checked first and nothing is saved until the user confirms; then all of
it is saved in one change-log batch, or none of it. Every problem is named by row and column."""

from __future__ import annotations

from decimal import Decimal

import pytest

from xiezuo.apps.conftest import World, make_record
from xiezuo.apps.core.models import ChangeLog, ImportJob
from xiezuo.apps.core.tests.sheets import job_of, problems, upload, xlsx
from xiezuo.apps.people.models import Person
from xiezuo.apps.projects.models import FundTransaction, Project

pytestmark = pytest.mark.usefixtures("import_media")

OURS = "温州湾新区、龙湾区 — 仪陇县"
HEADER = ["项目编号", "名称", "结对", "年度", "类别", "状态", "实施地点", "受益人数", "其中脱贫人口", "项目简介"]


def project_row(n: int, **change: object) -> list[object]:
    row = {
        "项目编号": f"YL-2024-{n:03d}",
        "名称": f"仪陇县柑橘产业园{n}期",
        "结对": OURS,
        "年度": 2024,
        "类别": "产业发展",
        "状态": "计划中",
        "实施地点": "仪陇县",
        "受益人数": 1200,
        "其中脱贫人口": 300,
        "项目简介": "",
    }
    row.update(change)  # type: ignore[arg-type]
    return [row[h] for h in HEADER]


def test_the_check_shows_what_would_be_added_and_saves_nothing(world: World) -> None:
    client = world.client(world.west_editor)
    changes_before = ChangeLog.objects.count()

    job = job_of(upload(client, "projects", xlsx([HEADER, project_row(1), project_row(2), project_row(3)])))

    assert job.status == ImportJob.Status.READY
    assert job.preview["created"] == 3
    assert not Project.objects.exists()
    assert ChangeLog.objects.count() == changes_before
    page = client.get(f"/projects/import/{job.pk}/").content.decode()
    assert "仪陇县柑橘产业园2期" in page and 'id="confirm-import"' in page


def test_confirming_saves_every_row_as_one_batch_of_the_change_log(world: World) -> None:
    client = world.client(world.west_editor)
    job = job_of(upload(client, "projects", xlsx([HEADER, project_row(1), project_row(2)]), reason="2024年项目台账"))

    response = client.post(f"/projects/import/{job.pk}/confirm/")

    job.refresh_from_db()
    assert response.status_code == 302 and job.status == ImportJob.Status.DONE
    project = Project.objects.get(code="YL-2024-001")
    assert (project.pairing, project.year, project.category, project.status) == (
        world.ours,
        2024,
        "industry",
        "planned",
    )
    assert project.location is not None and project.location.code == "511324"
    changes = ChangeLog.objects.filter(batch=job.batch)
    assert {c.object_repr for c in changes if c.content_type.model == "project"} == {
        "YL-2024-001 仪陇县柑橘产业园1期",
        "YL-2024-002 仪陇县柑橘产业园2期",
    }
    assert {(c.actor, c.reason) for c in changes} == {(world.west_editor, "2024年项目台账")}
    assert ChangeLog.objects.exclude(batch=job.batch).filter(content_type__model="project").count() == 0
    page = client.get(f"/projects/import/{job.pk}/").content.decode()
    assert job.batch in page and "YL-2024-002 仪陇县柑橘产业园2期" in page


def test_an_error_in_row_12_saves_nothing_and_names_the_row_and_the_column(world: World) -> None:
    client = world.client(world.east_editor)
    rows = [HEADER, *(project_row(n) for n in range(1, 11)), project_row(11, 结对="不存在的结对")]
    job = job_of(upload(client, "projects", xlsx(rows)))

    assert job.status == ImportJob.Status.INVALID
    [problem] = job.preview["problems"]
    assert (problem["row"], problem["column"]) == (12, "结对")
    [text] = problems(job)
    assert "12" in text and "“结对”" in text and "不存在的结对" in text
    assert client.post(f"/projects/import/{job.pk}/confirm/").status_code == 302
    assert not Project.objects.exists()
    page = client.get(f"/projects/import/{job.pk}/").content.decode()
    assert text in page


def test_every_problem_of_the_file_is_shown_at_once(world: World) -> None:
    client = world.client(world.east_editor)
    rows = [
        HEADER,
        project_row(1, 类别="养殖业"),
        project_row(2, 名称=""),
        project_row(3, 受益人数="很多"),
        project_row(4),
        project_row(5, 年度=1990),
    ]
    job = job_of(upload(client, "projects", xlsx(rows)))

    found = {(p["row"], p["column"]) for p in job.preview["problems"]}
    assert found == {(2, "类别"), (3, "名称"), (4, "受益人数"), (6, "年度")}
    assert not Project.objects.exists()


def test_rules_of_the_service_are_checked_in_the_dry_run_too(world: World) -> None:
    # The form accepts 300 formerly poor of 100 beneficiaries; projects.services refuses them.
    job = job_of(upload(world.client(world.east_editor), "projects", xlsx([HEADER, project_row(1, 受益人数=100)])))

    assert job.status == ImportJob.Status.INVALID
    assert [(p["row"], p["column"]) for p in job.preview["problems"]] == [(2, "其中脱贫人口")]


def test_an_id_column_changes_that_record(world: World) -> None:
    project = make_record(Project, world.ours)
    client = world.client(world.east_editor)
    rows = [["ID", *HEADER], [project.pk, *project_row(7, 项目编号=project.code, 状态="实施中")]]
    job = job_of(upload(client, "projects", xlsx(rows)))
    assert job.preview["updated"] == 1 and job.preview["created"] == 0
    changed = {name: (before, after) for name, before, after in job.preview["rows"][0]["changes"]}
    assert changed["状态"] == ("计划中", "实施中")

    client.post(f"/projects/import/{job.pk}/confirm/")

    project.refresh_from_db()
    assert (project.status, project.title, project.version) == ("in_progress", "仪陇县柑橘产业园7期", 2)
    assert ChangeLog.objects.get(batch=job.batch).action == "update"


def test_columns_left_out_keep_their_values(world: World) -> None:
    project = make_record(Project, world.ours)
    job = job_of(upload(world.client(world.east_editor), "projects", xlsx([["ID", "名称"], [project.pk, "新名称"]])))
    world.client(world.east_editor).post(f"/projects/import/{job.pk}/confirm/")

    project.refresh_from_db()
    assert (project.title, project.code, project.year, project.category) == ("新名称", "P0001", 2024, "industry")


def test_amounts_and_dates_are_read_as_people_write_them(world: World) -> None:
    project = make_record(Project, world.ours)
    header = ["协作项目", "类型", "日期", "金额（元）", "备注"]
    rows = [
        header,
        [project.code, "下达", "2024年3月1日", "12.5万", ""],
        [project.code, "到位", "2024/3/15", "1,234.50", ""],
        [project.code, "Disbursement (拨付)", "20240401", 3000, "跨列"],
    ]
    client = world.client(world.east_editor)
    job = job_of(upload(client, "transactions", xlsx(rows)))
    client.post(f"/transactions/import/{job.pk}/confirm/")

    saved = FundTransaction.objects.order_by("date")
    assert [(t.type, t.date.isoformat(), t.amount) for t in saved] == [
        ("allocation", "2024-03-01", Decimal("125000.00")),
        ("receipt", "2024-03-15", Decimal("1234.50")),
        ("disbursement", "2024-04-01", Decimal("3000.00")),
    ]


def test_people_added_by_import_are_one_batch(world: World) -> None:
    # people.views registers a create of its own (it takes the form's positions apart): it passes the batch on.
    client = world.client(world.east_editor)
    rows = [["名称", "地区", "所属结对台账"], ["郭宗海", "仪陇县", OURS], ["周一富", "龙湾区", OURS]]
    job = job_of(upload(client, "people", xlsx(rows)))
    client.post(f"/people/import/{job.pk}/confirm/")

    assert sorted(Person.objects.values_list("name", flat=True)) == ["周一富", "郭宗海"]
    assert sorted(ChangeLog.objects.filter(batch=job.batch).values_list("object_repr", flat=True)) == [
        "周一富",
        "郭宗海",
    ]


def test_every_ledger_s_services_take_the_import_s_batch() -> None:
    import inspect

    from xiezuo.apps.core.registry import ledger_types

    for ledger_type in ledger_types():
        for service in (ledger_type.create, ledger_type.update):
            if service is not None:
                assert "batch" in inspect.signature(service).parameters, (ledger_type.slug, service)
