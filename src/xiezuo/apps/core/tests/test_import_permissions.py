"""Imports write only where the user may write, exports show only what the user may read, and an import
is seen only by the person who uploaded it."""

from __future__ import annotations

import pytest

from xiezuo.apps.conftest import World, make_record
from xiezuo.apps.core.models import ImportJob
from xiezuo.apps.core.tests.sheets import download, job_of, rows_of, upload, xlsx
from xiezuo.apps.projects.models import Project
from xiezuo.apps.regions.models import Region

pytestmark = pytest.mark.usefixtures("import_media")

OURS = "温州湾新区、龙湾区 — 仪陇县"
HEADER = ["项目编号", "名称", "结对", "年度", "类别"]


def test_an_outsider_cannot_import_into_our_pairing(world: World) -> None:
    rows = [HEADER, ["YL-1", "甲", OURS, 2024, "产业发展"]]

    job = job_of(upload(world.client(world.outsider), "projects", xlsx(rows)))

    assert job.status == ImportJob.Status.INVALID
    [problem] = job.preview["problems"]
    assert (problem["row"], problem["column"]) == (2, "结对") and OURS in problem["message"]
    assert not Project.objects.exists()


def test_an_outsider_cannot_change_our_record_by_its_id(world: World) -> None:
    project = make_record(Project, world.ours)

    job = job_of(upload(world.client(world.outsider), "projects", xlsx([["ID", "名称"], [project.pk, "改了"]])))

    assert [(p["row"], p["column"]) for p in job.preview["problems"]] == [(2, "ID")]
    project.refresh_from_db()
    assert project.title == "测试项目1"


def test_an_outsider_exports_none_of_our_records(world: World) -> None:
    make_record(Project, world.ours)
    theirs = make_record(Project, world.theirs)

    exported = download(world.client(world.outsider), "/projects/export.csv").decode("utf-8-sig")
    rows = rows_of(download(world.client(world.outsider), "/projects/export.xlsx"))

    assert [r[0] for r in rows[1:]] == [theirs.pk]
    assert "测试项目2" in exported and "测试项目1" not in exported


@pytest.mark.parametrize("persona", ["viewer", "supervisor"])
def test_readers_may_export_but_not_import(world: World, persona: str) -> None:
    make_record(Project, world.ours)
    client = world.client(getattr(world, persona))

    assert client.get("/projects/import/").status_code == 403
    assert upload(client, "projects", xlsx([HEADER])).status_code == 403
    assert len(rows_of(download(client, "/projects/export.xlsx"))) == 2
    assert "/projects/import/" not in client.get("/projects/").content.decode()


def test_only_administrators_import_reference_data(world: World) -> None:
    assert world.client(world.east_editor).get("/regions/import/").status_code == 403
    rows = [["名称", "层级", "上级地区"], ["新政镇", "乡镇", "仪陇县"]]
    client = world.client(world.admin)
    job = job_of(upload(client, "regions", xlsx(rows)))
    client.post(f"/regions/import/{job.pk}/confirm/")

    assert Region.objects.get(name="新政镇").parent == Region.objects.get(code="511324")


def test_an_import_is_seen_only_by_the_person_who_uploaded_it(world: World) -> None:
    job = job_of(
        upload(world.client(world.east_editor), "projects", xlsx([HEADER, ["YL-1", "甲", OURS, 2024, "产业发展"]]))
    )
    west = world.client(world.west_editor)

    assert west.get(f"/projects/import/{job.pk}/").status_code == 404
    assert west.get(f"/projects/import/{job.pk}/status/").status_code == 404
    assert west.post(f"/projects/import/{job.pk}/confirm/").status_code == 404
    assert world.client(world.east_editor).get(f"/visits/import/{job.pk}/").status_code == 404
    assert not Project.objects.exists()


def test_pages_need_a_login(world: World) -> None:
    anonymous = world.client(None)
    for path in ("/projects/template.xlsx", "/projects/export.xlsx", "/projects/export.csv", "/projects/import/"):
        response = anonymous.get(path)
        assert response.status_code == 302 and "/login/" in response["Location"], path
