"""Matching on confirmation: a second report naming 郭宗海 links to the same person and adds a position only
if new; a visit already in the ledger is linked, not duplicated; two reports proposing the same new person
create one."""

from __future__ import annotations

import datetime

import pytest

from xiezuo.apps.conftest import World
from xiezuo.apps.people import services as people
from xiezuo.apps.people.models import Organisation, Person, Position
from xiezuo.apps.regions.services import division
from xiezuo.apps.reports import proposals, services
from xiezuo.apps.reports.models import Report, ReportLink
from xiezuo.apps.reports.tests import test_services_support as support
from xiezuo.apps.reports.tests.test_services_support import confirm, item
from xiezuo.apps.visits.models import Meeting, Visit
from xiezuo.apps.visits.services import itinerary

# Fixtures shared by the reports tests.
english = support.english
seed_bytes = support.seed_bytes
seed_report = support.seed_report

pytestmark = pytest.mark.usefixtures("english")

# Written for these tests: 郭宗海 again, with the positions the seed gives him.
MEETS_AGAIN = (
    "10月15日，南充市政协副主席、仪陇县委书记郭宗海在仪陇县会见温州市龙湾区企业家考察团一行，双方就产业协作进行了交流。"
)
# 郭宗海 with a third position, leading another visit to two of the seed's sites.
NEW_POSITION = (
    "2025年3月12日，南充市政协副主席、仪陇县委书记、仪陇县东西部协作工作领导小组组长郭宗海带领仪陇县考察团"
    "到龙湾区考察，先后前往万洋科技城、浙江长江汽车电子有限公司。"
)


def add(world: World, text: str, **extra: object) -> Report:
    report, created = services.add_report(actor=world.west_editor, pairing=world.ours, text=text, **extra)  # type: ignore[arg-type]
    assert created
    return report


@pytest.fixture
def guo(world: World, seed_report: Report) -> Person:
    """郭宗海 as the confirmed seed put him in the ledger."""
    confirm(seed_report, world.west_editor)
    return Person.objects.get(name="郭宗海")


def test_a_second_report_links_to_the_same_person_and_adds_nothing_known(world: World, guo: Person) -> None:
    report = add(world, MEETS_AGAIN, published=datetime.date(2024, 10, 16))
    proposed = item(report, "people", name="郭宗海")
    assert proposed["match"] == {"model": "people.person", "pk": guo.pk, "label": "郭宗海"}
    assert proposed["action"] == "link"
    assert proposals.notes_of(proposed) == ["Already known: 南充市政协副主席、仪陇县委书记."]

    confirm(report, world.west_editor)
    assert Person.objects.filter(name="郭宗海").count() == 1
    assert sorted(guo.positions.values_list("title", flat=True)) == ["仪陇县委书记", "南充市政协副主席"]
    assert ReportLink.objects.get(report=report, object_id=str(guo.pk), content_type__model="person").created is False
    assert set(services.reports_of(guo)) == {report, Report.objects.get(file_name__startswith="000_")}


def test_a_new_position_is_added_to_the_person_once(world: World, guo: Person) -> None:
    report = add(world, NEW_POSITION)
    assert item(report, "people", name="郭宗海")["action"] == "link"
    confirm(report, world.west_editor)
    assert guo.positions.count() == 3
    new = guo.positions.get(title="仪陇县东西部协作工作领导小组组长")
    assert new.region.code == "511324" and (new.start_date, new.end_date) == (None, None)
    link = ReportLink.objects.get(report=report, object_id=str(new.pk), content_type__model="position")
    assert link.created is True
    again = add(world, NEW_POSITION + "双方签订了合作协议。")
    confirm(again, world.west_editor)
    assert guo.positions.count() == 3


def test_sites_already_in_the_ledger_are_linked_and_kept_in_order(world: World, guo: Person) -> None:
    report = add(world, NEW_POSITION)
    assert item(report, "organisations", name="万洋科技城")["action"] == "link"
    confirm(report, world.west_editor)
    visit = Visit.objects.get(delegation="仪陇县考察团")
    assert visit.start_date == datetime.date(2025, 3, 12) and visit.leader == guo
    assert [o.name for o in itinerary(visit)] == ["万洋科技城", "浙江长江汽车电子有限公司"]
    assert Organisation.objects.count() == 7


def test_a_visit_already_in_the_ledger_is_linked_with_its_meeting(world: World, guo: Person) -> None:
    seed = Report.objects.get()
    other_copy = seed.repaired + "\n（来源：龙湾区融媒体中心）"
    report = add(world, other_copy, published=datetime.date(2024, 8, 28))
    visit = Visit.objects.get()
    proposed = item(report, "visits", delegation="仪陇县党政代表团")
    assert (proposed["match"]["pk"], proposed["action"]) == (visit.pk, "link")
    assert proposed["info"]["meetings"]["龙湾区—仪陇县东西部协作工作座谈会"]["model"] == "visits.meeting"
    confirm(report, world.west_editor)
    assert (Visit.objects.count(), Meeting.objects.count(), Person.objects.count()) == (1, 1, 2)
    assert list(services.reports_of(visit).order_by("pk")) == [seed, report]
    assert list(services.reports_of(Meeting.objects.get()).order_by("pk")) == [seed, report]


def test_two_reports_proposing_the_same_new_person_create_one(world: World, seed_report: Report) -> None:
    other = add(world, NEW_POSITION)
    assert item(other, "people", name="郭宗海")["action"] == "create"
    confirm(seed_report, world.west_editor)
    confirm(other, world.west_editor)
    guo = Person.objects.get(name="郭宗海")
    assert guo.positions.count() == 3
    other.refresh_from_db()
    assert item(other, "people", name="郭宗海")["match"]["pk"] == guo.pk
    assert ReportLink.objects.get(report=other, object_id=str(guo.pk), content_type__model="person").created is False


def test_a_namesake_elsewhere_is_not_taken_for_him(world: World) -> None:
    longwan = division("330303")
    namesake = people.create_person(
        actor=world.east_editor,
        data={"name": "郭宗海", "pairing": world.ours, "region": longwan},
        positions=[{"title": "龙湾区某企业董事长", "region": longwan}],
    )
    report = add(world, MEETS_AGAIN, published=datetime.date(2024, 10, 16))
    assert item(report, "people", name="郭宗海")["match"] is None
    confirm(report, world.west_editor)
    assert Person.objects.filter(name="郭宗海").count() == 2
    assert namesake.positions.count() == 1


def test_a_reviewer_may_create_a_namesake_beside_the_match(world: World, guo: Person) -> None:
    report = add(world, MEETS_AGAIN, published=datetime.date(2024, 10, 16))
    proposal = proposals.apply_edits(
        report.proposal, {item(report, "people", name="郭宗海")["id"]: {"action": "create"}}
    )
    report = services.save_proposal(report, actor=world.west_editor, proposal=proposal, expected_version=report.version)
    confirm(report, world.west_editor)
    assert Person.objects.filter(name="郭宗海").count() == 2
    assert Position.objects.filter(title="仪陇县委书记").count() == 2
