"""The period lock: once an administrator locks a year before assessment, no record of that year is added,
changed, deleted or reverted, and none moves into it, until the year is reopened; both acts are logged.

Through the apps' own services (projects, fund transactions, secondments, investment inflows, donations,
agreement targets) and through the pages an editor and an administrator use.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from xiezuo.apps.agreements import services as agreements
from xiezuo.apps.agreements.models import AnnualAgreement, Indicator, PeriodLock, Target, TargetRevision
from xiezuo.apps.conftest import World, make_record
from xiezuo.apps.cooperation import services as cooperation
from xiezuo.apps.cooperation.models import Donation, IndustrialPark, InvestmentInflow, InvestmentLead, Secondment
from xiezuo.apps.core import periods
from xiezuo.apps.core import services as core
from xiezuo.apps.core.models import ChangeLog
from xiezuo.apps.projects import services as projects
from xiezuo.apps.projects.models import Evidence, FundTransaction, Project

LOCKED = "The ledger of 2024 is locked for assessment"


def log_of(model: type) -> Any:
    return ChangeLog.objects.filter(content_type=ContentType.objects.get_for_model(model))


def lock(world: World, year: int = 2024) -> PeriodLock:
    return agreements.lock_period(actor=world.admin, data={"year": year, "reason": f"{year}年度考核"})


def in_year(record: Any, year: int) -> Any:
    """The record moved to `year` directly (not under test): its date keeps its day, a year field is the year."""
    field = type(record).period_field
    value = getattr(record, field)
    moved = value.replace(year=year) if isinstance(value, datetime.date) else year
    type(record).objects.filter(pk=record.pk).update(**{field: moved})
    record.refresh_from_db()
    return record


# --- the ledgers under test: their services, a new record's data, an edit, and the move to another year ----


@dataclass
class Ledger:
    model: type[Any]
    create: Callable[..., Any]
    update: Callable[..., Any]
    delete: Callable[..., None]
    new: Callable[[World, int], dict[str, Any]]  # the data of a new record of a year
    edit: dict[str, Any]  # a change that leaves the year alone

    def record(self, world: World, year: int) -> Any:
        return in_year(make_record(self.model, world.ours), year)

    def moved_to(self, record: Any, year: int) -> dict[str, Any]:
        field = self.model.period_field
        value = getattr(record, field)
        return {field: value.replace(year=year) if isinstance(value, datetime.date) else year}


LEDGERS = {
    "project": Ledger(
        Project,
        projects.create_project,
        projects.update_project,
        projects.delete_project,
        lambda world, year: {
            "code": f"YL-{year}-900",
            "title": "仪陇县柑橘冷链仓储中心",
            "pairing": world.ours,
            "year": year,
            "category": "industry",
        },
        {"title": "改过的标题"},
    ),
    "fund transaction": Ledger(
        FundTransaction,
        projects.add_transaction,
        projects.update_transaction,
        projects.delete_transaction,
        lambda world, year: {
            "project": make_record(Project, world.ours),
            "type": "allocation",
            "date": datetime.date(year, 3, 1),
            "amount": Decimal("500000.00"),
        },
        {"note": "改过的备注"},
    ),
    "secondment": Ledger(
        Secondment,
        cooperation.create_secondment,
        cooperation.update_secondment,
        cooperation.delete_secondment,
        lambda world, year: {
            "pairing": world.ours,
            "name": "张三",
            "kind": "health",
            "direction": "east_to_west",
            "host_organisation": "仪陇县人民医院",
            "start_date": datetime.date(year, 3, 1),
        },
        {"host_organisation": "仪陇县中医医院"},
    ),
    "investment inflow": Ledger(
        InvestmentInflow,
        cooperation.add_inflow,
        cooperation.update_inflow,
        cooperation.delete_inflow,
        lambda world, year: {
            "lead": make_record(InvestmentLead, world.ours),
            "date": datetime.date(year, 5, 1),
            "amount_yuan": Decimal("3000000"),
        },
        {"note": "第二笔到位资金"},
    ),
    "donation": Ledger(
        Donation,
        cooperation.create_donation,
        cooperation.update_donation,
        cooperation.delete_donation,
        lambda world, year: {
            "pairing": world.ours,
            "donor": "温州市仪陇商会",
            "donor_kind": "association",
            "kind": "money",
            "value_yuan": Decimal("100000"),
            "date": datetime.date(year, 6, 1),
        },
        {"donor": "温州市龙湾区仪陇商会"},
    ),
}
ledgers = pytest.mark.parametrize("ledger", LEDGERS.values(), ids=list(LEDGERS))


# --- locking and reopening ---------------------------------------------------------------------------------


def test_lock_and_unlock_are_in_the_change_log_with_the_admin_as_actor(world: World) -> None:
    period_lock = lock(world)
    agreements.unlock_period(period_lock, actor=world.admin, reason="补录数据")
    assert list(log_of(PeriodLock).order_by("pk").values_list("action", "actor", "object_repr")) == [
        ("create", world.admin.pk, "2024 locked"),
        ("delete", world.admin.pk, "2024 locked"),
    ]
    assert not PeriodLock.objects.exists()


@pytest.mark.parametrize("persona", ["east_editor", "west_editor", "supervisor", "viewer"])
def test_only_an_administrator_locks_and_unlocks(world: World, persona: str) -> None:
    with pytest.raises(PermissionDenied):
        agreements.lock_period(actor=getattr(world, persona), data={"year": 2024})
    assert not PeriodLock.objects.exists()
    period_lock = lock(world)
    with pytest.raises(PermissionDenied):
        agreements.unlock_period(period_lock, actor=getattr(world, persona))
    assert PeriodLock.objects.filter(pk=period_lock.pk).exists()


def test_locking_a_year_twice_says_so(world: World) -> None:
    lock(world)
    with pytest.raises(ValidationError) as refused:
        lock(world)
    assert refused.value.message_dict == {"year": ["2024 is locked already."]}
    assert PeriodLock.objects.count() == 1


def test_a_lock_itself_is_never_locked_out(world: World) -> None:
    """Its reason can be changed and it can be lifted while its year is locked (a lock has no year of its own)."""
    period_lock = lock(world)
    period_lock = agreements.update_period_lock(
        period_lock, actor=world.admin, data={"reason": "2024年度考核（省考）"}, expected_version=1
    )
    agreements.unlock_period(period_lock, actor=world.admin)
    assert not PeriodLock.objects.exists()


# --- records of a locked year ------------------------------------------------------------------------------


@ledgers
def test_a_record_of_a_locked_year_cannot_be_added(world: World, ledger: Ledger) -> None:
    data = ledger.new(world, 2024)
    lock(world)
    rows, logged = ledger.model.objects.count(), log_of(ledger.model).count()
    with pytest.raises(periods.PeriodLockedError) as refused:
        ledger.create(actor=world.west_editor, data=data)
    assert LOCKED in refused.value.messages[0] and "until an administrator reopens the year" in str(refused.value)
    assert ledger.model.objects.count() == rows and log_of(ledger.model).count() == logged


@ledgers
def test_a_record_of_a_locked_year_cannot_be_changed(world: World, ledger: Ledger) -> None:
    record = ledger.record(world, 2024)
    lock(world)
    with pytest.raises(periods.PeriodLockedError, match=LOCKED):
        ledger.update(record, actor=world.west_editor, data=ledger.edit, expected_version=record.version)
    stored = ledger.model.objects.get(pk=record.pk)
    assert stored.version == record.version and all(getattr(stored, k) != v for k, v in ledger.edit.items())
    assert not log_of(ledger.model).exists()


@ledgers
def test_a_record_of_a_locked_year_cannot_be_deleted(world: World, ledger: Ledger) -> None:
    record = ledger.record(world, 2024)
    lock(world)
    with pytest.raises(periods.PeriodLockedError, match=LOCKED):
        ledger.delete(record, actor=world.west_editor)
    assert ledger.model.objects.filter(pk=record.pk).exists() and not log_of(ledger.model).exists()


@ledgers
def test_records_of_another_year_are_not_affected(world: World, ledger: Ledger) -> None:
    lock(world)
    record = ledger.create(actor=world.west_editor, data=ledger.new(world, 2025))
    record = ledger.update(record, actor=world.east_editor, data=ledger.edit, expected_version=1)
    ledger.delete(record, actor=world.west_editor)
    assert list(log_of(ledger.model).order_by("pk").values_list("action", flat=True)) == ["create", "update", "delete"]


@ledgers
def test_a_record_cannot_move_into_a_locked_year(world: World, ledger: Ledger) -> None:
    record = ledger.record(world, 2025)
    lock(world)
    with pytest.raises(periods.PeriodLockedError, match=LOCKED):
        ledger.update(record, actor=world.west_editor, data=ledger.moved_to(record, 2024), expected_version=1)
    assert periods.year_of(ledger.model.objects.get(pk=record.pk)) == 2025


@ledgers
def test_a_record_cannot_move_out_of_a_locked_year(world: World, ledger: Ledger) -> None:
    record = ledger.record(world, 2024)
    lock(world)
    with pytest.raises(periods.PeriodLockedError, match=LOCKED):
        ledger.update(record, actor=world.west_editor, data=ledger.moved_to(record, 2025), expected_version=1)
    assert periods.year_of(ledger.model.objects.get(pk=record.pk)) == 2024


@ledgers
def test_after_the_year_is_reopened_the_edit_goes_through(world: World, ledger: Ledger) -> None:
    record = ledger.record(world, 2024)
    period_lock = lock(world)
    with pytest.raises(periods.PeriodLockedError):
        ledger.update(record, actor=world.west_editor, data=ledger.edit, expected_version=1)
    agreements.unlock_period(period_lock, actor=world.admin)
    updated = ledger.update(record, actor=world.west_editor, data=ledger.edit, expected_version=1)
    assert updated.version == 2 and all(getattr(updated, k) == v for k, v in ledger.edit.items())


# --- reverting -------------------------------------------------------------------------------------------


@ledgers
def test_changes_to_a_locked_year_cannot_be_reverted(world: World, ledger: Ledger) -> None:
    """Undoing the creation (a deletion), the edit (a change) or the deletion (a restoration) of a 2024 record."""
    created = ledger.create(actor=world.west_editor, data=ledger.new(world, 2024))
    ledger.update(created, actor=world.west_editor, data=ledger.edit, expected_version=1)
    deleted = ledger.create(actor=world.west_editor, data=ledger.new(world, 2024) | _unique(ledger))
    deleted_pk = deleted.pk
    ledger.delete(deleted, actor=world.west_editor)
    lock(world)
    changes = log_of(ledger.model)
    undone = [
        changes.get(action="create", object_id=str(created.pk)),
        changes.get(action="update", object_id=str(created.pk)),
        changes.get(action="delete", object_id=str(deleted_pk)),
    ]
    logged = changes.count()
    for change in undone:
        with pytest.raises(periods.PeriodLockedError, match=LOCKED):
            core.revert_change(change, actor=world.west_editor)
    assert changes.count() == logged
    assert ledger.model.objects.filter(pk=created.pk, version=2).exists()
    assert not ledger.model.objects.filter(pk=deleted_pk).exists()


@ledgers
def test_a_revert_cannot_bring_a_record_back_into_a_locked_year(world: World, ledger: Ledger) -> None:
    record = ledger.record(world, 2024)
    ledger.update(record, actor=world.west_editor, data=ledger.moved_to(record, 2025), expected_version=1)
    lock(world)
    move = log_of(ledger.model).get(action="update")
    with pytest.raises(periods.PeriodLockedError, match=LOCKED):
        core.revert_change(move, actor=world.west_editor)
    assert periods.year_of(ledger.model.objects.get(pk=record.pk)) == 2025


def test_reverting_the_unlocking_locks_the_year_again(world: World) -> None:
    agreements.unlock_period(lock(world), actor=world.admin)
    core.revert_change(log_of(PeriodLock).get(action="delete"), actor=world.admin)
    assert list(PeriodLock.objects.values_list("year", flat=True)) == [2024]


def _unique(ledger: Ledger) -> dict[str, Any]:
    """A second new record of the same ledger must not clash with the first (a project's code)."""
    return {"code": "YL-2024-901"} if ledger.model is Project else {}


# --- agreement targets -------------------------------------------------------------------------------------


@pytest.fixture
def agreement_2024(world: World) -> AnnualAgreement:
    return AnnualAgreement.objects.create(pairing=world.ours, year=2024, title="2024年度东西部协作协议")


def test_a_target_of_a_locked_year_cannot_be_set_revised_or_deleted(
    world: World, agreement_2024: AnnualAgreement
) -> None:
    indicator, other = make_record(Indicator, world.ours), make_record(Indicator, world.ours)
    target = agreements.set_target(agreement_2024, actor=world.east_editor, indicator=indicator, value=Decimal("10"))
    lock(world)
    with pytest.raises(periods.PeriodLockedError, match=LOCKED):
        agreements.set_target(agreement_2024, actor=world.east_editor, indicator=other, value=Decimal("5"))
    with pytest.raises(periods.PeriodLockedError, match=LOCKED):
        agreements.revise_target(
            target, actor=world.east_editor, value=Decimal("12"), reason="调增", expected_version=1
        )
    with pytest.raises(periods.PeriodLockedError, match=LOCKED):
        agreements.delete_target(target, actor=world.east_editor)
    with pytest.raises(periods.PeriodLockedError, match=LOCKED):
        agreements.update_agreement(agreement_2024, actor=world.east_editor, data={"title": "改"}, expected_version=1)
    stored = Target.objects.get()
    assert (stored.value, stored.version) == (Decimal("10"), 1) and not TargetRevision.objects.exists()
    assert log_of(Target).count() == 1 and not log_of(TargetRevision).exists()


def test_targets_of_an_open_year_are_revised_as_usual(world: World, agreement_2024: AnnualAgreement) -> None:
    agreement_2025 = AnnualAgreement.objects.create(pairing=world.ours, year=2025)
    indicator = make_record(Indicator, world.ours)
    lock(world)
    target = agreements.set_target(agreement_2025, actor=world.east_editor, indicator=indicator, value=Decimal("10"))
    agreements.revise_target(target, actor=world.east_editor, value=Decimal("12"), reason="调增", expected_version=1)
    assert Target.objects.get().value == Decimal("12") and TargetRevision.objects.count() == 1


# --- which year a record is in ---------------------------------------------------------------------------


def test_the_year_of_a_record_follows_its_period_field(world: World) -> None:
    project = in_year(make_record(Project, world.ours), 2023)
    evidence = Evidence(project=project, title="验收报告")
    assert periods.year_of(project) == 2023 and periods.year_of(evidence) == 2023  # through its project
    assert periods.year_of(make_record(FundTransaction, world.ours)) == 2024  # by its date
    assert periods.year_of(Project(year="2022")) == 2022  # text as an importer gives it
    assert periods.year_of(Evidence(title="无项目")) is None
    assert periods.year_of(PeriodLock(year=2024)) is None  # a lock is not in a year


def test_every_period_field_names_a_date_or_a_year() -> None:
    """A misspelt path would leave its ledger unlocked without a word: each must end on a date or a whole number."""
    from django.apps import apps
    from django.db import models

    dated = {}
    for model in apps.get_models():
        path = getattr(model, "period_field", "")
        if not path:
            continue
        current: Any = model
        *relations, name = path.split("__")
        for relation in relations:
            current = current._meta.get_field(relation).related_model
        field = current._meta.get_field(name)
        assert isinstance(field, models.DateField | models.IntegerField), (model, path)
        dated[model._meta.label] = path
    assert {"projects.Project", "visits.VisitSite", "cooperation.VolunteerService", "agreements.Target"} <= set(dated)
    assert not {"agreements.PeriodLock", "reports.Report", "people.Person", "pairings.Pairing"} & set(dated)


def test_a_park_or_lead_without_a_date_is_not_locked(world: World) -> None:
    lock(world)
    park = cooperation.create_park(actor=world.west_editor, data={"pairing": world.ours, "name": "温州·仪陇产业园"})
    assert periods.year_of(park) is None
    cooperation.update_park(park, actor=world.west_editor, data={"note": "园区已规划"}, expected_version=1)
    with pytest.raises(periods.PeriodLockedError, match=LOCKED):
        cooperation.update_park(
            IndustrialPark.objects.get(),
            actor=world.west_editor,
            data={"established": datetime.date(2024, 5, 1)},
            expected_version=2,
        )


def test_a_write_reads_the_locks_once(world: World) -> None:
    """One small query of the locks per write, however many relations the record's year is behind."""
    lock(world)
    donation = LEDGERS["donation"].record(world, 2025)
    project = in_year(make_record(Project, world.ours), 2025)
    evidence = Evidence.objects.create(project=project, title="验收报告", file="evidence/x.pdf")
    for write in (
        lambda: cooperation.update_donation(
            donation, actor=world.west_editor, data={"donor": "改"}, expected_version=1
        ),
        lambda: core.update_record(evidence, actor=world.west_editor, data={"title": "改"}, expected_version=1),
    ):
        with CaptureQueriesContext(connection) as captured:
            write()
        reads = [q["sql"] for q in captured.captured_queries if "agreements_periodlock" in q["sql"]]
        assert sum(not sql.startswith("LOCK TABLE") for sql in reads) == 1  # PostgreSQL also locks it, once


def test_records_outside_any_year_do_not_read_the_locks(world: World) -> None:
    from xiezuo.apps.people.models import Person

    lock(world)
    person = make_record(Person, world.ours)
    with CaptureQueriesContext(connection) as captured:
        core.update_record(person, actor=world.west_editor, data={"name": "李四"}, expected_version=1)
    assert not any("agreements_periodlock" in q["sql"] for q in captured.captured_queries)


# --- through the pages -------------------------------------------------------------------------------------


def project_form(project: Project, **changes: Any) -> dict[str, Any]:
    data = {
        "code": project.code,
        "title": project.title,
        "pairing": project.pairing_id,
        "year": project.year,
        "category": project.category,
        "status": project.status,
        "version": project.version,
    }
    return data | changes


def test_an_editor_editing_a_locked_project_sees_why_on_the_form(world: World) -> None:
    project = make_record(Project, world.ours)
    lock(world)
    response = world.client(world.west_editor).post(
        f"/projects/{project.pk}/edit/", project_form(project, title="锁定后改的标题")
    )
    html = response.content.decode()
    assert response.status_code == 200 and LOCKED in html and "until an administrator reopens the year" in html
    project.refresh_from_db()
    assert (project.title, project.version) == ("测试项目1", 1)


def test_an_editor_moving_a_project_into_a_locked_year_sees_why(world: World) -> None:
    project = in_year(make_record(Project, world.ours), 2025)
    lock(world)
    response = world.client(world.west_editor).post(f"/projects/{project.pk}/edit/", project_form(project, year=2024))
    assert response.status_code == 200 and LOCKED in response.content.decode()
    assert Project.objects.get(pk=project.pk).year == 2025


def test_an_editor_deleting_a_locked_project_is_told_why(world: World) -> None:
    project = make_record(Project, world.ours)
    lock(world)
    response = world.client(world.west_editor).post(f"/projects/{project.pk}/delete/", follow=True)
    assert response.redirect_chain[-1][0] == f"/projects/{project.pk}/"
    assert LOCKED in response.content.decode()
    assert Project.objects.filter(pk=project.pk).exists()


def test_adding_a_transaction_of_a_locked_year_on_the_project_page_is_refused(world: World) -> None:
    project = make_record(Project, world.ours)
    lock(world)
    response = world.client(world.west_editor).post(
        f"/projects/{project.pk}/transactions/",
        {"transaction-type": "allocation", "transaction-date": "2024-03-01", "transaction-amount": "1000"},
    )
    assert response.status_code == 200 and LOCKED in response.content.decode()
    assert not FundTransaction.objects.exists()


def test_reverting_a_change_of_a_locked_year_in_the_change_log_is_refused(world: World) -> None:
    project = core.create_record(Project, actor=world.west_editor, data=LEDGERS["project"].new(world, 2024))
    lock(world)
    change = log_of(Project).get()
    response = world.client(world.west_editor).post(f"/changes/{change.pk}/revert/", follow=True)
    assert LOCKED in response.content.decode()
    assert Project.objects.filter(pk=project.pk).exists()


def test_the_admin_locks_and_reopens_a_year_on_the_period_lock_pages(world: World) -> None:
    admin, editor = world.client(world.admin), world.client(world.west_editor)
    project = make_record(Project, world.ours)

    response = admin.post("/period-locks/new/", {"year": 2024, "reason": "2024年度考核"})
    period_lock = PeriodLock.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/period-locks/{period_lock.pk}/"
    assert editor.post(f"/projects/{project.pk}/edit/", project_form(project, title="改")).status_code == 200
    assert Project.objects.get(pk=project.pk).version == 1

    again = admin.post("/period-locks/new/", {"year": 2024})
    # The form says so before the service would (the service says the same for other callers: the API, imports).
    assert again.status_code == 200 and "This year is locked already." in again.content.decode()
    assert PeriodLock.objects.count() == 1

    response = admin.post(f"/period-locks/{period_lock.pk}/delete/", {"reason": "补录数据"})
    assert response.status_code == 302 and not PeriodLock.objects.exists()
    assert editor.post(f"/projects/{project.pk}/edit/", project_form(project, title="改")).status_code == 302
    assert Project.objects.get(pk=project.pk).title == "改"
    assert list(log_of(PeriodLock).order_by("pk").values_list("action", "actor", "reason")) == [
        ("create", world.admin.pk, "2024年度考核"),
        ("delete", world.admin.pk, "补录数据"),
    ]


def test_an_editor_cannot_reach_the_period_lock_pages_to_write(world: World) -> None:
    period_lock = lock(world)
    editor = world.client(world.west_editor)
    assert editor.get("/period-locks/").status_code == 200  # everyone reads which years are locked
    assert editor.post("/period-locks/new/", {"year": 2025}).status_code == 403
    assert editor.post(f"/period-locks/{period_lock.pk}/delete/").status_code == 404
    assert list(PeriodLock.objects.values_list("year", flat=True)) == [2024]
