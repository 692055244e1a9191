"""The period lock holds against concurrent writes on PostgreSQL (READ COMMITTED): a write that read the
locks keeps them as read until it commits, and a write never commits a record of a year locked meanwhile.

Two real connections (the test's own and a thread's), coordinated by events; a `lock_timeout` turns "this
would wait" into an error at once, so nothing here depends on how long anything takes.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from typing import Any

import psycopg.errors
import pytest
from django.core.exceptions import ValidationError
from django.db import OperationalError, connection, transaction

from xiezuo.apps.agreements import services as agreements
from xiezuo.apps.agreements.models import PeriodLock
from xiezuo.apps.conftest import World, make_record
from xiezuo.apps.core import periods
from xiezuo.apps.core.periods import PeriodLockedError
from xiezuo.apps.projects import services as projects
from xiezuo.apps.projects.models import Project

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="table locks: PostgreSQL only"),
    pytest.mark.django_db(transaction=True),
]

WAIT = 30  # seconds: only a guard against a hung test, never reached when it passes


def lock(world: World, year: int = 2024) -> PeriodLock:
    return agreements.lock_period(actor=world.admin, data={"year": year, "reason": f"{year}年度考核"})


def retitle(world: World, project: Project, title: str) -> Project:
    project.refresh_from_db()
    return projects.update_project(
        project, actor=world.west_editor, data={"title": title}, expected_version=project.version
    )


def no_waiting() -> None:
    """In this transaction, a statement that would wait for a lock fails instead."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL lock_timeout = '200ms'")


def assert_lock_timeout(error: pytest.ExceptionInfo[OperationalError]) -> None:
    assert isinstance(error.value.__cause__, psycopg.errors.LockNotAvailable), error.value


class Holder:
    """Runs `work` in a transaction on another thread (so on its own connection) and keeps the transaction
    open until `commit()`; `work`'s result or error is kept for the test."""

    def __init__(self, work: Callable[[], Any]) -> None:
        self.work = work
        self.ready = threading.Event()  # `work` is done, the transaction still open
        self.release = threading.Event()
        self.result: Any = None
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run)

    def _run(self) -> None:
        try:
            with transaction.atomic():
                self.result = self.work()
                self.ready.set()
                assert self.release.wait(WAIT), "never released"
        except BaseException as error:  # reported to the test by `commit`
            self.error = error
        finally:
            self.ready.set()
            connection.close()

    def start(self) -> Holder:
        self.thread.start()
        assert self.ready.wait(WAIT), "the other transaction never got going"
        if self.error is not None:
            raise self.error
        return self

    def commit(self) -> Any:
        self.release.set()
        self.thread.join(WAIT)
        assert not self.thread.is_alive()
        if self.error is not None:
            raise self.error
        return self.result


@pytest.fixture
def holders() -> Iterator[list[Holder]]:
    """Holders the test started; released however it ends, so no thread outlives it."""
    started: list[Holder] = []
    yield started
    for holder in started:
        holder.release.set()
        holder.thread.join(WAIT)


def hold(holders: list[Holder], work: Callable[[], Any]) -> Holder:
    holder = Holder(work)
    holders.append(holder)
    return holder.start()


@pytest.fixture
def project(world: World) -> Project:
    project = make_record(Project, world.ours)
    assert project.year == 2024
    return project


def test_a_lock_waits_for_a_write_that_read_the_locks(world: World, project: Project, holders: list[Holder]) -> None:
    writer = hold(holders, lambda: retitle(world, project, "锁定前改的标题"))

    with pytest.raises(OperationalError) as error, transaction.atomic():
        no_waiting()
        lock(world)
    assert_lock_timeout(error)
    assert not PeriodLock.objects.exists()

    writer.commit()
    lock(world)  # the write is in, before the lock
    project.refresh_from_db()
    assert project.title == "锁定前改的标题"
    assert list(PeriodLock.objects.values_list("year", flat=True)) == [2024]


def test_a_write_that_only_read_the_locks_holds_them_too(world: World, holders: list[Holder]) -> None:
    reader = hold(holders, periods.locked_years)
    with pytest.raises(OperationalError) as error, transaction.atomic():
        no_waiting()
        lock(world)
    assert_lock_timeout(error)
    assert reader.commit() == frozenset()
    lock(world)


def test_a_write_waits_for_an_uncommitted_lock_and_is_then_refused(
    world: World, project: Project, holders: list[Holder]
) -> None:
    admin = hold(holders, lambda: lock(world))

    with pytest.raises(OperationalError) as error, transaction.atomic():
        no_waiting()
        retitle(world, project, "锁定时改的标题")
    assert_lock_timeout(error)

    admin.commit()
    with pytest.raises(PeriodLockedError):
        retitle(world, project, "锁定后改的标题")
    project.refresh_from_db()
    assert project.title != "锁定后改的标题"


def test_writers_do_not_wait_for_one_another(world: World, project: Project, holders: list[Holder]) -> None:
    other = make_record(Project, world.ours)
    writer = hold(holders, lambda: retitle(world, project, "一个编辑改的"))
    with transaction.atomic():
        no_waiting()
        retitle(world, other, "另一个编辑改的")
    writer.commit()
    assert {p.title for p in Project.objects.all()} == {"一个编辑改的", "另一个编辑改的"}


def test_administrators_take_turns(world: World, holders: list[Holder]) -> None:
    first = hold(holders, lambda: lock(world, 2024))

    with pytest.raises(OperationalError) as error, transaction.atomic():
        no_waiting()
        lock(world, 2025)  # another year, but the locks change one administrator at a time
    assert_lock_timeout(error)

    first.commit()
    with pytest.raises(ValidationError, match="2024 is locked already"):
        lock(world, 2024)
    lock(world, 2025)
    unlocking = hold(holders, lambda: agreements.unlock_period(PeriodLock.objects.get(year=2024), actor=world.admin))
    with pytest.raises(OperationalError) as error, transaction.atomic():
        no_waiting()
        lock2025 = PeriodLock.objects.get(year=2025)
        agreements.update_period_lock(
            lock2025, actor=world.admin, data={"reason": "改过的理由"}, expected_version=lock2025.version
        )
    assert_lock_timeout(error)
    unlocking.commit()
    assert list(PeriodLock.objects.values_list("year", flat=True)) == [2025]


def test_outside_a_transaction_no_table_lock_is_taken(world: World, holders: list[Holder]) -> None:
    assert connection.get_autocommit()
    admin = hold(holders, lambda: lock(world))
    assert periods.locked_years() == frozenset()  # autocommit: reads what is committed, waits for nothing
    admin.commit()
    assert periods.locked_years() == frozenset({2024})


def test_a_write_that_waited_for_a_lock_sees_it(world: World, project: Project) -> None:
    """The race itself: the write gets to the check while the lock is being taken, and must not pass it.

    The one wait here is for the writer to be blocked, asked of PostgreSQL (`pg_blocking_pids`) until it says
    so; nothing is timed.
    """
    started = threading.Event()
    writer: dict[str, Any] = {}

    def write() -> None:
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                writer["pid"] = cursor.fetchone()[0]
            started.set()
            writer["result"] = retitle(world, project, "等锁时改的标题")
        except BaseException as error:  # asserted below
            writer["error"] = error
        finally:
            started.set()
            connection.close()

    thread = threading.Thread(target=write)
    try:
        with transaction.atomic():
            lock(world)
            thread.start()
            assert started.wait(WAIT)
            assert "pid" in writer, writer.get("error")
            pause = threading.Event()
            for _ in range(WAIT * 100):
                with connection.cursor() as cursor:
                    cursor.execute("SELECT cardinality(pg_blocking_pids(%s))", [writer["pid"]])
                    if cursor.fetchone()[0] or not thread.is_alive():
                        break
                pause.wait(0.01)
            assert thread.is_alive(), f"the write did not wait for the lock: {writer}"
    finally:
        thread.join(WAIT)
    assert not thread.is_alive()
    assert isinstance(writer.get("error"), PeriodLockedError), writer
    project.refresh_from_db()
    assert project.title != "等锁时改的标题"
