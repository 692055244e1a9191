"""Many rows written as one (`core.bulk`): the same records, checks, messages and change log as one row at a
time, in a number of statements that does not grow with the number of rows."""

from __future__ import annotations

import copy
import datetime
import itertools
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from xiezuo.apps.agreements.models import PeriodLock
from xiezuo.apps.conftest import World, make_record
from xiezuo.apps.cooperation.models import LabourPlacement
from xiezuo.apps.core import bulk, bulk_flush, conditions, imports, services
from xiezuo.apps.core.choices import ChangeAction
from xiezuo.apps.core.models import ChangeLog, ImportJob
from xiezuo.apps.core.tests.sheets import job_of, upload, xlsx
from xiezuo.apps.core.tests.test_import_checks import HEADER, OURS, project_row
from xiezuo.apps.people.models import Person
from xiezuo.apps.projects.models import FundTransaction, Project
from xiezuo.apps.projects.services import create_project, update_project
from xiezuo.apps.projects.views import PROJECTS, TRANSACTIONS
from xiezuo.apps.visits.models import Meeting

pytestmark = pytest.mark.usefixtures("import_media")


# --- check constraints in Python ----------------------------------------------------------------------------


def _check_constraints() -> Iterator[Any]:
    for model in apps.get_models():
        for constraint in model._meta.constraints:
            if isinstance(constraint, models.CheckConstraint):
                yield pytest.param(model, constraint, id=constraint.name)


def _samples(field: Any) -> list[Any]:
    """Values around the edges of what the project's conditions compare, NULL included."""
    if field.choices:
        return [None, *(code for code, _label in field.flatchoices)]
    if isinstance(field, models.DateField):
        return [None, datetime.date(2024, 1, 1), datetime.date(2024, 6, 1)]
    if isinstance(field, models.DecimalField):
        return [None, Decimal("-1"), Decimal("0"), Decimal("2.5")]
    if isinstance(field, models.IntegerField):
        return [None, -1, 0, 5]
    if isinstance(field, models.ForeignKey):
        return [None, 1]
    return [None, "", "郭宗海"]


@pytest.mark.django_db
@pytest.mark.parametrize(("model", "constraint"), list(_check_constraints()))
def test_every_check_constraint_is_decided_in_python_as_the_database_decides_it(
    model: type[models.Model], constraint: models.CheckConstraint
) -> None:
    names = sorted(conditions.field_names(constraint.condition))  # type: ignore[arg-type]
    fields = [model._meta.get_field(name) for name in names]
    for values in itertools.product(*(_samples(f) for f in fields)):
        instance = model(**{f.attname: v for f, v in zip(fields, values, strict=True)})  # type: ignore[union-attr]
        try:
            constraint.validate(model, instance)  # Django asks the database
            database = True
        except ValidationError:
            database = False
        assert conditions.holds(constraint.condition, instance) is database, dict(zip(names, values, strict=True))  # type: ignore[arg-type]


# --- the checks of a record ----------------------------------------------------------------------------------


def _errors(check: Callable[[], None]) -> dict[str, list[str]]:
    try:
        check()
    except ValidationError as error:
        return error.message_dict
    return {}


def test_checked_in_a_batch_a_record_gets_the_errors_full_clean_gives(world: World) -> None:
    def placement(**change: Any) -> LabourPlacement:
        values = {
            "pairing": world.ours,
            "period_start": datetime.date(2024, 1, 1),
            "period_end": datetime.date(2024, 6, 30),
            "workers": 120,
            "formerly_poor": 80,
            "destination": "eastern_partner",
        }
        return LabourPlacement(**{**values, **change})

    records = [
        placement(),
        placement(period_end=datetime.date(2023, 12, 31), formerly_poor=200),  # two check constraints
        placement(pairing_id=999_999),  # a pairing that does not exist
        placement(workers=-1, destination="abroad"),  # a check constraint and a choice
        placement(period_start=None),  # a required field
    ]
    with translation.override("zh-hans"), bulk.writing() as writes:
        for record in records * 2:  # the second time round, the foreign keys are known to the batch
            expected = _errors(copy.copy(record).full_clean)
            checked = copy.copy(record)
            assert _errors(lambda: writes.full_clean(checked, unique=True)) == expected  # noqa: B023
    assert _errors(records[1].full_clean).keys() == {"__all__"}  # the cases do fail


# --- an import --------------------------------------------------------------------------------------------------


def _run(world: World, rows: list[list[Any]], header: list[str] = HEADER) -> tuple[imports.Outcome, int]:
    """Import rows of projects (saved), and count the statements it took."""
    plan = imports.read_plan(PROJECTS, xlsx([header, *rows]), "台账.xlsx")
    with CaptureQueriesContext(connection) as queries:
        outcome = imports.run(plan, actor=world.west_editor, commit=True, batch=services.new_batch())
    return outcome, len(queries)


def test_the_statements_an_import_makes_do_not_grow_with_its_rows(world: World) -> None:
    _run(world, [project_row(1)])  # what is read once per process (kinds of record, translations)
    small, small_queries = _run(world, [project_row(n) for n in range(2, 32)])
    large, large_queries = _run(world, [project_row(n) for n in range(101, 401)])

    assert (small.created, large.created, small.problems, large.problems) == (30, 300, [], [])
    assert Project.objects.count() == 331
    assert large_queries == small_queries
    assert small_queries < 40


def test_the_statements_an_import_of_changes_makes_do_not_grow_with_its_rows(world: World) -> None:
    _run(world, [project_row(n) for n in range(1, 332)])
    projects = list(Project.objects.order_by("pk"))
    changes = [[p.pk, f"{p.title}（二期）"] for p in projects]
    _run(world, changes[:1], ["ID", "名称"])

    small, small_queries = _run(world, changes[1:31], ["ID", "名称"])
    large, large_queries = _run(world, changes[31:331], ["ID", "名称"])

    assert (small.updated, large.updated, small.problems, large.problems) == (30, 300, [], [])
    assert large_queries == small_queries
    assert Project.objects.filter(title__endswith="（二期）", version=2).count() == 331


def test_an_import_saves_records_links_and_change_log_as_the_services_do(world: World) -> None:
    assert bulk.can_defer(Meeting)  # the links below are written by the flush
    first, second = make_record(Person, world.ours), make_record(Person, world.ours)
    rows = [
        ["结对", "名称", "日期", "参会人员"],
        [OURS, "东西部协作工作座谈会", "2024-08-26", f"{first.name}、{second.name}"],
        [OURS, "产业园建设推进会", "2024-08-27", ""],
    ]
    client = world.client(world.west_editor)
    job = job_of(upload(client, "meetings", xlsx(rows), reason="考察座谈"))
    client.post(f"/meetings/import/{job.pk}/confirm/")

    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
    meetings = {m.name: m for m in Meeting.objects.all()}
    assert set(meetings["东西部协作工作座谈会"].participants.all()) == {first, second}
    assert not meetings["产业园建设推进会"].participants.exists()
    for meeting in meetings.values():
        entry = ChangeLog.objects.get(content_type__model="meeting", object_id=str(meeting.pk))
        assert (entry.action, entry.batch, entry.actor, entry.reason) == (
            ChangeAction.CREATE,
            job.batch,
            world.west_editor,
            "考察座谈",
        )
        assert entry.after == services.snapshot(meeting)  # as read back from the database
        assert entry.object_repr == str(meeting)


def test_a_new_record_that_is_not_unique_in_the_ledger_is_refused_by_its_row(world: World) -> None:
    Project.objects.create(code="YL-2024-002", title="已有项目", pairing=world.ours, year=2024, category="industry")

    job = job_of(upload(world.client(world.west_editor), "projects", xlsx([HEADER, *map(project_row, (1, 2, 3))])))

    assert job.status == ImportJob.Status.INVALID
    [problem] = job.preview["problems"]
    assert problem["row"] == 3 and "项目编号" in problem["message"]
    assert job.preview["created"] == 2
    assert list(Project.objects.values_list("title", flat=True)) == ["已有项目"]


def test_an_import_into_a_locked_year_is_refused_for_those_rows(world: World) -> None:
    PeriodLock.objects.create(year=2024, reason="考核前锁定")
    rows = [project_row(1), project_row(2, 年度=2023)]

    job = job_of(upload(world.client(world.west_editor), "projects", xlsx([HEADER, *rows])))

    [problem] = job.preview["problems"]
    assert problem["row"] == 2 and "2024" in problem["message"]
    assert not Project.objects.exists()


def test_when_the_database_refuses_the_rows_written_together_nothing_is_saved_and_the_user_is_told(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    Project.objects.create(code="YL-2024-002", title="已有项目", pairing=world.ours, year=2024, category="industry")
    monkeypatch.setattr(bulk_flush, "_unique_failures", lambda *args: None)  # as if someone added it meanwhile

    with translation.override("zh-hans"):
        outcome, _queries = _run(world, [project_row(1), project_row(2)])

    [problem] = outcome.problems
    assert problem.row is None and problem.text.startswith("数据库拒绝")
    assert list(Project.objects.values_list("title", flat=True)) == ["已有项目"]
    assert not ChangeLog.objects.filter(content_type__model="project").exists()


def test_two_deferred_records_that_are_one_record_fail_the_flush_by_the_later_tag(world: World) -> None:
    data = {"code": "YL-1", "title": "柑橘产业园", "pairing": world.ours, "year": 2024, "category": "industry"}

    with transaction.atomic(), bulk.writing() as writes:
        for tag in (2, 3):
            with writes.deferring(tag, Project):
                create_project(actor=world.west_editor, data=data)
        assert not Project.objects.exists()  # checked, not inserted yet
        failures = writes.flush()

    assert list(failures) == [3]
    assert not Project.objects.exists()


def test_an_import_of_changes_writes_fields_links_versions_and_change_log_as_the_services_do(world: World) -> None:
    first, second, third = (make_record(Person, world.ours) for _ in range(3))
    meeting = Meeting.objects.create(pairing=world.ours, name="座谈会", date=datetime.date(2024, 8, 26))
    meeting.participants.set([first, second])
    before, changed_at = services.snapshot(meeting), meeting.updated_at
    rows = [["ID", "名称", "参会人员"], [meeting.pk, "东西部协作工作座谈会", f"{second.name}、{third.name}"]]
    client = world.client(world.west_editor)

    job = job_of(upload(client, "meetings", xlsx(rows)))
    client.post(f"/meetings/import/{job.pk}/confirm/")

    meeting.refresh_from_db()
    assert (meeting.name, meeting.version, set(meeting.participants.all())) == (
        "东西部协作工作座谈会",
        2,
        {second, third},
    )
    assert meeting.updated_at > changed_at
    entry = ChangeLog.objects.get(content_type__model="meeting", object_id=str(meeting.pk))
    assert (entry.action, entry.batch) == (ChangeAction.UPDATE, job.batch)
    assert (entry.before, entry.after) == (before, services.snapshot(meeting))


def test_a_change_that_would_give_a_record_another_one_s_key_is_refused_by_its_row(world: World) -> None:
    first, second = make_record(Project, world.ours), make_record(Project, world.ours)

    outcome, _queries = _run(world, [[first.pk, second.code]], ["ID", "项目编号"])

    [problem] = outcome.problems
    assert problem.row == 2 and "项目编号" in problem.text
    first.refresh_from_db()
    assert (first.code, first.version) == ("P0001", 1)


def test_a_record_changed_by_someone_else_before_the_flush_is_refused_by_its_row(world: World) -> None:
    project = make_record(Project, world.ours)

    with translation.override("zh-hans"), transaction.atomic(), bulk.writing() as writes:
        with writes.deferring(2, Project):
            update_project(project, actor=world.west_editor, data={"title": "东部改的名称"}, expected_version=1)
        Project.objects.filter(pk=project.pk).update(title="西部先改的名称", version=2)  # the other editor
        failures = writes.flush()

    assert list(failures) == [2] and list(failures[2].message_dict) == ["version"]
    assert "测试项目1" in failures[2].messages[0]  # the record as the user knew it, not as the row would make it
    project.refresh_from_db()
    assert (project.title, project.version) == ("西部先改的名称", 2)
    assert not ChangeLog.objects.filter(content_type__model="project").exists()


def test_codes_renamed_in_a_chain_pass_as_they_would_row_by_row(world: World) -> None:
    first, second = make_record(Project, world.ours), make_record(Project, world.ours)  # P0001, P0002
    rows = [[second.pk, "P0003"], [first.pk, "P0002"]]  # row 2 frees P0002, row 3 takes it

    outcome, _queries = _run(world, rows, ["ID", "项目编号"])

    assert (outcome.updated, outcome.problems) == (2, [])
    assert dict(Project.objects.values_list("pk", "code")) == {first.pk: "P0002", second.pk: "P0003"}


def test_a_new_record_may_take_a_code_an_earlier_row_gives_up_but_not_one_a_later_row_does(world: World) -> None:
    first, second = make_record(Project, world.ours), make_record(Project, world.ours)  # P0001, P0002
    header = ["ID", *HEADER]
    freed_first = [[first.pk, *project_row(1, 项目编号="P0009")], ["", *project_row(2, 项目编号="P0001")]]
    freed_later = [["", *project_row(3, 项目编号="P0002")], [second.pk, *project_row(4, 项目编号="P0008")]]

    outcome, _queries = _run(world, freed_first, header)
    assert (outcome.created, outcome.updated, outcome.problems) == (1, 1, [])

    outcome, _queries = _run(world, freed_later, header)
    assert [p.row for p in outcome.problems] == [2]  # as one row at a time: P0002 was still taken
    assert sorted(Project.objects.values_list("code", flat=True)) == ["P0001", "P0002", "P0009"]


# --- fund transactions: the refund rule through the batch's running sums ----------------------------------------

FUNDS = ["协作项目", "类型", "日期", "金额（元）", "备注"]


def _run_funds(world: World, rows: list[list[Any]], header: list[str] = FUNDS) -> tuple[imports.Outcome, int]:
    plan = imports.read_plan(TRANSACTIONS, xlsx([header, *rows]), "资金台账.xlsx")
    with translation.override("zh-hans"), CaptureQueriesContext(connection) as queries:
        outcome = imports.run(plan, actor=world.west_editor, commit=True, batch=services.new_batch())
    return outcome, len(queries)


def test_a_refund_is_checked_against_the_receipts_of_the_rows_before_it(world: World) -> None:
    project = make_record(Project, world.ours)
    rows = [
        [project.code, "到位", "2024-03-01", "10万", ""],
        [project.code, "退回", "2024-04-01", "6万", ""],
        [project.code, "退回", "2024-05-01", "5万", "超过到位的部分"],
        [project.code, "到位", "2024-06-01", "2万", "此后到位的不算"],
    ]

    outcome, _queries = _run_funds(world, rows)

    [problem] = outcome.problems
    assert (problem.row, problem.column) == (4, "金额（元）") and "110,000.00" in problem.message
    assert not FundTransaction.objects.exists()
    outcome, _queries = _run_funds(world, rows[:2])
    assert (outcome.created, outcome.problems) == (2, [])
    assert _funds_of(project) == (Decimal("100000.00"), Decimal("60000.00"))


def test_a_receipt_cut_below_the_refunds_of_the_same_file_is_refused(world: World) -> None:
    project = make_record(Project, world.ours)
    receipt = FundTransaction.objects.create(
        project=project, type="receipt", date=datetime.date(2024, 3, 1), amount=Decimal("100000")
    )
    header = ["ID", *FUNDS]
    rows = [
        ["", project.code, "退回", "2024-04-01", "8万", ""],
        [receipt.pk, project.code, "到位", "2024-03-01", "5万", "核减"],
    ]

    outcome, _queries = _run_funds(world, rows, header)

    assert [p.row for p in outcome.problems] == [3]
    receipt.refresh_from_db()
    assert receipt.amount == Decimal("100000.00") and FundTransaction.objects.count() == 1


def test_the_statements_a_fund_ledger_import_makes_do_not_grow_with_its_rows(world: World) -> None:
    projects = [make_record(Project, world.ours) for _ in range(3)]

    def rows(n: int) -> list[list[Any]]:
        return [
            [projects[i % 3].code, "退回" if i % 4 == 3 else "到位", "2024-03-01", 100 if i % 4 == 3 else 1000, ""]
            for i in range(n)
        ]

    _run_funds(world, rows(3))
    small, small_queries = _run_funds(world, rows(30))
    large, large_queries = _run_funds(world, rows(300))

    assert (small.created, large.created, small.problems, large.problems) == (30, 300, [], [])
    assert large_queries == small_queries


def _funds_of(project: Project) -> tuple[Decimal, Decimal]:
    rows = FundTransaction.objects.filter(project=project)
    return (
        sum((t.amount for t in rows if t.type == "receipt"), Decimal(0)),
        sum((t.amount for t in rows if t.type == "refund"), Decimal(0)),
    )


def test_a_refund_moved_to_another_project_is_checked_against_that_project_s_receipts(world: World) -> None:
    first, second = make_record(Project, world.ours), make_record(Project, world.ours)
    day = datetime.date(2024, 3, 1)
    FundTransaction.objects.create(project=first, type="receipt", date=day, amount=Decimal("10000"))
    moved = FundTransaction.objects.create(project=first, type="refund", date=day, amount=Decimal("5000"))
    FundTransaction.objects.create(project=second, type="receipt", date=day, amount=Decimal("10000"))
    FundTransaction.objects.create(project=second, type="refund", date=day, amount=Decimal("8000"))

    outcome, _queries = _run_funds(world, [[moved.pk, second.code, "退回", "2024-03-01", 5000, ""]], ["ID", *FUNDS])

    [problem] = outcome.problems
    assert problem.row == 2 and "13,000.00" in problem.message  # the second project's refunds with this one
    moved.refresh_from_db()
    assert moved.project == first


def test_money_that_is_not_a_refund_is_taken_even_for_a_project_whose_refunds_already_exceed_its_receipts(
    world: World,
) -> None:
    project = make_record(Project, world.ours)  # its receipt reverted, say: the rule is not the import's to fix
    day = datetime.date(2024, 3, 1)
    FundTransaction.objects.create(project=project, type="refund", date=day, amount=Decimal("60000"))
    rows = [[project.code, "下达", "2024-03-01", "10万", ""], [project.code, "到位", "2024-03-15", "5万", ""]]

    outcome, _queries = _run_funds(world, rows)

    assert (outcome.created, outcome.problems) == (2, [])
