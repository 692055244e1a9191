"""The bulk path (`core.bulk`) against the reference: seeded random files of fund transactions, each imported
both ways from the same stored ledger, must give the same problems (row, column, message), the same counts
and the same money. The fund ledger is the hardest case: its refund rule reads the other rows of the file.

The scenarios mix new and changed rows, transactions moved between projects and turned from receipts into
refunds, dates in a locked year (refused inside the service after the refund rule passed) or too early, and
stored ledgers whose refunds already exceed their receipts (a revert can leave one so).
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal
from typing import Any

import pytest
from django.db import transaction
from django.utils import translation

from xiezuo.apps.agreements.models import PeriodLock
from xiezuo.apps.conftest import World, make_record
from xiezuo.apps.core import imports, services
from xiezuo.apps.core.tests.sheets import xlsx
from xiezuo.apps.projects.models import FundTransaction, Project
from xiezuo.apps.projects.views import TRANSACTIONS

pytestmark = pytest.mark.usefixtures("import_media")

HEADER = ["ID", "协作项目", "类型", "日期", "金额（元）", "备注"]
TYPES = {"receipt": "到位", "refund": "退回", "allocation": "下达"}
SCENARIOS = 40


def _ledger(rng: random.Random, world: World, overdrawn: bool) -> tuple[list[Project], list[FundTransaction]]:
    projects = [make_record(Project, world.ours) for _ in range(3)]
    stored = []
    for project in projects:
        received = Decimal(rng.choice([0, 50, 100, 200]) * 100)
        refunded = Decimal(rng.choice([0, 30, 60, 100]) * 100)
        for kind, amount, month in (("receipt", received, 3), ("refund", refunded, 4), ("allocation", 1000, 2)):
            if amount and (kind != "refund" or overdrawn or amount <= received) and rng.random() < 0.8:
                stored.append(
                    FundTransaction.objects.create(
                        project=project, type=kind, date=datetime.date(2024, month, 1), amount=amount
                    )
                )
    return projects, stored


def _file(rng: random.Random, projects: list[Project], stored: list[FundTransaction]) -> list[list[Any]]:
    rows: list[list[Any]] = []
    changeable = rng.sample(stored, len(stored))
    for _ in range(rng.randint(1, 6)):
        day = rng.choice(["2024-05-01"] * 5 + ["2023-06-01", "2022-06-01"])  # 2023 is locked; 2022 too early
        amount = rng.choice([10, 30, 50, 80, 100, 150]) * 100
        kind = rng.choice(["receipt", "refund", "refund", "allocation"])
        project = rng.choice(projects)
        if changeable and rng.random() < 0.45:
            changed = changeable.pop()
            project = changed.project if rng.random() < 0.5 else project
            kind = changed.type if rng.random() < 0.5 else kind
            rows.append([changed.pk, project.code, TYPES[kind], day, amount, "改"])
        else:
            rows.append(["", project.code, TYPES[kind], day, amount, ""])
    return rows


def _import(world: World, rows: list[list[Any]], projects: list[Project], *, together: bool) -> dict[str, Any]:
    """Both runs of an import (check, then save) and the money after, rolled back."""
    plan = imports.read_plan(TRANSACTIONS, xlsx([HEADER, *rows]), "资金台账.xlsx")
    seen: dict[str, Any] = {}
    savepoint = transaction.savepoint_create()
    with translation.override("zh-hans"):
        for commit in (False, True):
            outcome = imports.run(
                plan, actor=world.west_editor, commit=commit, batch=services.new_batch(), together=together
            )
            seen[f"commit={commit}"] = (
                [(p.row, p.column, p.message) for p in outcome.problems],
                outcome.created,
                outcome.updated,
            )
    seen["money"] = [
        sorted(FundTransaction.objects.filter(project=p).values_list("type", "amount", "date")) for p in projects
    ]
    transaction.savepoint_rollback(savepoint)
    return seen


@pytest.mark.parametrize("overdrawn", [False, True], ids=["ledgers that keep the rule", "overdrawn ledgers"])
def test_a_fund_ledger_imported_in_bulk_ends_as_one_imported_row_by_row(world: World, overdrawn: bool) -> None:
    PeriodLock.objects.create(year=2023, reason="考核前锁定")
    rng = random.Random(20261127 + overdrawn)
    refused = 0
    for _ in range(SCENARIOS):
        savepoint = transaction.savepoint_create()
        projects, stored = _ledger(rng, world, overdrawn)
        rows = _file(rng, projects, stored)
        reference = _import(world, rows, projects, together=False)
        assert _import(world, rows, projects, together=True) == reference, rows
        refused += bool(reference["commit=True"][0])
        transaction.savepoint_rollback(savepoint)
    assert 0 < refused < SCENARIOS  # the files do test both outcomes
