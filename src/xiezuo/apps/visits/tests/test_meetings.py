"""Meetings: during a visit (on its days, in its pairing) or not, with participants; only by the pairing's editors."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from xiezuo.apps.conftest import World
from xiezuo.apps.core.models import ChangeLog
from xiezuo.apps.people.models import Person
from xiezuo.apps.visits import services
from xiezuo.apps.visits.models import Meeting, Visit
from xiezuo.apps.visits.tests.conftest import DAY


def symposium(**extra: object) -> dict[str, object]:
    return {"name": "龙湾区—仪陇县东西部协作工作座谈会", "date": DAY, **extra}


def test_a_meeting_during_a_visit_takes_the_visits_pairing(
    world: World, seed_visit: Visit, guo: Person, zhou: Person
) -> None:
    meeting = services.add_meeting(
        actor=world.east_editor,
        data=symposium(visit=seed_visit, outcome="双方就未来合作深入交流"),
        m2m={"participants": [guo, zhou]},
    )
    assert meeting.pairing == world.ours and list(seed_visit.meetings.all()) == [meeting]
    assert sorted(p.name for p in meeting.participants.all()) == ["周一富", "郭宗海"]
    change = ChangeLog.objects.get(content_type__model="meeting", object_id=str(meeting.pk))
    assert sorted(change.after["participants"]) == sorted([guo.pk, zhou.pk])


def test_a_meeting_need_not_be_during_a_visit(world: World) -> None:
    meeting = services.add_meeting(
        actor=world.west_editor, data=symposium(name="东西部协作联席会议", pairing=world.ours, date=date(2024, 3, 1))
    )
    assert meeting.visit is None


def test_outsider_cannot_add_a_meeting_to_our_visit(world: World, seed_visit: Visit) -> None:
    with pytest.raises(PermissionDenied):
        services.add_meeting(actor=world.outsider, data=symposium(visit=seed_visit))
    with pytest.raises(PermissionDenied):
        services.add_meeting(actor=world.outsider, data=symposium(visit=seed_visit, pairing=world.theirs))
    assert not Meeting.objects.exists()


def test_a_meeting_outside_the_visits_days_is_refused(world: World, seed_visit: Visit) -> None:
    with pytest.raises(ValidationError) as error:
        services.add_meeting(actor=world.west_editor, data=symposium(visit=seed_visit, date=date(2024, 8, 25)))
    assert error.value.message_dict["date"] == ["The meeting (2024-08-25) is before its visit starts (2024-08-26)."]


def test_a_meeting_cannot_sit_in_another_pairing_than_its_visit(world: World, seed_visit: Visit) -> None:
    with pytest.raises(ValidationError) as error:
        services.add_meeting(actor=world.admin, data=symposium(visit=seed_visit, pairing=world.theirs))
    assert "visit" in error.value.message_dict


def test_updating_a_meeting_changes_its_participants_and_logs_them(
    world: World, seed_visit: Visit, guo: Person, zhou: Person
) -> None:
    meeting = services.add_meeting(
        actor=world.east_editor, data=symposium(visit=seed_visit), m2m={"participants": [guo]}
    )
    services.update_meeting(
        meeting,
        actor=world.west_editor,
        data={"outcome": "共谋发展新机遇"},
        m2m={"participants": [guo, zhou]},
        expected_version=1,
    )
    change = ChangeLog.objects.get(content_type__model="meeting", action="update")
    assert change.before["participants"] == [guo.pk] and sorted(change.after["participants"]) == sorted(
        [guo.pk, zhou.pk]
    )


def test_a_viewer_cannot_change_a_meeting(world: World, seed_visit: Visit) -> None:
    meeting = services.add_meeting(actor=world.east_editor, data=symposium(visit=seed_visit))
    with pytest.raises(PermissionDenied):
        services.update_meeting(meeting, actor=world.viewer, data={"outcome": "x"}, expected_version=1)
