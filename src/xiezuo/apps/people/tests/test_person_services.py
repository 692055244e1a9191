"""Writing people: one transaction with their first positions, every change logged, only in one's own ledgers."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError

from xiezuo.apps.conftest import World
from xiezuo.apps.core.models import ChangeLog
from xiezuo.apps.core.services import ConflictError
from xiezuo.apps.people import services
from xiezuo.apps.people.models import Person, Position


def changes_of(model: type) -> object:
    return ChangeLog.objects.filter(content_type=ContentType.objects.get_for_model(model))


def test_creating_a_person_with_positions_logs_each_in_one_batch(world: World, guo: Person) -> None:
    assert sorted(guo.positions.values_list("title", flat=True)) == ["仪陇县委书记", "南充市政协副主席"]
    person_change = changes_of(Person).get(object_id=str(guo.pk))
    position_changes = changes_of(Position).filter(action="create")
    assert person_change.actor == world.west_editor and person_change.after["name"] == "郭宗海"
    assert position_changes.count() == 2
    assert {c.batch for c in position_changes} == {person_change.batch} and person_change.batch


def test_a_bad_first_position_saves_nothing(world: World) -> None:
    with pytest.raises(ValidationError) as error:
        services.create_person(
            actor=world.west_editor,
            data={"name": "周一富", "pairing": world.ours},
            positions=[
                {"title": "龙湾区委书记"},
                {"title": "温州湾新区管委会主任", "start_date": date(2023, 5, 1), "end_date": date(2022, 5, 1)},
            ],
        )
    assert "end_date" in error.value.message_dict
    assert not Person.objects.exists() and not Position.objects.exists()
    assert not changes_of(Person).exists() and not changes_of(Position).exists()


def test_names_are_stored_trimmed(world: World) -> None:
    person = services.create_person(actor=world.east_editor, data={"name": "  周一富 ", "pairing": world.ours})
    assert person.name == "周一富"


def test_outsider_cannot_add_a_person_to_our_ledger(world: World) -> None:
    with pytest.raises(PermissionDenied):
        services.create_person(actor=world.outsider, data={"name": "周一富", "pairing": world.ours})
    assert not Person.objects.exists()


def test_viewer_cannot_change_a_person(world: World, guo: Person) -> None:
    with pytest.raises(PermissionDenied):
        services.update_person(guo, actor=world.viewer, data={"note": "x"}, expected_version=guo.version)


def test_stale_person_update_is_refused(world: World, guo: Person) -> None:
    services.update_person(guo, actor=world.west_editor, data={"note": "仪陇县党政代表团团长"}, expected_version=1)
    with pytest.raises(ConflictError):
        services.update_person(guo, actor=world.east_editor, data={"note": "旧的"}, expected_version=1)
    assert Person.objects.get().note == "仪陇县党政代表团团长"


def test_deleting_a_person_logs_their_positions_too(world: World, guo: Person) -> None:
    services.delete_person(guo, actor=world.west_editor, reason="重复录入")
    assert not Person.objects.exists() and not Position.objects.exists()
    deletions = list(changes_of(Position).filter(action="delete")) + list(changes_of(Person).filter(action="delete"))
    assert len(deletions) == 3
    assert len({c.batch for c in deletions}) == 1 and all(c.reason == "重复录入" for c in deletions)


def test_a_person_leading_a_visit_cannot_be_deleted(world: World, guo: Person) -> None:
    from xiezuo.apps.visits.models import Visit

    Visit.objects.create(
        pairing=world.ours,
        direction="west_to_east",
        delegation="仪陇县党政代表团",
        leader=guo,
        start_date=date(2024, 8, 26),
    )
    with pytest.raises(ValidationError) as error:
        services.delete_person(guo, actor=world.west_editor)
    assert "郭宗海" in error.value.messages[0]
    assert Person.objects.filter(pk=guo.pk).exists()
