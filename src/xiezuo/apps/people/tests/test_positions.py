"""Positions are dated records: several at once, ended and replaced over time, never ending before they start."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from xiezuo.apps.conftest import World
from xiezuo.apps.core.models import ChangeLog
from xiezuo.apps.core.services import ConflictError
from xiezuo.apps.people import services
from xiezuo.apps.people.models import Organisation, Person, Position


def test_person_holds_two_positions_at_once(world: World, guo: Person) -> None:
    held = guo.positions_on(date(2024, 8, 26))
    assert sorted(p.title for p in held) == ["仪陇县委书记", "南充市政协副主席"]


def test_a_position_ending_before_it_starts_is_refused_with_a_clear_message(world: World, guo: Person) -> None:
    with pytest.raises(ValidationError) as error:
        services.add_position(
            guo,
            actor=world.west_editor,
            data={"title": "仪陇县县长", "start_date": date(2020, 3, 1), "end_date": date(2019, 3, 1)},
        )
    assert error.value.message_dict["end_date"] == ["A position cannot end (2019-03-01) before it starts (2020-03-01)."]
    assert guo.positions.count() == 2


def test_ending_a_position_keeps_it_as_past_and_logs_the_change(world: World, guo: Person) -> None:
    secretary = guo.positions.get(title="仪陇县委书记")
    services.end_position(secretary, actor=world.west_editor, end_date=date(2025, 1, 5), expected_version=1)
    services.add_position(guo, actor=world.west_editor, data={"title": "南充市委常委", "start_date": date(2025, 1, 6)})
    assert sorted(p.title for p in guo.positions_on(date(2024, 8, 26))) == ["仪陇县委书记", "南充市政协副主席"]
    assert sorted(p.title for p in guo.positions_on(date(2025, 3, 1))) == ["南充市委常委", "南充市政协副主席"]
    change = ChangeLog.objects.get(action="update", object_id=str(secretary.pk), content_type__model="position")
    assert ("end_date", None, "2025-01-05") in change.changed_fields


def test_ending_a_position_before_its_start_is_refused(world: World, guo: Person) -> None:
    secretary = guo.positions.get(title="仪陇县委书记")
    with pytest.raises(ValidationError) as error:
        services.end_position(secretary, actor=world.west_editor, end_date=date(2020, 1, 1), expected_version=1)
    assert "before it starts (2021-06-01)" in error.value.message_dict["end_date"][0]
    assert Position.objects.get(pk=secretary.pk).end_date is None


def test_a_stale_position_edit_is_refused(world: World, guo: Person) -> None:
    secretary = guo.positions.get(title="仪陇县委书记")
    services.update_position(secretary, actor=world.west_editor, data={"title": "中共仪陇县委书记"}, expected_version=1)
    with pytest.raises(ConflictError):
        services.end_position(secretary, actor=world.east_editor, end_date=date(2025, 1, 5), expected_version=1)


def test_outsider_cannot_add_a_position_to_our_person(world: World, guo: Person) -> None:
    with pytest.raises(PermissionDenied):
        services.add_position(guo, actor=world.outsider, data={"title": "县长"})
    assert guo.positions.count() == 2


def test_a_position_cannot_name_an_organisation_the_editor_cannot_see(world: World, guo: Person) -> None:
    theirs = Organisation.objects.create(name="长宁县某公司", pairing=world.theirs)
    with pytest.raises(PermissionDenied):
        services.add_position(guo, actor=world.west_editor, data={"title": "顾问", "organisation": theirs})


def test_a_position_through_the_generic_hook_names_its_person(world: World, guo: Person) -> None:
    position = services.create_position(actor=world.west_editor, data={"person": guo, "title": "县委常委"})
    assert position.person == guo
    with pytest.raises(ValidationError):
        services.create_position(actor=world.west_editor, data={"title": "县委常委"})
