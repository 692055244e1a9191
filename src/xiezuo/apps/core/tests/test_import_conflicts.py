"""Stale and duplicate rows: an import never overwrites a change it did not see, nor writes a record twice."""

from __future__ import annotations

import pytest

from xiezuo.apps.conftest import World, make_record
from xiezuo.apps.core.models import ImportJob
from xiezuo.apps.core.tests.sheets import download, job_of, rows_of, upload, xlsx
from xiezuo.apps.projects.models import Project
from xiezuo.apps.projects.services import update_project

pytestmark = pytest.mark.usefixtures("import_media")

OURS = "温州湾新区、龙湾区 — 仪陇县"


def _edited_export(client: object, title: str) -> bytes:
    """The project list exported, with the first project's title changed in the file."""
    rows = rows_of(download(client, "/projects/export.xlsx"))  # type: ignore[arg-type]
    rows[1][rows[0].index("名称")] = title
    return xlsx(rows, title="协作项目")


def test_a_file_exported_before_someone_else_changed_the_record_is_refused_for_that_row(world: World) -> None:
    project = make_record(Project, world.ours)
    east = world.client(world.east_editor)
    exported = _edited_export(east, "东部改的名称")
    update_project(project, actor=world.west_editor, data={"title": "西部先改的名称"}, expected_version=1)

    job = job_of(upload(east, "projects", exported))

    assert job.status == ImportJob.Status.INVALID
    [problem] = job.preview["problems"]
    assert (problem["row"], problem["column"]) == (2, "版本")
    assert "西部先改的名称" in problem["message"]
    project.refresh_from_db()
    assert project.title == "西部先改的名称"


def test_a_change_made_between_the_check_and_the_confirmation_stops_the_whole_import(world: World) -> None:
    first, second = make_record(Project, world.ours), make_record(Project, world.ours)
    rows = [["ID", "名称"], [first.pk, "东部的新名称一"], [second.pk, "东部的新名称二"]]
    east = world.client(world.east_editor)
    job = job_of(upload(east, "projects", xlsx(rows)))
    assert job.status == ImportJob.Status.READY
    update_project(second, actor=world.west_editor, data={"title": "西部的新名称"}, expected_version=1)

    east.post(f"/projects/import/{job.pk}/confirm/")

    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert [p["row"] for p in job.result["problems"]] == [3]
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.title, first.version) == ("测试项目1", 1)  # row 2 was fine, and is not saved either
    assert second.title == "西部的新名称"


def test_two_rows_for_one_record_are_refused(world: World) -> None:
    project = make_record(Project, world.ours)
    rows = [["ID", "名称"], [project.pk, "甲"], [project.pk, "乙"]]

    job = job_of(upload(world.client(world.east_editor), "projects", xlsx(rows)))

    assert [(p["row"], p["column"]) for p in job.preview["problems"]] == [(3, "ID")]
    assert "2" in job.preview["problems"][0]["message"]


def test_two_new_rows_that_would_be_the_same_record_are_refused(world: World) -> None:
    header = ["项目编号", "名称", "结对", "年度", "类别"]
    rows = [header, ["YL-1", "甲", OURS, 2024, "产业发展"], ["YL-1", "乙", OURS, 2024, "劳务协作"]]

    job = job_of(upload(world.client(world.east_editor), "projects", xlsx(rows)))

    [problem] = job.preview["problems"]
    assert problem["row"] == 3 and "2" in problem["message"] and "项目编号" in problem["message"]
    assert not Project.objects.exists()


def test_an_id_of_no_record_the_user_may_change_is_refused(world: World) -> None:
    rows = [["ID", "名称"], [999, "甲"]]

    job = job_of(upload(world.client(world.east_editor), "projects", xlsx(rows)))

    assert [(p["row"], p["column"]) for p in job.preview["problems"]] == [(2, "ID")]


def test_confirming_twice_saves_once(world: World) -> None:
    header = ["项目编号", "名称", "结对", "年度", "类别"]
    client = world.client(world.east_editor)
    job = job_of(upload(client, "projects", xlsx([header, ["YL-1", "甲", OURS, 2024, "产业发展"]])))

    client.post(f"/projects/import/{job.pk}/confirm/")
    again = client.post(f"/projects/import/{job.pk}/confirm/", follow=True)

    assert Project.objects.count() == 1
    assert "message error" in again.content.decode()


def test_a_discarded_import_cannot_be_confirmed(world: World) -> None:
    header = ["项目编号", "名称", "结对", "年度", "类别"]
    client = world.client(world.east_editor)
    job = job_of(upload(client, "projects", xlsx([header, ["YL-1", "甲", OURS, 2024, "产业发展"]])))

    client.post(f"/projects/import/{job.pk}/discard/")
    client.post(f"/projects/import/{job.pk}/confirm/")

    job.refresh_from_db()
    assert job.status == ImportJob.Status.DISCARDED and not Project.objects.exists()
