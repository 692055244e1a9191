"""Fund transactions through projects.services: dated, typed, refunds within receipts, logged, scoped."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError

from xiezuo.apps.conftest import World
from xiezuo.apps.core.models import ChangeLog
from xiezuo.apps.core.services import ConflictError
from xiezuo.apps.projects import services
from xiezuo.apps.projects.models import FundTransaction, Project
from xiezuo.apps.projects.tests.conftest import project


def transaction_log() -> ChangeLog:  # type: ignore[type-arg]
    return ChangeLog.objects.filter(content_type=ContentType.objects.get_for_model(FundTransaction))


def add(actor: object, target: Project, kind: str, amount: str, on: date = date(2024, 5, 1)) -> FundTransaction:
    return services.add_transaction(
        actor=actor, data={"project": target, "type": kind, "date": on, "amount": Decimal(amount), "note": ""}
    )


@pytest.fixture
def ours(world: World) -> Project:
    return project(world.ours, "YL-1", "industry", "in_progress")


def test_west_editor_adds_a_transaction_with_its_change_log_row(world: World, ours: Project) -> None:
    allocation = add(world.west_editor, ours, "allocation", "1250000.50")
    change = transaction_log().get()
    assert (change.action, change.actor, change.object_id) == ("create", world.west_editor, str(allocation.pk))
    assert change.after["amount"] == "1250000.50" and change.after["type"] == "allocation"


def test_outsider_cannot_add_a_transaction_to_our_project(world: World, ours: Project) -> None:
    with pytest.raises(PermissionDenied):
        add(world.outsider, ours, "allocation", "1000")
    assert not FundTransaction.objects.exists() and not transaction_log().exists()


def test_outsider_is_refused_before_any_rule_would_tell_about_our_money(world: World, ours: Project) -> None:
    with pytest.raises(PermissionDenied):
        add(world.outsider, ours, "refund", "1000")  # a refund with no receipt: still "not yours" first


def test_viewer_and_supervisor_cannot_add_transactions(world: World, ours: Project) -> None:
    for reader in (world.viewer, world.supervisor):
        with pytest.raises(PermissionDenied):
            add(reader, ours, "allocation", "1000")


def test_a_transaction_is_not_dated_before_the_year_before_the_project(world: World, ours: Project) -> None:
    with pytest.raises(ValidationError) as raised:
        add(world.west_editor, ours, "allocation", "1000", on=date(2022, 12, 31))
    assert "2023-01-01" in str(raised.value.error_dict["date"])
    assert add(world.west_editor, ours, "allocation", "1000", on=date(2023, 1, 1))


def test_amounts_are_positive(world: World, ours: Project) -> None:
    for amount in ("0", "-5"):
        with pytest.raises(ValidationError) as raised:
            add(world.west_editor, ours, "expenditure", amount)
        assert "amount" in raised.value.error_dict


def test_refunds_cannot_exceed_what_was_received(world: World, ours: Project) -> None:
    add(world.west_editor, ours, "allocation", "1000000")
    with pytest.raises(ValidationError) as raised:
        add(world.west_editor, ours, "refund", "1")
    assert "amount" in raised.value.error_dict
    add(world.west_editor, ours, "receipt", "300000")
    add(world.west_editor, ours, "refund", "200000")
    with pytest.raises(ValidationError) as raised:
        add(world.west_editor, ours, "refund", "100000.01")
    assert "300,000.01" in str(raised.value) and "300,000.00" in str(raised.value)
    add(world.west_editor, ours, "refund", "100000")
    assert FundTransaction.objects.filter(type="refund").count() == 2


def test_a_receipt_that_refunds_rely_on_cannot_be_deleted_or_reduced(world: World, ours: Project) -> None:
    receipt = add(world.west_editor, ours, "receipt", "300000")
    add(world.west_editor, ours, "refund", "200000")
    with pytest.raises(ValidationError):
        services.delete_transaction(receipt, actor=world.west_editor)
    with pytest.raises(ValidationError):
        services.update_transaction(
            receipt, actor=world.west_editor, data={"amount": Decimal("199999.99")}, expected_version=1
        )
    with pytest.raises(ValidationError):
        services.update_transaction(receipt, actor=world.west_editor, data={"type": "expenditure"}, expected_version=1)
    reduced = services.update_transaction(
        receipt, actor=world.east_editor, data={"amount": Decimal("200000")}, expected_version=1, reason="核对"
    )
    assert reduced.version == 2 and FundTransaction.objects.get(pk=receipt.pk).amount == Decimal("200000")


def test_moving_a_receipt_to_another_project_keeps_both_within_the_rule(world: World, ours: Project) -> None:
    other = project(world.ours, "YL-2", "labour", "planned")
    receipt = add(world.west_editor, ours, "receipt", "300000")
    add(world.west_editor, ours, "refund", "1000")
    with pytest.raises(ValidationError):
        services.update_transaction(receipt, actor=world.west_editor, data={"project": other}, expected_version=1)


def test_update_of_a_transaction_is_logged_and_stale_edits_are_refused(world: World, ours: Project) -> None:
    allocation = add(world.west_editor, ours, "allocation", "1000000")
    services.update_transaction(
        allocation, actor=world.east_editor, data={"amount": Decimal("1200000")}, expected_version=1, reason="追加"
    )
    change = transaction_log().get(action="update")
    assert ("amount", "1000000.00", "1200000.00") in change.changed_fields
    with pytest.raises(ConflictError):
        services.update_transaction(
            allocation, actor=world.west_editor, data={"amount": Decimal("1")}, expected_version=1
        )


def test_outsider_cannot_change_or_delete_our_transactions(world: World, ours: Project) -> None:
    allocation = add(world.west_editor, ours, "allocation", "1000000")
    with pytest.raises(PermissionDenied):
        services.update_transaction(allocation, actor=world.outsider, data={"amount": Decimal("1")}, expected_version=1)
    with pytest.raises(PermissionDenied):
        services.delete_transaction(allocation, actor=world.outsider)
    assert FundTransaction.objects.get(pk=allocation.pk).amount == Decimal("1000000")


def test_editor_cannot_move_a_transaction_into_a_pairing_they_do_not_edit(world: World, ours: Project) -> None:
    theirs = project(world.theirs, "LC-1", "industry", "planned")
    allocation = add(world.west_editor, ours, "allocation", "1000")
    with pytest.raises(PermissionDenied):
        services.update_transaction(allocation, actor=world.west_editor, data={"project": theirs}, expected_version=1)


def test_deleting_a_transaction_is_logged_and_revertible(world: World, ours: Project) -> None:
    from xiezuo.apps.core.services import revert_change

    allocation = add(world.west_editor, ours, "allocation", "1000")
    services.delete_transaction(allocation, actor=world.west_editor, reason="重复")
    deletion = transaction_log().get(action="delete")
    assert deletion.reason == "重复" and not FundTransaction.objects.exists()
    revert_change(deletion, actor=world.east_editor)
    assert FundTransaction.objects.get().amount == Decimal("1000")
