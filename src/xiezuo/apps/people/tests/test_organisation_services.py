"""Organisations: a type and a region, one name per ledger, shared ones kept by administrators."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from xiezuo.apps.conftest import World
from xiezuo.apps.core.models import ChangeLog
from xiezuo.apps.people import services
from xiezuo.apps.people.models import Organisation
from xiezuo.apps.regions.services import division


def test_an_editor_adds_an_organisation_with_type_and_region(world: World) -> None:
    longwan = division("330303")
    ruipu = services.create_organisation(
        actor=world.east_editor,
        data={"name": "瑞浦兰钧能源股份有限公司", "type": "enterprise", "region": longwan, "pairing": world.ours},
    )
    assert (ruipu.get_type_display(), ruipu.region, ruipu.pairing) == ("Enterprise", longwan, world.ours)
    assert (
        ChangeLog.objects.get(object_id=str(ruipu.pk), action="create", content_type__model="organisation").actor
        == world.east_editor
    )


def test_the_same_name_twice_in_one_ledger_is_refused_clearly(world: World) -> None:
    data = {"name": "万洋科技城", "type": "park", "pairing": world.ours}
    services.create_organisation(actor=world.east_editor, data=data)
    with pytest.raises(ValidationError) as error:
        services.create_organisation(actor=world.west_editor, data={**data, "name": " 万洋科技城 "})
    assert error.value.message_dict["name"] == [
        "An organisation called “万洋科技城” is in this pairing's ledger already."
    ]
    other = services.create_organisation(actor=world.outsider, data={**data, "pairing": world.theirs})
    assert other.pairing == world.theirs


def test_only_administrators_add_shared_organisations(world: World) -> None:
    with pytest.raises(PermissionDenied) as error:
        services.create_organisation(actor=world.east_editor, data={"name": "国科温州研究院", "pairing": None})
    assert "administrators" in str(error.value)
    shared = services.create_organisation(
        actor=world.admin, data={"name": "国科温州研究院", "type": "research_institute", "pairing": None}
    )
    with pytest.raises(ValidationError):
        services.create_organisation(actor=world.admin, data={"name": "国科温州研究院", "pairing": None})
    with pytest.raises(PermissionDenied):
        services.update_organisation(shared, actor=world.east_editor, data={"note": "x"}, expected_version=1)


def test_renaming_onto_another_organisation_is_refused(world: World) -> None:
    services.create_organisation(actor=world.east_editor, data={"name": "中国眼谷小镇", "pairing": world.ours})
    other = services.create_organisation(actor=world.east_editor, data={"name": "眼谷", "pairing": world.ours})
    with pytest.raises(ValidationError):
        services.update_organisation(other, actor=world.east_editor, data={"name": "中国眼谷小镇"}, expected_version=1)
    renamed = services.update_organisation(
        other, actor=world.east_editor, data={"name": "中国眼谷", "type": "park"}, expected_version=1
    )
    assert (renamed.name, renamed.version) == ("中国眼谷", 2)


def test_an_organisation_on_an_itinerary_cannot_be_deleted(world: World) -> None:
    from xiezuo.apps.visits.models import Visit, VisitSite

    ruipu = services.create_organisation(actor=world.east_editor, data={"name": "瑞浦兰钧", "pairing": world.ours})
    visit = Visit.objects.create(
        pairing=world.ours, direction="west_to_east", delegation="仪陇县党政代表团", start_date=date(2024, 8, 26)
    )
    VisitSite.objects.create(visit=visit, order=1, organisation=ruipu)
    with pytest.raises(ValidationError) as error:
        services.delete_organisation(ruipu, actor=world.east_editor)
    assert "a site of 1 visit(s)" in error.value.messages[0]
    VisitSite.objects.all().delete()
    services.delete_organisation(ruipu, actor=world.east_editor)
    assert not Organisation.objects.exists()
