"""Writing projects through projects.services: validated, logged, scoped."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError

from xiezuo.apps.conftest import World
from xiezuo.apps.core.models import ChangeLog
from xiezuo.apps.projects import services
from xiezuo.apps.projects.models import Evidence, FundTransaction, Project


def log_of(model: type) -> ChangeLog:  # type: ignore[type-arg]
    return ChangeLog.objects.filter(content_type=ContentType.objects.get_for_model(model))


def silkworm(world: World, **extra: object) -> dict[str, object]:
    return {
        "code": "YL-2024-001",
        "title": "仪陇县蚕桑产业园",
        "pairing": world.ours,
        "year": 2024,
        "category": "industry",
        **extra,
    }


def test_west_editor_creates_a_project_and_the_change_log_says_so(world: World) -> None:
    project = services.create_project(actor=world.west_editor, data=silkworm(world), reason="年度计划")
    change = log_of(Project).get(object_id=str(project.pk))
    assert (change.action, change.actor, change.reason) == ("create", world.west_editor, "年度计划")
    assert change.after["code"] == "YL-2024-001"


def test_formerly_poor_beneficiaries_cannot_exceed_beneficiaries(world: World) -> None:
    with pytest.raises(ValidationError) as raised:
        services.create_project(
            actor=world.west_editor, data=silkworm(world, beneficiaries=120, beneficiaries_formerly_poor=130)
        )
    assert "beneficiaries_formerly_poor" in raised.value.error_dict
    assert "130" in str(raised.value) and "120" in str(raised.value)
    assert not Project.objects.exists() and not log_of(Project).exists()


def test_formerly_poor_beneficiaries_need_a_number_of_beneficiaries(world: World) -> None:
    with pytest.raises(ValidationError) as raised:
        services.create_project(actor=world.west_editor, data=silkworm(world, beneficiaries_formerly_poor=30))
    assert "beneficiaries" in raised.value.error_dict


def test_an_update_keeps_formerly_poor_within_the_stored_beneficiaries(world: World) -> None:
    project = services.create_project(
        actor=world.west_editor, data=silkworm(world, beneficiaries=200, beneficiaries_formerly_poor=80)
    )
    with pytest.raises(ValidationError):
        services.update_project(
            project, actor=world.east_editor, data={"beneficiaries": 50}, expected_version=project.version
        )
    updated = services.update_project(
        project, actor=world.east_editor, data={"beneficiaries": 80, "status": "in_progress"}, expected_version=1
    )
    assert (updated.beneficiaries, updated.status, updated.version) == (80, "in_progress", 2)


def test_year_outside_the_programme_is_refused(world: World) -> None:
    for year in (1995, date.today().year + 2):
        with pytest.raises(ValidationError) as raised:
            services.create_project(actor=world.west_editor, data=silkworm(world, year=year))
        assert "year" in raised.value.error_dict


def test_outsider_cannot_create_a_project_in_our_pairing(world: World) -> None:
    with pytest.raises(PermissionDenied):
        services.create_project(actor=world.outsider, data=silkworm(world))
    assert not Project.objects.exists()


def test_viewer_cannot_update_a_project(world: World) -> None:
    project = services.create_project(actor=world.west_editor, data=silkworm(world))
    with pytest.raises(PermissionDenied):
        services.update_project(project, actor=world.viewer, data={"status": "cancelled"}, expected_version=1)


def test_project_year_cannot_move_past_its_transactions(world: World) -> None:
    project = services.create_project(actor=world.west_editor, data=silkworm(world))
    services.add_transaction(
        actor=world.west_editor,
        data={"project": project, "type": "allocation", "date": date(2023, 12, 20), "amount": Decimal("500000")},
    )
    with pytest.raises(ValidationError) as raised:
        services.update_project(project, actor=world.west_editor, data={"year": 2025}, expected_version=1)
    assert "2023-12-20" in str(raised.value.error_dict["year"])
    assert services.update_project(project, actor=world.west_editor, data={"year": 2024}, expected_version=1)


def test_a_project_with_transactions_is_not_deleted(world: World) -> None:
    project = services.create_project(actor=world.west_editor, data=silkworm(world))
    allocation = services.add_transaction(
        actor=world.west_editor,
        data={"project": project, "type": "allocation", "date": date(2024, 3, 1), "amount": Decimal("500000")},
    )
    with pytest.raises(ValidationError) as raised:
        services.delete_project(project, actor=world.west_editor)
    assert "1" in str(raised.value) and Project.objects.filter(pk=project.pk).exists()
    services.delete_transaction(allocation, actor=world.west_editor, reason="录入错误")
    services.delete_project(project, actor=world.west_editor, reason="录入错误")
    assert not Project.objects.exists()
    assert list(log_of(FundTransaction).values_list("action", flat=True)) == ["delete", "create"]


def test_deleting_a_project_deletes_its_evidence_with_change_log_rows_in_one_batch(world: World) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    project = services.create_project(actor=world.west_editor, data=silkworm(world))
    evidence = services.add_evidence(
        actor=world.west_editor,
        data={"project": project, "title": "立项批复", "file": SimpleUploadedFile("批复.pdf", b"%PDF-1.4 test")},
    )
    services.delete_project(project, actor=world.east_editor, reason="重复录入")
    assert not Evidence.objects.exists()
    evidence_change = log_of(Evidence).get(action="delete")
    project_change = log_of(Project).get(action="delete")
    assert evidence_change.object_id == str(evidence.pk)
    assert evidence_change.batch and evidence_change.batch == project_change.batch
    assert project_change.reason == "重复录入"


def test_outsider_cannot_delete_our_project(world: World) -> None:
    project = services.create_project(actor=world.west_editor, data=silkworm(world))
    with pytest.raises(PermissionDenied):
        services.delete_project(project, actor=world.outsider)
    assert Project.objects.filter(pk=project.pk).exists()
