"""Review: a reviewer's edits are kept (checked, matched again, logged), items can be dropped, stale edits are
refused; a rejected report is kept with its reason; a confirmation writes all of its records or none."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from xiezuo.apps.conftest import World
from xiezuo.apps.core.models import ChangeLog
from xiezuo.apps.core.services import ConflictError
from xiezuo.apps.people.models import Organisation, Person, Position
from xiezuo.apps.regions.models import Region
from xiezuo.apps.reports import proposals, services
from xiezuo.apps.reports.choices import ReportStatus
from xiezuo.apps.reports.models import Report, ReportLink
from xiezuo.apps.reports.tests import test_services_support as support
from xiezuo.apps.reports.tests.test_services_support import SITES, confirm, item
from xiezuo.apps.visits.models import Meeting, Visit, VisitSite
from xiezuo.apps.visits.services import itinerary

# Fixtures shared by the reports tests.
english = support.english
seed_bytes = support.seed_bytes
seed_report = support.seed_report

pytestmark = pytest.mark.usefixtures("english")


def save(report: Report, world: World, edits: dict[str, dict[str, Any]]) -> Report:
    proposal = proposals.apply_edits(report.proposal, edits)
    return services.save_proposal(report, actor=world.west_editor, proposal=proposal, expected_version=report.version)


def errors_of(caught: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return caught.value.message_dict


def test_edits_are_kept_and_logged(seed_report: Report, world: World) -> None:
    visit = item(seed_report, "visits", delegation="仪陇县党政代表团")
    saved = save(seed_report, world, {visit["id"]: {"delegation": "仪陇县党政考察团", "date": "2024-08-25"}})
    assert saved.version == seed_report.version + 1
    edited = item(saved, "visits", id=visit["id"])
    assert (edited["delegation"], edited["date"], edited["info"]["date"]["source"]) == (
        "仪陇县党政考察团",
        "2024-08-25",
        "reviewer",
    )
    change = ChangeLog.objects.filter(object_id=str(seed_report.pk), content_type__model="report").first()
    assert change is not None and change.action == "update" and change.reason == "proposal reviewed"
    confirm(saved, world.west_editor)
    assert Visit.objects.get().delegation == "仪陇县党政考察团"


def test_a_skipped_organisation_is_no_site_and_is_not_created(seed_report: Report, world: World) -> None:
    dropped = item(seed_report, "organisations", name="万洋科技城")
    saved = save(seed_report, world, {dropped["id"]: {"action": "skip"}})
    confirm(saved, world.west_editor)
    assert [o.name for o in itinerary(Visit.objects.get())] == [s for s in SITES if s != "万洋科技城"]
    assert not Organisation.objects.filter(name="万洋科技城").exists()


def test_a_skipped_person_is_neither_created_nor_a_participant(seed_report: Report, world: World) -> None:
    zhou = item(seed_report, "people", name="周一富")
    confirm(save(seed_report, world, {zhou["id"]: {"action": "skip"}}), world.west_editor)
    assert list(Person.objects.values_list("name", flat=True)) == ["郭宗海"]
    assert list(Meeting.objects.get().participants.values_list("name", flat=True)) == ["郭宗海"]


def test_renaming_an_item_matches_it_again(seed_report: Report, world: World) -> None:
    existing = Organisation.objects.create(name="万洋众创城", pairing=world.ours)
    renamed = item(seed_report, "organisations", name="万洋科技城")
    saved = save(seed_report, world, {renamed["id"]: {"name": "万洋众创城"}})
    after = item(saved, "organisations", id=renamed["id"])
    assert (after["match"]["pk"], after["action"]) == (existing.pk, "link")
    assert proposals.notes_of(after) == ["Matched again against the ledger as it is now."]


def test_every_problem_is_named_by_item(seed_report: Report, world: World) -> None:
    visit = item(seed_report, "visits", delegation="仪陇县党政代表团")
    guo = item(seed_report, "people", name="郭宗海")
    projects = item(seed_report, "projects", count=53)
    region = item(seed_report, "regions", name="龙湾区")
    with pytest.raises(ValidationError) as caught:
        save(
            seed_report,
            world,
            {
                visit["id"]: {"date": "26/08/2024"},
                guo["id"]: {"name": "", "action": "link"},
                projects["id"]: {"action": "create"},
                region["id"]: {"code": "999999"},
            },
        )
    errors = errors_of(caught)
    assert errors[visit["id"]] == ["“26/08/2024” is not a date (YYYY-MM-DD)."]
    assert "Give the name." in errors[guo["id"]]
    assert "There is no existing record to link to: create it or skip it." in errors[guo["id"]]
    assert errors[projects["id"]] == ["This is what the report states, not a record: it can only be skipped."]
    assert errors[region["id"]] == ["999999 is not a GB/T 2260 division code."]
    seed_report.refresh_from_db()
    assert item(seed_report, "visits", id=visit["id"])["date"] == "2024-08-26"


def test_a_leader_who_is_nobody_is_refused(seed_report: Report, world: World) -> None:
    visit = item(seed_report, "visits", delegation="仪陇县党政代表团")
    with pytest.raises(ValidationError) as caught:
        save(seed_report, world, {visit["id"]: {"leader": "王某某", "to_region": "火星"}})
    assert errors_of(caught)[visit["id"]] == [
        "The leader 王某某 is neither among the people of the report nor in the ledger.",
        "No region is called “火星”.",
    ]


def test_only_editable_values_can_be_changed(seed_report: Report) -> None:
    with pytest.raises(ValidationError):
        proposals.apply_edits(seed_report.proposal, {"person-1": {"match": None}})
    with pytest.raises(ValidationError):
        proposals.apply_edits(seed_report.proposal, {"person-99": {"action": "skip"}})


def test_a_stale_edit_is_refused(seed_report: Report, world: World) -> None:
    stale = seed_report.version
    save(seed_report, world, {"person-2": {"action": "skip"}})
    with pytest.raises(ConflictError):
        services.save_proposal(
            seed_report, actor=world.east_editor, proposal=seed_report.proposal, expected_version=stale
        )
    with pytest.raises(ConflictError):
        services.confirm_report(seed_report, actor=world.east_editor, expected_version=stale)
    assert Visit.objects.count() == 0


def test_a_visit_without_its_date_cannot_be_confirmed(world: World) -> None:
    report, _ = services.add_report(
        actor=world.west_editor, pairing=world.ours, text="仪陇县党政代表团来龙湾区考察交流。"
    )
    visit = item(report, "visits", delegation="仪陇县党政代表团")
    assert visit["date"] is None
    assert "The report gives no full date for the visit; give it before confirming." in proposals.notes_of(visit)
    with pytest.raises(ValidationError) as caught:
        confirm(report, world.west_editor)
    assert "Give the date of the visit (YYYY-MM-DD)." in errors_of(caught)[visit["id"]]


def test_a_rejected_report_is_kept_with_its_reason(seed_report: Report, world: World) -> None:
    with pytest.raises(ValidationError):
        services.reject_report(seed_report, actor=world.west_editor, reason="  ")
    rejected = services.reject_report(seed_report, actor=world.west_editor, reason="重复报道，已由县融媒体中心录入")
    assert (rejected.status, rejected.reason) == (ReportStatus.REJECTED, "重复报道，已由县融媒体中心录入")
    assert Report.objects.filter(pk=seed_report.pk).exists()
    change = ChangeLog.objects.filter(object_id=str(seed_report.pk), content_type__model="report").first()
    assert change is not None and change.reason == "重复报道，已由县融媒体中心录入"
    assert change.after["status"] == "rejected"
    with pytest.raises(ValidationError, match="rejected; reopen it first"):
        confirm(seed_report, world.west_editor)
    reopened = services.reopen_report(seed_report, actor=world.west_editor)
    assert (reopened.status, reopened.reason) == (ReportStatus.PENDING, "")
    confirm(reopened, world.west_editor)
    assert Visit.objects.count() == 1


def counts() -> dict[str, int]:
    models = (Region, Organisation, Person, Position, Visit, VisitSite, Meeting, ReportLink, ChangeLog)
    return {model.__name__: model.objects.count() for model in models}


def test_a_confirmation_that_fails_halfway_writes_nothing(
    seed_report: Report, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fourth position fails (after organisations, people and three positions are written): all are undone."""
    from xiezuo.apps.people import services as people

    real = people.add_position
    calls = []

    def failing(*args: Any, **kwargs: Any) -> Position:
        calls.append(kwargs["data"]["title"])
        if len(calls) == 4:
            raise ValidationError({"title": "the position could not be written"})
        return real(*args, **kwargs)

    monkeypatch.setattr(people, "add_position", failing)
    before = counts()
    with pytest.raises(ValidationError) as caught:
        confirm(seed_report, world.west_editor)
    assert errors_of(caught) == {"person-2": ["the position could not be written"]}
    assert len(calls) == 4
    assert counts() == before
    seed_report.refresh_from_db()
    assert seed_report.status == ReportStatus.PENDING


def test_a_meeting_that_cannot_be_written_undoes_the_visit(
    seed_report: Report, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    from xiezuo.apps.visits import services as visits

    def failing(**kwargs: Any) -> Meeting:
        raise ValidationError({"date": "The meeting (2024-08-25) is before its visit starts (2024-08-26)."})

    monkeypatch.setattr(visits, "add_meeting", failing)
    before = counts()
    with pytest.raises(ValidationError) as caught:
        confirm(seed_report, world.west_editor)
    assert list(errors_of(caught)) == ["visit-1"]
    assert counts() == before and Visit.objects.count() == 0
    monkeypatch.undo()
    confirm(seed_report, world.west_editor)
    assert (Visit.objects.count(), Meeting.objects.count()) == (1, 1)
