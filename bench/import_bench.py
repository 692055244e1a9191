"""Excel import of 10,000 projects: rows per second of the check (the dry run) and of the saving, beside a
baseline measured in the same run: rows created by calling `projects.services.create_project` directly, one
after another in one transaction with one batch (what the import did before `core.bulk`: every row's checks
and writes made by themselves). The baseline runs on the first BASELINE_ROWS rows only: its rate is what
matters, and it is the slow path.

Run alone (`python -m bench.import_bench`) it uses a database of its own (SQLite under var/bench-import, or
DATABASE_URL); after the platform bench (`make bench`) that one's. Its pairing "基准—结对" is emptied of
projects before and after. BENCH_IMPORT_ROWS (default 10000) sets the number of rows. Goal: the whole
import under 20 s.
"""

from __future__ import annotations

import io
import os
import time
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CATEGORIES = ["产业发展", "劳务协作", "人才交流", "消费协作", "民生改善"]
BASELINE_ROWS = 2000


def _setup_django(var: Path) -> None:
    from django.apps import apps

    if apps.ready:  # after another bench: its database
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xiezuo.web.settings")
    os.environ["XIEZUO_VAR"] = str(var)
    import django

    django.setup()


def _world() -> tuple[Any, Any]:
    from django.contrib.auth.models import User

    from xiezuo.apps.core.models import Membership
    from xiezuo.apps.pairings.models import Pairing
    from xiezuo.apps.regions.services import division

    pairing = Pairing.objects.filter(name="基准—结对").first()
    if pairing is None:
        pairing = Pairing.objects.create(level="county", name="基准—结对", start_date=date(2021, 3, 1))
        pairing.east_regions.set([division("330303")])
        pairing.west_regions.set([division("511324")])
    user, created = User.objects.get_or_create(username="bench-importer")
    if created:
        Membership.objects.create(user=user, role="editor", pairing=pairing, side="west")
    return pairing, user


def _rows(n: int, prefix: str) -> list[list[Any]]:
    return [
        [
            f"{prefix}{i:05d}",
            f"协作项目{i}",
            "基准—结对",
            2024,
            CATEGORIES[i % len(CATEGORIES)],
            "计划中",
            "仪陇县",
            f"{1 + i % 30}万" if i % 3 == 0 else 100 + i,
            f"{i % 50}",
            "",
        ]
        for i in range(n)
    ]


def _workbook(rows: list[list[Any]], ledger: str = "projects") -> bytes:
    from xiezuo.apps.core.columns import columns_for
    from xiezuo.apps.core.registry import ledger_types
    from xiezuo.apps.core.tabular import OutColumn, OutSheet, write_xlsx

    ledger_type = next(t for t in ledger_types() if t.slug == ledger)
    headers = [c.header for c in columns_for(ledger_type)[2:]]
    buffer = io.BytesIO()
    write_xlsx([OutSheet(ledger_type.verbose_name_plural, [OutColumn(h) for h in headers], rows)], buffer)
    return buffer.getvalue()


def _fund_rows(codes: list[str], n: int) -> list[list[Any]]:
    """n fund transactions over the projects: receipts, and in every tenth round a refund of part of them
    (each checked against the receipts of the rows before it)."""
    rows = []
    for i in range(n):
        refund = (i // len(codes)) % 10 == 9
        rows.append([codes[i % len(codes)], "退回" if refund else "到位", "2024-03-01", 500 if refund else 10000, ""])
    return rows


def _row_by_row(service: Callable[..., Any], datas: list[dict[str, Any]], user: Any) -> float:
    """The service called for each row, each in a savepoint, in one transaction (rolled back): rows/s."""
    from django.db import transaction

    from xiezuo.apps.core.services import new_batch

    started = time.perf_counter()
    with transaction.atomic():
        batch = new_batch()
        for data in datas:
            with transaction.atomic():
                service(actor=user, data=data, batch=batch)
        transaction.set_rollback(True)
    return len(datas) / (time.perf_counter() - started)


def _fund_baseline(rows: list[list[Any]], user: Any) -> float:
    """The transactions through add_transaction directly, one by one: rows per second."""
    from xiezuo.apps.projects.models import Project
    from xiezuo.apps.projects.services import add_transaction

    projects = {p.code: p for p in Project.objects.filter(code__in={row[0] for row in rows})}
    datas = [
        {
            "project": projects[code],
            "type": "refund" if kind == "退回" else "receipt",
            "date": date.fromisoformat(day),
            "amount": Decimal(amount),
        }
        for code, kind, day, amount, _note in rows
    ]
    return _row_by_row(add_transaction, datas, user)


def _baseline(rows: list[list[Any]], pairing: Any, user: Any) -> float:
    """The projects through create_project directly, one by one: rows per second."""
    from xiezuo.apps.projects.services import create_project
    from xiezuo.apps.regions.models import Region

    location = Region.objects.get(code="511324")
    codes = {label: code for code, label in _category_codes()}
    datas = [
        {
            "code": row[0],
            "title": row[1],
            "pairing": pairing,
            "year": 2024,
            "category": codes[row[4]],
            "status": "planned",
            "location": location,
            "beneficiaries": int(str(row[7]).removesuffix("万")) * 10_000 if str(row[7]).endswith("万") else row[7],
            "beneficiaries_formerly_poor": int(row[8]),
            "description": "",
        }
        for row in rows
    ]
    return _row_by_row(create_project, datas, user)


def _category_codes() -> list[tuple[str, str]]:
    from django.utils import translation

    from xiezuo.apps.projects.choices import Category

    with translation.override("zh-hans"):
        return [(code, str(label)) for code, label in Category.choices]


def _timed[T](work: Callable[[], T]) -> tuple[T, float]:
    started = time.perf_counter()
    result = work()
    return result, time.perf_counter() - started


def _import(data: bytes, user: Any, ledger: str = "projects") -> tuple[Any, list[tuple[str, float]]]:
    """Read, check and save a file of a ledger: the saved outcome and the seconds of each step."""
    from xiezuo.apps.core import imports
    from xiezuo.apps.core.registry import ledger_types
    from xiezuo.apps.core.services import new_batch

    ledger_type = next(t for t in ledger_types() if t.slug == ledger)
    plan, read = _timed(lambda: imports.read_plan(ledger_type, data, "bench.xlsx"))
    checked, check = _timed(lambda: imports.run(plan, actor=user, commit=False, batch=new_batch()))
    assert not checked.problems, checked.problems[:3]
    saved, save = _timed(lambda: imports.run(plan, actor=user, commit=True, batch=new_batch()))
    assert not saved.problems, saved.problems[:3]
    return saved, [("reading the .xlsx", read), ("check (dry run, rolled back)", check), ("saving", save)]


def _changes(pairing: Any) -> bytes:
    """The pairing's projects by ID, each with a new title: a file that changes every record."""
    from xiezuo.apps.core.tabular import OutColumn, OutSheet, write_xlsx
    from xiezuo.apps.projects.models import Project

    projects = Project.objects.filter(pairing=pairing).values_list("pk", "title")
    rows = [[pk, f"{title}（二期）"] for pk, title in projects]
    buffer = io.BytesIO()
    write_xlsx([OutSheet("协作项目", [OutColumn("ID"), OutColumn("名称")], rows)], buffer)
    return buffer.getvalue()


def _report(title: str, n: int, steps: list[tuple[str, float]], baseline: float) -> None:
    print(f"  {title}")
    for label, seconds in steps:
        ratio = f", {n / seconds / baseline:.2f}× baseline" if label != "reading the .xlsx" else ""
        print(f"    {label + ':':32} {n / seconds:>7,.0f} rows/s ({seconds:.1f} s){ratio}")
    total = sum(seconds for _label, seconds in steps)
    print(f"    {'whole import:':32} {n / total:>7,.0f} rows/s ({total:.1f} s; goal < 20 s)")


def main() -> None:
    n = int(os.environ.get("BENCH_IMPORT_ROWS", "10000"))
    var = ROOT / "var" / "bench-import"
    var.mkdir(parents=True, exist_ok=True)
    _setup_django(var)
    from django.core.management import call_command
    from django.db import connection
    from django.utils import translation

    from xiezuo.apps.projects.models import FundTransaction, Project

    call_command("migrate", verbosity=0)
    database = "PostgreSQL" if connection.vendor == "postgresql" else "SQLite"
    print(f"\n## Excel import of {n:,} rows on {database}")
    with translation.override("zh-hans"):
        pairing, user = _world()
        FundTransaction.objects.filter(project__pairing=pairing).delete()
        Project.objects.filter(pairing=pairing).delete()
        rows = _rows(n, f"B{int(time.time()) % 100000}-")
        baseline = _baseline(rows[:BASELINE_ROWS], pairing, user)
        print(f"  baseline, create_project row by row: {baseline:,.0f} rows/s ({min(n, BASELINE_ROWS):,} rows)")
        saved, steps = _import(_workbook(rows), user)
        assert saved.created == n, saved.created
        _report(f"{n:,} new projects", n, steps, baseline)
        changed, steps = _import(_changes(pairing), user)
        assert changed.updated == n, changed.updated
        _report(f"the same {n:,} projects changed (an ID column and a new title)", n, steps, baseline)
        funds = _fund_rows(sorted(Project.objects.filter(pairing=pairing).values_list("code", flat=True))[:100], n)
        baseline = _fund_baseline(funds[:BASELINE_ROWS], user)
        print(f"  baseline, add_transaction row by row: {baseline:,.0f} rows/s ({min(n, BASELINE_ROWS):,} rows)")
        added, steps = _import(_workbook(funds, "transactions"), user, "transactions")
        assert added.created == n, added.created
        _report(f"{n:,} fund transactions of 100 projects, a tenth of them refunds", n, steps, baseline)
        FundTransaction.objects.filter(project__pairing=pairing).delete()
        Project.objects.filter(pairing=pairing).delete()


if __name__ == "__main__":
    main()
