"""Writing visits: the itinerary in order with the visit, dates that make sense, every change logged."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from xiezuo.apps.conftest import World
from xiezuo.apps.core.models import ChangeLog
from xiezuo.apps.people.models import Organisation, Person
from xiezuo.apps.visits import services
from xiezuo.apps.visits.models import Meeting, Visit, VisitSite
from xiezuo.apps.visits.tests.conftest import DAY, SITES


def visit_data(world: World, **extra: object) -> dict[str, object]:
    return {
        "pairing": world.ours,
        "direction": "west_to_east",
        "delegation": "仪陇县党政代表团",
        "start_date": DAY,
        **extra,
    }


def test_visit_sites_keep_their_order(world: World, seed_visit: Visit) -> None:
    assert [o.name for o in services.itinerary(seed_visit)] == [name for name, _ in SITES]
    assert list(seed_visit.sites.order_by("order").values_list("order", flat=True)) == [1, 2, 3, 4, 5, 6]


def test_creating_a_visit_logs_the_visit_and_each_site_in_one_batch(world: World, seed_visit: Visit) -> None:
    visit_change = ChangeLog.objects.get(content_type__model="visit", object_id=str(seed_visit.pk))
    site_changes = ChangeLog.objects.filter(content_type__model="visitsite")
    assert visit_change.actor == world.west_editor and visit_change.after["delegation"] == "仪陇县党政代表团"
    assert site_changes.count() == 6 and {c.batch for c in site_changes} == {visit_change.batch}
    assert visit_change.after["members"] == [Person.objects.get(name="李明").pk]


def test_a_visit_ending_before_it_starts_is_refused_clearly(world: World) -> None:
    with pytest.raises(ValidationError) as error:
        services.create_visit(actor=world.west_editor, data=visit_data(world, end_date=date(2024, 8, 25)))
    assert error.value.message_dict["end_date"] == ["A visit cannot end (2024-08-25) before it starts (2024-08-26)."]
    assert not Visit.objects.exists()


def test_outsider_cannot_record_a_visit_in_our_pairing(world: World) -> None:
    with pytest.raises(PermissionDenied):
        services.create_visit(actor=world.outsider, data=visit_data(world))
    assert not Visit.objects.exists()


def test_a_leader_from_a_ledger_the_editor_cannot_see_is_refused(world: World) -> None:
    stranger = Person.objects.create(name="王某", pairing=world.theirs)
    with pytest.raises(PermissionDenied):
        services.create_visit(actor=world.west_editor, data=visit_data(world, leader=stranger))


def test_a_bad_site_saves_no_visit(world: World, sites: list[Organisation]) -> None:
    with pytest.raises(ValidationError):
        services.create_visit(actor=world.west_editor, data=visit_data(world), sites=[sites[0], sites[1], sites[0]])
    assert not Visit.objects.exists() and not VisitSite.objects.exists()


def test_updating_a_visit_with_sites_replaces_the_itinerary(world: World, seed_visit: Visit) -> None:
    sites = services.itinerary(seed_visit)
    updated = services.update_visit(
        seed_visit,
        actor=world.east_editor,
        data={"end_date": date(2024, 8, 27)},
        expected_version=seed_visit.version,
        sites=[sites[5], sites[0]],
    )
    assert updated.end_date == date(2024, 8, 27)
    assert [o.name for o in services.itinerary(updated)] == ["中国眼谷小镇", "瑞浦兰钧能源股份有限公司"]


def test_deleting_a_visit_deletes_its_sites_and_meetings_each_logged(world: World, seed_visit: Visit) -> None:
    Meeting.objects.create(pairing=world.ours, visit=seed_visit, name="东西部协作工作座谈会", date=DAY)
    services.delete_visit(seed_visit, actor=world.west_editor, reason="录入错误")
    assert not Visit.objects.exists() and not VisitSite.objects.exists() and not Meeting.objects.exists()
    deletions = ChangeLog.objects.filter(action="delete")
    assert deletions.count() == 8 and len({c.batch for c in deletions}) == 1
    assert Organisation.objects.count() == 6  # the sites' organisations stay


def test_viewer_cannot_delete_a_visit(world: World, seed_visit: Visit) -> None:
    with pytest.raises(PermissionDenied):
        services.delete_visit(seed_visit, actor=world.viewer)
    assert VisitSite.objects.count() == 6
