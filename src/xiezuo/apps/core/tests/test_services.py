"""The one write path: every write logged in its transaction, stale edits refused, changes revertible."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from xiezuo.apps.conftest import World
from xiezuo.apps.core import services
from xiezuo.apps.core.models import ChangeLog
from xiezuo.apps.projects.models import Project


def changes():  # type: ignore[no-untyped-def]
    """The change-log rows of projects (regions are logged too, as the world is built)."""
    from django.contrib.contenttypes.models import ContentType

    return ChangeLog.objects.filter(content_type=ContentType.objects.get_for_model(Project))


def project_data(world: World, **extra: object) -> dict[str, object]:
    return {
        "code": "YL-2024-001",
        "title": "仪陇县蚕桑产业园",
        "pairing": world.ours,
        "year": 2024,
        "category": "industry",
        **extra,
    }


def test_create_writes_the_record_and_its_change_log_row(world: World) -> None:
    project = services.create_record(Project, actor=world.west_editor, data=project_data(world), reason="年度计划")
    change = changes().get(object_id=str(project.pk))
    assert (change.action, change.actor, change.reason) == ("create", world.west_editor, "年度计划")
    assert change.after["title"] == "仪陇县蚕桑产业园" and change.before is None


def test_invalid_create_writes_nothing(world: World) -> None:
    with pytest.raises(ValidationError):
        services.create_record(Project, actor=world.west_editor, data=project_data(world, year=1800))
    assert not Project.objects.exists() and not changes().exists()


def test_outsider_cannot_create_in_another_pairing(world: World) -> None:
    with pytest.raises(PermissionDenied):
        services.create_record(Project, actor=world.outsider, data=project_data(world))
    assert not Project.objects.exists()


def test_update_based_on_the_current_version_succeeds_and_logs_before_and_after(world: World) -> None:
    project = services.create_record(Project, actor=world.west_editor, data=project_data(world))
    updated = services.update_record(
        project, actor=world.east_editor, data={"status": "in_progress"}, expected_version=1, reason="开工"
    )
    assert updated.version == 2
    change = changes().filter(action="update").get()
    assert change.changed_fields == [("status", "planned", "in_progress"), ("version", 1, 2)]


def test_stale_update_is_refused_and_loses_nothing(world: World) -> None:
    project = services.create_record(Project, actor=world.west_editor, data=project_data(world))
    services.update_record(project, actor=world.west_editor, data={"title": "蚕桑产业园一期"}, expected_version=1)
    with pytest.raises(services.ConflictError) as conflict:
        services.update_record(project, actor=world.east_editor, data={"title": "旧标题上的修改"}, expected_version=1)
    assert conflict.value.current == 2
    assert Project.objects.get().title == "蚕桑产业园一期"
    assert changes().filter(action="update").count() == 1


def test_viewer_cannot_update(world: World) -> None:
    project = services.create_record(Project, actor=world.west_editor, data=project_data(world))
    with pytest.raises(PermissionDenied):
        services.update_record(project, actor=world.viewer, data={"title": "x"}, expected_version=1)


def test_update_cannot_move_a_record_out_of_the_editors_pairings(world: World) -> None:
    project = services.create_record(Project, actor=world.west_editor, data=project_data(world))
    with pytest.raises(PermissionDenied):
        services.update_record(project, actor=world.west_editor, data={"pairing": world.theirs}, expected_version=1)
    assert Project.objects.get().pairing == world.ours


def test_reverting_an_update_restores_the_values_as_a_new_change(world: World) -> None:
    project = services.create_record(Project, actor=world.west_editor, data=project_data(world))
    services.update_record(project, actor=world.west_editor, data={"status": "suspended"}, expected_version=1)
    update = changes().get(action="update")
    revert = services.revert_change(update, actor=world.east_editor, reason="误操作")
    assert Project.objects.get().status == "planned"
    assert (revert.action, revert.reverts, revert.reason) == ("revert", update, "误操作")
    assert changes().count() == 3  # nothing is deleted from the log


def test_reverting_a_deletion_restores_the_record(world: World) -> None:
    project = services.create_record(Project, actor=world.west_editor, data=project_data(world))
    pk = project.pk
    services.delete_record(project, actor=world.west_editor, reason="重复录入")
    deletion = changes().get(action="delete")
    services.revert_change(deletion, actor=world.west_editor)
    restored = Project.objects.get()
    assert (restored.pk, restored.title) == (pk, "仪陇县蚕桑产业园")


def test_reverting_a_creation_deletes_the_record(world: World) -> None:
    project = services.create_record(Project, actor=world.west_editor, data=project_data(world))
    services.revert_change(changes().get(action="create"), actor=world.admin)
    assert not Project.objects.filter(pk=project.pk).exists()


def test_many_to_many_values_are_logged_and_reverted(world: World) -> None:
    from xiezuo.apps.regions.services import division

    before = sorted(world.ours.west_regions.values_list("pk", flat=True))
    services.update_record(
        world.ours,
        actor=world.admin,
        data={"start_date": date(2021, 1, 1)},
        m2m={"west_regions": [division("511300").pk]},
        expected_version=1,
    )
    change = ChangeLog.objects.get(action="update")
    assert change.before["west_regions"] == before
    services.revert_change(change, actor=world.admin)
    assert sorted(world.ours.west_regions.values_list("pk", flat=True)) == before


def test_list_pages_keep_filters_when_paging_and_sorting(world: World) -> None:
    from django.urls import reverse

    from xiezuo.apps.conftest import make_record

    for _ in range(30):
        make_record(Project, world.ours)
    client = world.client(world.west_editor)
    page = client.get(reverse("projects-list"), {"category": "industry", "year": "2024"}).content.decode()
    assert "category=industry" in page and "year=2024" in page  # in the pager and sort links
    assert 'value="2024"' in page  # the year option is not printed as 2,024


def test_a_pairing_reads_as_its_sides_without_asking_the_database_again(world: World) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from xiezuo.apps.pairings.models import Pairing

    pairing = Pairing.objects.get(pk=world.ours.pk)
    with CaptureQueriesContext(connection) as queries:
        label = str(pairing)
    assert label == "温州湾新区、龙湾区 — 仪陇县"
    assert len(queries) == 0


def test_an_edit_that_does_not_say_its_version_is_refused(world: World) -> None:
    from django.urls import reverse

    project = services.create_record(Project, actor=world.west_editor, data=project_data(world))
    client = world.client(world.east_editor)
    data = {"code": project.code, "title": "没有版本号的修改", "pairing": world.ours.pk, "year": 2024}
    data |= {"category": "industry", "status": "planned"}
    response = client.post(reverse("projects-update", args=[project.pk]), data)
    assert response.status_code == 200  # the form comes back with an error
    assert Project.objects.get().title == "仪陇县蚕桑产业园"


def test_a_bad_filter_value_is_ignored_not_an_error(world: World) -> None:
    from django.urls import reverse

    response = world.client(world.west_editor).get(reverse("projects-list"), {"pairing__within": "abc"})
    assert response.status_code == 200
