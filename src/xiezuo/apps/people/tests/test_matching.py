"""The ingester's matching helpers: the same person by name and region or organisation, the same organisation
by name in the pairing's ledger or the shared one; positions added only when new."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from xiezuo.apps.conftest import World
from xiezuo.apps.people import services
from xiezuo.apps.people.models import Organisation, Person, Position
from xiezuo.apps.regions.services import division

REPORT_DAY = date(2024, 8, 26)


def test_guo_in_our_pairing_is_found_again_by_name_and_region(world: World, guo: Person, yilong: Any) -> None:
    found, created = services.find_or_create_person("郭宗海", world.ours, actor=world.west_editor, region=yilong)
    assert (found, created) == (guo, False)
    assert Person.objects.count() == 1


def test_a_position_region_identifies_the_person_too(world: World, guo: Person) -> None:
    found, created = services.find_or_create_person(
        "郭 宗海", world.ours, actor=world.west_editor, region=division("511300")
    )
    assert (found, created) == (guo, False)


def test_a_new_position_is_added_only_if_new(world: World, guo: Person, yilong: Any) -> None:
    found, _ = services.find_or_create_person(
        "郭宗海",
        world.ours,
        actor=world.west_editor,
        region=yilong,
        positions=["南充市政协副主席", "仪陇县委书记", "仪陇县党政代表团团长"],
        on=REPORT_DAY,
    )
    assert sorted(found.positions.values_list("title", flat=True)) == [
        "仪陇县党政代表团团长",
        "仪陇县委书记",
        "南充市政协副主席",
    ]
    again, _ = services.find_or_create_person(
        "郭宗海", world.ours, actor=world.west_editor, region=yilong, positions=["仪陇县党政代表团团长"], on=REPORT_DAY
    )
    assert again.positions.count() == 3
    new = found.positions.get(title="仪陇县党政代表团团长")
    assert (new.start_date, new.end_date) == (None, None)


def test_a_title_held_before_and_ended_counts_as_new_later(world: World, guo: Person, yilong: Any) -> None:
    Position.objects.filter(title="仪陇县委书记").update(end_date=date(2023, 12, 31))
    services.find_or_create_person(
        "郭宗海", world.ours, actor=world.west_editor, region=yilong, positions=["仪陇县委书记"], on=REPORT_DAY
    )
    assert guo.positions.filter(title="仪陇县委书记").count() == 2
    services.find_or_create_person(
        "郭宗海", world.ours, actor=world.west_editor, region=yilong, positions=["仪陇县委书记"], on=date(2023, 6, 1)
    )
    assert guo.positions.filter(title="仪陇县委书记").count() == 2


def test_the_same_name_in_another_region_is_another_person(world: World, guo: Person) -> None:
    other, created = services.find_or_create_person(
        "郭宗海", world.ours, actor=world.east_editor, region=division("330303"), positions=["龙湾区某局局长"]
    )
    assert created and other != guo
    assert other.region == division("330303")
    assert list(other.positions.values_list("title", flat=True)) == ["龙湾区某局局长"]


def test_the_same_name_in_another_pairing_is_another_person(world: World, guo: Person, yilong: Any) -> None:
    other, created = services.find_or_create_person("郭宗海", world.theirs, actor=world.outsider, region=yilong)
    assert created and other.pairing == world.theirs


def test_a_person_is_found_by_an_organisation_of_their_positions(world: World) -> None:
    ruipu = Organisation.objects.create(name="瑞浦兰钧能源股份有限公司", pairing=world.ours)
    person = Person.objects.create(name="曹辉", pairing=world.ours)
    Position.objects.create(person=person, title="董事长", organisation=ruipu)
    found, created = services.find_or_create_person("曹辉", world.ours, actor=world.east_editor, organisation=ruipu)
    assert (found, created) == (person, False)


def test_a_lone_person_of_whom_nothing_is_known_is_taken(world: World, yilong: Any) -> None:
    person = Person.objects.create(name="郭宗海", pairing=world.ours)
    found, created = services.find_or_create_person("郭宗海", world.ours, actor=world.west_editor, region=yilong)
    assert (found, created) == (person, False)


def test_several_people_of_a_name_and_no_hint_is_left_to_the_reviewer(world: World, guo: Person) -> None:
    Person.objects.create(name="郭宗海", pairing=world.ours, region=division("330303"))
    with pytest.raises(ValidationError) as error:
        services.find_or_create_person("郭宗海", world.ours, actor=world.west_editor)
    assert "2 people are called 郭宗海" in error.value.messages[0]


def test_a_new_person_takes_the_region_of_their_organisation(world: World) -> None:
    longwan = division("330303")
    ruipu = Organisation.objects.create(name="瑞浦兰钧能源股份有限公司", pairing=world.ours, region=longwan)
    person, created = services.find_or_create_person(
        "曹辉",
        world.ours,
        actor=world.east_editor,
        organisation=ruipu,
        positions=[{"title": "董事长", "organisation": ruipu}],
    )
    assert created and person.region == longwan
    assert person.positions.get().organisation == ruipu


def test_outsider_cannot_match_into_our_ledger(world: World, guo: Person, yilong: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.find_or_create_person("郭宗海", world.ours, actor=world.outsider, region=yilong)
    with pytest.raises(PermissionDenied):
        services.find_or_create_organisation("万洋科技城", world.ours, actor=world.outsider)


def test_an_organisation_is_found_by_name_in_the_pairing_or_shared(world: World) -> None:
    ours = Organisation.objects.create(name="万洋科技城", pairing=world.ours)
    shared = Organisation.objects.create(name="国科温州研究院", pairing=None)
    Organisation.objects.create(name="中国眼谷小镇", pairing=world.theirs)
    assert services.find_or_create_organisation("万洋科技城", world.ours, actor=world.east_editor) == (ours, False)
    assert services.find_or_create_organisation("国科温州研究院 ", world.ours, actor=world.east_editor) == (
        shared,
        False,
    )
    eye_valley, created = services.find_or_create_organisation(
        "中国眼谷小镇", world.ours, actor=world.east_editor, type="park"
    )
    assert created and (eye_valley.pairing, eye_valley.type) == (world.ours, "park")


def test_the_pairings_own_organisation_comes_before_a_shared_one(world: World) -> None:
    Organisation.objects.create(name="万洋科技城", pairing=None)
    ours = Organisation.objects.create(name="万洋科技城", pairing=world.ours)
    assert services.match_organisation("万洋 科技城", world.ours) == ours


def test_full_width_and_spacing_variants_match(world: World) -> None:
    abc = Organisation.objects.create(name="ABC能源有限公司", pairing=world.ours)
    assert services.match_organisation("ＡＢＣ能源 有限公司", world.ours) == abc
