"""Writing the cooperation ledgers through cooperation.services: validated, logged, scoped."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from xiezuo.apps.conftest import World, make_record
from xiezuo.apps.cooperation import services
from xiezuo.apps.cooperation.models import (
    ConsumptionRecord,
    Donation,
    IndustrialPark,
    InvestmentInflow,
    InvestmentLead,
    LabourPlacement,
    Secondment,
    StudentAid,
    VolunteerService,
)
from xiezuo.apps.core.models import ChangeLog
from xiezuo.apps.people.models import Person


def log_of(model: type) -> Any:
    return ChangeLog.objects.filter(content_type=ContentType.objects.get_for_model(model))


# (model, create service, valid data for "our" pairing)
def secondment(world: World) -> dict[str, Any]:
    return {
        "pairing": world.ours,
        "name": "张三",
        "kind": "health",
        "direction": "east_to_west",
        "host_organisation": "仪陇县人民医院",
        "start_date": date(2024, 3, 1),
        "end_date": date(2024, 9, 1),
    }


def labour(world: World) -> dict[str, Any]:
    return {
        "pairing": world.ours,
        "period_start": date(2024, 1, 1),
        "period_end": date(2024, 6, 30),
        "workers": 120,
        "formerly_poor": 80,
        "destination": "eastern_partner",
    }


def consumption(world: World) -> dict[str, Any]:
    return {
        "pairing": world.ours,
        "period_start": date(2024, 1, 1),
        "period_end": date(2024, 3, 31),
        "product": "仪陇酱香土鸡",
        "channel": "live_streaming",
        "kind": "helped_to_sell",
        "amount_yuan": Decimal("1250000.50"),
    }


def park(world: World) -> dict[str, Any]:
    return {"pairing": world.ours, "name": "温州·仪陇共建产业园", "established": date(2022, 5, 1)}


def lead(world: World) -> dict[str, Any]:
    return {
        "pairing": world.ours,
        "enterprise": "瑞浦兰钧能源股份有限公司",
        "stage": "signed",
        "agreed_investment_yuan": Decimal("50000000"),
        "jobs_created": 300,
        "signed_on": date(2024, 4, 2),
    }


def inflow(world: World) -> dict[str, Any]:
    return {"lead": make_record(InvestmentLead, world.ours), "date": date(2024, 5, 1), "amount_yuan": Decimal("3e6")}


def donation(world: World) -> dict[str, Any]:
    return {
        "pairing": world.ours,
        "donor": "温州市龙湾区商会",
        "donor_kind": "association",
        "kind": "goods",
        "value_yuan": Decimal("80000"),
        "date": date(2024, 6, 1),
        "purpose": "助学物资",
    }


def student_aid(world: World) -> dict[str, Any]:
    return {"pairing": world.ours, "students": 30, "amount_yuan": Decimal("60000"), "date": date(2024, 9, 1)}


def volunteering(world: World) -> dict[str, Any]:
    return {
        "pairing": world.ours,
        "date": date(2024, 7, 1),
        "activity": "暑期支教",
        "volunteers": 12,
        "hours": Decimal("96.5"),
    }


CASES: list[tuple[type, Callable[..., Any], Callable[[World], dict[str, Any]]]] = [
    (Secondment, services.create_secondment, secondment),
    (LabourPlacement, services.create_labour_placement, labour),
    (ConsumptionRecord, services.create_consumption_record, consumption),
    (IndustrialPark, services.create_park, park),
    (InvestmentLead, services.create_lead, lead),
    (InvestmentInflow, services.add_inflow, inflow),
    (Donation, services.create_donation, donation),
    (StudentAid, services.create_student_aid, student_aid),
    (VolunteerService, services.create_volunteer_service, volunteering),
]
IDS = [model.__name__ for model, _create, _data in CASES]


@pytest.mark.parametrize(("model", "create", "data"), CASES, ids=IDS)
def test_an_editor_creates_a_record_and_the_change_log_says_so(
    world: World, model: type, create: Callable[..., Any], data: Callable[[World], dict[str, Any]]
) -> None:
    record = create(actor=world.west_editor, data=data(world), reason="年度台账")
    assert model.objects.filter(pk=record.pk).exists()  # type: ignore[attr-defined]
    change = log_of(model).get(object_id=str(record.pk))
    assert (change.action, change.actor, change.reason) == ("create", world.west_editor, "年度台账")
    assert change.before is None and change.after["id"] == record.pk


@pytest.mark.parametrize(("model", "create", "data"), CASES, ids=IDS)
def test_an_outsider_cannot_add_to_our_pairing(
    world: World, model: type, create: Callable[..., Any], data: Callable[[World], dict[str, Any]]
) -> None:
    values = data(world)
    before = model.objects.count()  # type: ignore[attr-defined]
    with pytest.raises(PermissionDenied):
        create(actor=world.outsider, data=values)
    assert model.objects.count() == before  # type: ignore[attr-defined]
    assert not log_of(model).exists()


@pytest.mark.parametrize(("model", "create", "data"), CASES, ids=IDS)
def test_a_viewer_cannot_add_either(
    world: World, model: type, create: Callable[..., Any], data: Callable[[World], dict[str, Any]]
) -> None:
    with pytest.raises(PermissionDenied):
        create(actor=world.viewer, data=data(world))


def refused(create: Callable[..., Any], world: World, data: dict[str, Any], field: str) -> str:
    """The message of the refusal on `field`; nothing is written."""
    logged = ChangeLog.objects.count()
    with pytest.raises(ValidationError) as raised:
        create(actor=world.west_editor, data=data)
    assert field in raised.value.error_dict
    assert ChangeLog.objects.count() == logged
    return " ".join(raised.value.message_dict[field])


def test_a_secondment_cannot_end_before_it_starts(world: World) -> None:
    data = {**secondment(world), "end_date": date(2024, 2, 1)}
    message = refused(services.create_secondment, world, data, "end_date")
    assert "2024-02-01" in message and "2024-03-01" in message
    assert not Secondment.objects.exists()


def test_a_secondment_names_someone_and_takes_the_persons_name(world: World) -> None:
    refused(services.create_secondment, world, {**secondment(world), "name": " "}, "name")
    person = Person.objects.create(name="李四", pairing=world.ours)
    record = services.create_secondment(
        actor=world.east_editor, data={**secondment(world), "name": "", "person": person}
    )
    assert record.name == "李四"


def test_a_secondment_cannot_refer_to_a_person_of_another_pairing(world: World) -> None:
    stranger = Person.objects.create(name="王五", pairing=world.theirs)
    with pytest.raises(PermissionDenied):
        services.create_secondment(actor=world.east_editor, data={**secondment(world), "person": stranger})


def test_formerly_poor_workers_cannot_exceed_workers(world: World) -> None:
    message = refused(services.create_labour_placement, world, {**labour(world), "formerly_poor": 130}, "formerly_poor")
    assert "130" in message and "120" in message
    assert not LabourPlacement.objects.exists()


def test_an_update_keeps_formerly_poor_within_the_stored_workers(world: World) -> None:
    placement = services.create_labour_placement(actor=world.west_editor, data=labour(world))
    with pytest.raises(ValidationError):
        services.update_labour_placement(placement, actor=world.east_editor, data={"workers": 50}, expected_version=1)
    updated = services.update_labour_placement(
        placement, actor=world.east_editor, data={"workers": 80}, expected_version=1
    )
    assert (updated.workers, updated.version) == (80, 2)
    assert list(log_of(LabourPlacement).values_list("action", flat=True).order_by("pk")) == ["create", "update"]


def test_a_consumption_period_cannot_end_before_it_starts(world: World) -> None:
    data = {**consumption(world), "period_end": date(2023, 12, 31)}
    refused(services.create_consumption_record, world, data, "period_end")


def test_a_negative_consumption_amount_is_refused(world: World) -> None:
    refused(
        services.create_consumption_record, world, {**consumption(world), "amount_yuan": Decimal("-1")}, "amount_yuan"
    )


def test_a_park_with_leads_is_not_deleted(world: World) -> None:
    our_park = services.create_park(actor=world.west_editor, data=park(world))
    our_lead = services.create_lead(actor=world.west_editor, data={**lead(world), "park": our_park})
    with pytest.raises(ValidationError) as raised:
        services.delete_park(our_park, actor=world.west_editor)
    assert "1" in str(raised.value) and IndustrialPark.objects.filter(pk=our_park.pk).exists()
    services.delete_lead(our_lead, actor=world.west_editor)
    services.delete_park(our_park, actor=world.west_editor)
    assert not IndustrialPark.objects.exists()


def test_a_lead_cannot_be_in_a_park_of_another_pairing(world: World) -> None:
    their_park = make_record(IndustrialPark, world.ours)
    their_park.pairing = world.city  # another pairing the east editor may not edit (but the admin sees)
    their_park.save()
    with pytest.raises((ValidationError, PermissionDenied)):
        services.create_lead(actor=world.east_editor, data={**lead(world), "park": their_park})
    message = refused(services.create_lead, world_as(world, "admin"), {**lead(world), "park": their_park}, "park")
    assert str(their_park) in message


def world_as(world: World, persona: str) -> World:
    """The world with `west_editor` replaced by another persona (for `refused`)."""
    from dataclasses import replace

    return replace(world, west_editor=getattr(world, persona))


def test_a_lead_in_talks_has_no_signing_date(world: World) -> None:
    refused(services.create_lead, world, {**lead(world), "stage": "talks"}, "signed_on")


def test_an_inflow_must_be_more_than_zero(world: World) -> None:
    for amount in (Decimal("0"), Decimal("-500")):
        message = refused(services.add_inflow, world, {**inflow(world), "amount_yuan": amount}, "amount_yuan")
        assert str(amount) in message
    assert not InvestmentInflow.objects.exists()


def test_an_inflow_needs_its_lead(world: World) -> None:
    refused(services.add_inflow, world, {"date": date(2024, 5, 1), "amount_yuan": Decimal("1")}, "lead")


def test_a_lead_with_inflows_is_not_deleted(world: World) -> None:
    money = services.add_inflow(actor=world.east_editor, data=inflow(world))
    with pytest.raises(ValidationError):
        services.delete_lead(money.lead, actor=world.east_editor)
    services.delete_inflow(money, actor=world.east_editor, reason="录入错误")
    services.delete_lead(money.lead, actor=world.east_editor, reason="录入错误")
    assert not InvestmentLead.objects.exists()
    assert log_of(InvestmentInflow).filter(action="delete", reason="录入错误").exists()


def test_an_outsider_cannot_add_an_inflow_to_our_lead_nor_delete_it(world: World) -> None:
    money = services.add_inflow(actor=world.west_editor, data=inflow(world))
    with pytest.raises(PermissionDenied):
        services.add_inflow(actor=world.outsider, data={**inflow(world), "lead": money.lead})
    with pytest.raises(PermissionDenied):
        services.delete_inflow(money, actor=world.outsider)
    assert InvestmentInflow.objects.count() == 1


def test_a_donation_names_its_donor_and_is_not_negative(world: World) -> None:
    refused(services.create_donation, world, {**donation(world), "donor": "  "}, "donor")
    refused(services.create_donation, world, {**donation(world), "value_yuan": Decimal("-1")}, "value_yuan")


def test_student_aid_helps_at_least_one_student(world: World) -> None:
    refused(services.create_student_aid, world, {**student_aid(world), "students": 0}, "students")


def test_volunteer_hours_cannot_be_negative(world: World) -> None:
    refused(services.create_volunteer_service, world, {**volunteering(world), "hours": Decimal("-2")}, "hours")
    refused(services.create_volunteer_service, world, {**volunteering(world), "volunteers": 0}, "volunteers")


def test_messages_are_translatable_english_source_strings(world: World) -> None:
    with translation.override("en"):
        message = refused(
            services.create_labour_placement, world, {**labour(world), "formerly_poor": 121}, "formerly_poor"
        )
    assert message.startswith("Formerly poor workers")
