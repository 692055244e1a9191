"""Replacing a visit's itinerary: atomically, in order, names resolved within the pairing, unknown ones named."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from xiezuo.apps.conftest import World
from xiezuo.apps.core.models import ChangeLog
from xiezuo.apps.core.services import ConflictError
from xiezuo.apps.people.models import Organisation
from xiezuo.apps.visits import services
from xiezuo.apps.visits.models import Visit, VisitSite


def names(visit: Visit) -> list[str]:
    return [o.name for o in services.itinerary(visit)]


def test_reordering_keeps_unmoved_sites_and_renumbers_the_rest(world: World, seed_visit: Visit) -> None:
    first, second, third, *rest = services.itinerary(seed_visit)
    kept = VisitSite.objects.get(visit=seed_visit, order=1).pk
    last = ChangeLog.objects.order_by("-pk").first().pk
    services.set_itinerary(
        seed_visit, [first, third, second, *rest], actor=world.east_editor, expected_version=seed_visit.version
    )
    assert names(seed_visit)[:3] == [first.name, third.name, second.name]
    assert VisitSite.objects.get(visit=seed_visit, order=1).pk == kept
    assert list(VisitSite.objects.filter(visit=seed_visit).values_list("order", flat=True)) == [1, 2, 3, 4, 5, 6]
    changes = ChangeLog.objects.filter(pk__gt=last)
    assert sorted((c.content_type.model, c.action) for c in changes) == [
        ("visit", "update"),  # the visit's version, claimed so that stale edits are refused
        ("visitsite", "create"),
        ("visitsite", "create"),
        ("visitsite", "delete"),
        ("visitsite", "delete"),
    ]
    assert len({c.batch for c in changes}) == 1


def test_an_unchanged_itinerary_writes_nothing(world: World, seed_visit: Visit) -> None:
    before = ChangeLog.objects.count()
    visit = services.set_itinerary(
        seed_visit, services.itinerary(seed_visit), actor=world.east_editor, expected_version=seed_visit.version
    )
    assert ChangeLog.objects.count() == before and visit.version == seed_visit.version


def test_a_stale_itinerary_edit_is_refused_and_changes_nothing(world: World, seed_visit: Visit) -> None:
    sites = services.itinerary(seed_visit)
    services.set_itinerary(seed_visit, sites[:3], actor=world.east_editor, expected_version=1)
    with pytest.raises(ConflictError):
        services.set_itinerary(seed_visit, sites[::-1], actor=world.west_editor, expected_version=1)
    assert names(seed_visit) == [o.name for o in sites[:3]]


def test_names_resolve_within_the_pairing_and_the_shared_organisations(world: World, seed_visit: Visit) -> None:
    shared = Organisation.objects.create(name="温州肯恩大学", pairing=None)
    Organisation.objects.create(name="长宁县竹产业园", pairing=world.theirs)
    services.set_itinerary_by_names(
        seed_visit,
        "1. 中国眼谷小镇\n2、万洋 科技城\n\n温州肯恩大学、瑞浦兰钧能源股份有限公司",
        actor=world.west_editor,
        expected_version=seed_visit.version,
    )
    assert names(seed_visit) == ["中国眼谷小镇", "万洋科技城", shared.name, "瑞浦兰钧能源股份有限公司"]


def test_unknown_names_are_all_reported_and_nothing_is_written(world: World, seed_visit: Visit) -> None:
    Organisation.objects.create(name="长宁县竹产业园", pairing=world.theirs)
    before = names(seed_visit)
    with pytest.raises(ValidationError) as error:
        services.set_itinerary_by_names(
            seed_visit,
            "中国眼谷小镇\n长宁县竹产业园\n温州机场",
            actor=world.west_editor,
            expected_version=seed_visit.version,
        )
    message = error.value.message_dict["sites"][0]
    assert "长宁县竹产业园、温州机场" in message and "中国眼谷小镇" not in message
    assert names(seed_visit) == before


def test_unknown_names_can_be_added_as_organisations_of_the_pairing(world: World, seed_visit: Visit) -> None:
    services.set_itinerary_by_names(
        seed_visit, "中国眼谷小镇\n温州机场", actor=world.west_editor, expected_version=1, create_missing=True
    )
    airport = Organisation.objects.get(name="温州机场")
    assert (airport.pairing, airport.type) == (world.ours, "other")
    assert names(seed_visit) == ["中国眼谷小镇", "温州机场"]


def test_a_name_listed_twice_is_refused(world: World, seed_visit: Visit) -> None:
    with pytest.raises(ValidationError) as error:
        services.set_itinerary_by_names(
            seed_visit, "万洋科技城\n中国眼谷小镇\n万洋科技城", actor=world.west_editor, expected_version=1
        )
    assert "万洋科技城" in error.value.message_dict["sites"][0]


def test_outsider_cannot_change_our_itinerary(world: World, seed_visit: Visit) -> None:
    with pytest.raises(PermissionDenied):
        services.set_itinerary_by_names(seed_visit, "中国眼谷小镇", actor=world.outsider, expected_version=1)
    with pytest.raises(PermissionDenied):
        services.set_itinerary(seed_visit, services.itinerary(seed_visit), actor=world.viewer, expected_version=1)
    assert len(names(seed_visit)) == 6
