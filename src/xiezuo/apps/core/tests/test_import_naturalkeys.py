"""Relations in a spreadsheet are written as people name things: a region by name or code, a pairing by its
sides, an organisation or person by name (with what tells two of one name apart); choices by label or code."""

from __future__ import annotations

import pytest

from xiezuo.apps.conftest import World, make_record
from xiezuo.apps.cooperation.models import InvestmentLead
from xiezuo.apps.core.models import ImportJob
from xiezuo.apps.core.tests.sheets import job_of, upload, xlsx
from xiezuo.apps.people.models import Organisation, Person, Position
from xiezuo.apps.projects.models import Project
from xiezuo.apps.regions.models import Region
from xiezuo.apps.reports.models import Report

pytestmark = pytest.mark.usefixtures("import_media")

OURS = "温州湾新区、龙湾区 — 仪陇县"
HEADER = ["项目编号", "名称", "结对", "年度", "类别", "实施地点"]


def _import(world: World, slug: str, rows: list[list[object]]) -> ImportJob:
    client = world.client(world.east_editor)
    job = job_of(upload(client, slug, xlsx(rows)))
    if job.status == ImportJob.Status.READY:
        client.post(f"/{slug}/import/{job.pk}/confirm/")
        job.refresh_from_db()
    return job


def test_regions_by_name_code_or_division_table(world: World) -> None:
    rows = [
        HEADER,
        ["YL-1", "甲", OURS, 2024, "产业发展", "仪陇县"],
        ["YL-2", "乙", "温州湾新区、龙湾区-仪陇县", 2024, "industry", "511324"],
        ["YL-3", "丙", OURS, 2024, "Industrial development", "顺庆区"],  # not in the ledger yet: from the table
    ]

    job = _import(world, "projects", rows)

    assert job.status == ImportJob.Status.DONE, job.preview
    locations = dict(Project.objects.values_list("code", "location__code"))
    assert locations == {"YL-1": "511324", "YL-2": "511324", "YL-3": "511302"}
    assert Region.objects.get(code="511302").parent == Region.objects.get(code="511300")


def test_an_ambiguous_region_name_says_so_and_its_parent_tells_them_apart(world: World) -> None:
    for town in ("新政镇", "金城镇"):
        parent = Region.objects.create(name=town, level="town", parent=Region.objects.get(code="511324"))
        Region.objects.create(name="新民村", level="village", parent=parent)
    rows = [HEADER, ["YL-1", "甲", OURS, 2024, "产业发展", "新民村"]]

    job = _import(world, "projects", rows)

    [problem] = job.preview["problems"]
    assert problem["column"] == "实施地点"
    assert "新民村（新政镇）" in problem["message"] and "新民村（金城镇）" in problem["message"]

    rows[1][-1] = "新民村（金城镇）"
    assert _import(world, "projects", rows).status == ImportJob.Status.DONE
    assert Project.objects.get().location.parent.name == "金城镇"


def test_a_division_name_shared_by_several_divisions_says_which_there_are(world: World) -> None:
    job = _import(world, "projects", [HEADER, ["YL-1", "甲", OURS, 2024, "产业发展", "朝阳区"]])

    [problem] = job.preview["problems"]
    assert "110105" in problem["message"]


def test_an_organisation_of_the_rows_pairing_is_preferred_to_others_of_the_name(world: World) -> None:
    ours = Organisation.objects.create(name="仪陇县投资促进局", pairing=world.ours)
    Organisation.objects.create(name="仪陇县投资促进局", pairing=None)
    rows = [["结对", "企业", "单位", "阶段"], [OURS, "麦田能源", "仪陇县投资促进局", "洽谈中"]]

    job = _import(world, "investment-leads", rows)

    assert job.status == ImportJob.Status.DONE, job.preview
    assert InvestmentLead.objects.get().organisation == ours


def test_a_position_names_its_person_and_organisation(world: World) -> None:
    county = Organisation.objects.create(name="中共仪陇县委", pairing=world.ours)
    person = make_record(Person, world.ours)
    rows = [["人员", "名称", "单位", "自"], [person.name, "县委书记", "中共仪陇县委", "2021年6月1日"]]

    assert _import(world, "positions", rows).status == ImportJob.Status.DONE

    position = Position.objects.get(title="县委书记")
    assert (position.person, position.organisation, position.start_date.isoformat()) == (person, county, "2021-06-01")


def test_records_without_an_add_page_are_only_changed_by_import(world: World) -> None:
    report = make_record(Report, world.ours)

    job = _import(world, "reports", [["ID", "名称"], [report.pk, "改过的标题"], [None, "新的报道"]])

    assert [(p["row"], p["column"]) for p in job.preview["problems"]] == [(3, "")]
    report.refresh_from_db()
    assert report.title == "测试报道1" and Report.objects.count() == 1
