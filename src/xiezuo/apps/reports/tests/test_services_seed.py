"""The raw seed, end to end through the services: added (repaired, read, proposed), confirmed into the
ledger — the visit of 仪陇县党政代表团 to 龙湾区 with its six sites in order, 郭宗海 and 周一富 with two
positions each, the symposium, the pairing's 4th year — and recognised when it comes again."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError

from xiezuo.apps.conftest import World
from xiezuo.apps.core.models import ChangeLog
from xiezuo.apps.people.models import Organisation, Person
from xiezuo.apps.reports import proposals, services
from xiezuo.apps.reports.choices import ReportStatus
from xiezuo.apps.reports.models import Report, ReportLink
from xiezuo.apps.reports.tests import test_services_support as support
from xiezuo.apps.reports.tests.test_services_support import (
    PUBLISHED,
    SEED_NAME,
    SITES,
    SYMPOSIUM,
    confirm,
    item,
    shared_path,
)
from xiezuo.apps.visits.models import Meeting, Visit
from xiezuo.apps.visits.services import itinerary

# Fixtures shared by the reports tests.
english = support.english
seed_bytes = support.seed_bytes
seed_report = support.seed_report

pytestmark = pytest.mark.usefixtures("english")


def test_the_seed_is_stored_repaired_with_its_changes_explained(seed_report: Report, seed_bytes: bytes) -> None:
    repaired = shared_path("seed", "000_3096654b67945219.repaired.txt").read_text(encoding="utf-8")
    assert seed_report.original == seed_bytes.decode("utf-8")
    assert seed_report.repaired == repaired
    assert seed_report.diagnosis["mirror"] and "traditional" in seed_report.diagnosis["layers"]
    assert {step["layer"] for step in seed_report.steps} >= {"pinyin", "punctuation", "traditional"}
    assert {"layer", "start", "end", "before", "after"} <= set(seed_report.steps[0])
    assert seed_report.status == ReportStatus.PENDING and seed_report.file_name == SEED_NAME
    assert seed_report.published == PUBLISHED and seed_report.title.startswith("8月26日")
    assert seed_report.facts["visits"][0]["delegation"] == "仪陇县党政代表团"


def test_the_proposal_says_what_would_be_created_and_what_exists(seed_report: Report, world: World) -> None:
    proposal = seed_report.proposal
    assert proposal["schema"] == proposals.SCHEMA and proposal["pairing"] == world.ours.pk
    yilong = item(proposal, "regions", name="仪陇县")
    assert (yilong["code"], yilong["action"], yilong["match"]["model"]) == ("511324", "link", "regions.region")
    assert item(proposal, "regions", name="温州湾新区")["action"] == "link"  # by name among the pairing's regions
    guo = item(proposal, "people", name="郭宗海")
    assert (guo["region"], guo["positions"], guo["match"], guo["action"]) == (
        "仪陇县",
        ["南充市政协副主席", "仪陇县委书记"],
        None,
        "create",
    )
    assert item(proposal, "people", name="周一富")["region"] == "龙湾区"
    visit = item(proposal, "visits", delegation="仪陇县党政代表团")
    assert visit["date"] == "2024-08-26" and visit["info"]["date"]["source"] == "published"
    assert (visit["leader"], visit["direction"], visit["from_region"], visit["to_region"]) == (
        "郭宗海",
        "west_to_east",
        "仪陇县",
        "龙湾区",
    )
    assert visit["sites"] == SITES and visit["meetings"] == [SYMPOSIUM]
    assert item(proposal, "organisations", name="国科温州研究院")["type"] == "research_institute"
    assert {i["id"] for i in proposal["organisations"]} == {f"organisation-{n}" for n in range(1, 8)}
    projects = item(proposal, "projects", count=53)
    assert projects["action"] == "skip" and projects["info"]["recordable"] is False


def test_the_pairings_fourth_year_agrees_with_its_start(seed_report: Report, world: World) -> None:
    pairing = item(seed_report, "pairings", year_index=4)
    assert pairing["match"] == {"model": "pairings.pairing", "pk": world.ours.pk, "label": str(world.ours)}
    assert pairing["action"] == "link"
    assert pairing["info"]["year"] == {
        "year_index": 4,
        "start_date": "2021-03-01",
        "expected_year": 2024,
        "report_year": 2024,
        "agrees": True,
    }
    assert proposals.notes_of(pairing) == ["Year 4 of the pairing (since 2021) is 2024, as the report says."]


def test_a_fourth_year_that_does_not_fit_the_start_is_pointed_out(world: World, seed_bytes: bytes) -> None:
    report, _ = services.add_report(
        actor=world.west_editor, pairing=world.ours, data=seed_bytes, published=datetime.date(2025, 8, 27)
    )
    check = item(report, "pairings", year_index=4)["info"]["year"]
    assert (check["expected_year"], check["report_year"], check["agrees"]) == (2024, 2025, False)
    assert "would be 2024" in proposals.notes_of(item(report, "pairings", year_index=4))[0]


def test_without_a_publication_date_the_year_comes_from_the_pairing(world: World, seed_bytes: bytes) -> None:
    report, _ = services.add_report(actor=world.west_editor, pairing=world.ours, data=seed_bytes)
    visit = item(report, "visits", delegation="仪陇县党政代表团")
    assert (visit["date"], visit["info"]["date"]["source"]) == ("2024-08-26", "pairing")
    assert proposals.notes_of(visit) == [
        "The report gives no year: 2024 is the pairing's year 4, counted from its start in 2021."
    ]
    assert item(report, "pairings", year_index=4)["info"]["year"]["agrees"] is None


def test_confirming_the_seed_writes_the_visit_people_and_symposium(seed_report: Report, world: World) -> None:
    links = confirm(seed_report, world.west_editor)

    visit = Visit.objects.get(pairing=world.ours, delegation="仪陇县党政代表团")
    assert visit.start_date == datetime.date(2024, 8, 26) and visit.direction == "west_to_east"
    assert (visit.from_region.name, visit.to_region.name, visit.leader.name) == ("仪陇县", "龙湾区", "郭宗海")
    assert [o.name for o in itinerary(visit)] == SITES
    guo, zhou = Person.objects.get(name="郭宗海"), Person.objects.get(name="周一富")
    assert (guo.pairing, guo.region.code, zhou.region.code) == (world.ours, "511324", "330303")
    assert [(p.title, p.region.code) for p in guo.positions.order_by("pk")] == [
        ("南充市政协副主席", "511300"),
        ("仪陇县委书记", "511324"),
    ]
    assert [(p.title, p.region.name) for p in zhou.positions.order_by("pk")] == [
        ("温州湾新区管委会主任", "温州湾新区"),
        ("龙湾区委书记", "龙湾区"),
    ]
    symposium = Meeting.objects.get()
    assert (symposium.name, symposium.visit, symposium.date) == (SYMPOSIUM, visit, visit.start_date)
    assert set(symposium.participants.values_list("name", flat=True)) == {"郭宗海", "周一富"}
    assert Organisation.objects.filter(pairing=world.ours).count() == 7  # the six sites and the park

    seed_report.refresh_from_db()
    assert seed_report.status == ReportStatus.CONFIRMED
    assert len(links) == ReportLink.objects.filter(report=seed_report).count() == 20
    created = {(link.content_type.model, link.created) for link in links}
    assert ("visit", True) in created and ("pairing", False) in created and ("region", False) in created


def test_each_record_leads_to_the_report_and_back(seed_report: Report, world: World) -> None:
    confirm(seed_report, world.west_editor)
    visit = Visit.objects.get()
    guo = Person.objects.get(name="郭宗海")
    assert list(services.reports_of(visit)) == [seed_report]
    assert list(services.reports_of(guo)) == [seed_report]
    assert list(services.reports_of(world.ours)) == [seed_report]
    records = services.records_of(seed_report)
    assert ("visits.visit", visit) in records and ("people.person", guo) in records
    assert [label for label, _ in records][:4] == ["regions.region"] * 4
    assert all(created for label, _, created in services.record_links(seed_report) if label == "visits.visit")


def test_the_confirmation_is_one_batch_of_the_change_log(seed_report: Report, world: World) -> None:
    confirm(seed_report, world.west_editor)
    seed_report.refresh_from_db()
    visit_change = ChangeLog.objects.get(content_type=ContentType.objects.get_for_model(Visit))
    batch = ChangeLog.objects.filter(batch=visit_change.batch)
    kinds = set(batch.values_list("content_type__model", flat=True))
    assert {"visit", "visitsite", "meeting", "person", "position", "organisation", "report", "reportlink"} <= kinds
    assert set(batch.values_list("actor__username", flat=True)) == {"west"}
    assert batch.filter(content_type__model="report", after__status="confirmed").count() == 1


def test_the_same_report_again_is_already_there(seed_report: Report, world: World, seed_bytes: bytes) -> None:
    again, created = services.add_report(actor=world.east_editor, pairing=world.ours, data=seed_bytes)
    assert (again, created) == (seed_report, False)
    repaired = shared_path("seed", "000_3096654b67945219.repaired.txt").read_text(encoding="utf-8")
    spaced = repaired.replace("，", ", ").replace("\n", "\n\n")
    assert services.add_report(actor=world.west_editor, pairing=world.ours, text=spaced) == (seed_report, False)
    assert Report.objects.count() == 1


def test_the_same_report_in_another_pairing_is_another_report(seed_report: Report, world: World) -> None:
    report, created = services.add_report(actor=world.admin, pairing=world.theirs, text=seed_report.original)
    assert created and report != seed_report


def test_a_confirmed_report_cannot_be_confirmed_again(seed_report: Report, world: World) -> None:
    confirm(seed_report, world.west_editor)
    with pytest.raises(ValidationError, match="confirmed already"):
        confirm(seed_report, world.west_editor)
    assert Visit.objects.count() == 1


def test_only_editors_of_the_pairing_add_and_confirm_its_reports(
    seed_report: Report, world: World, seed_bytes: bytes
) -> None:
    for user in (world.viewer, world.outsider, world.supervisor):
        with pytest.raises(PermissionDenied):
            services.add_report(actor=user, pairing=world.ours, data=seed_bytes)
        with pytest.raises(PermissionDenied):
            confirm(seed_report, user)
    assert Visit.objects.count() == 0
