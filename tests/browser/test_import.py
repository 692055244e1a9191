"""Importing a workbook in Chromium: upload, watch it being checked, read the preview, confirm, watch it
being saved, and find the records in the list. The file is large enough to run in the background."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from xiezuo.apps import conftest as ledger
from xiezuo.apps.conftest import World
from xiezuo.apps.core import import_jobs
from xiezuo.apps.projects.models import Project

pytestmark = pytest.mark.django_db(transaction=True)
world = ledger.world  # the personas of the ledger tests (src/xiezuo/apps/conftest.py)
OURS = "温州湾新区、龙湾区 — 仪陇县"
ROWS = 120


def _workbook(path: Path) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "协作项目"
    sheet.append(["项目编号", "名称", "结对", "年度", "类别", "受益人数"])
    for n in range(ROWS):
        sheet.append([f"YL-2024-{n:03d}", f"仪陇县柑橘产业园{n}期", OURS, 2024, "产业发展", "1.2万"])
    workbook.save(path)
    return path


def test_a_workbook_is_checked_previewed_confirmed_and_saved_with_progress(
    page: Any, world: World, monkeypatch: Any, settings: Any, tmp_path: Path, artifacts: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    monkeypatch.setattr(import_jobs, "INLINE_ROWS", 10)  # 120 rows: a background job
    # The test database (SQLite in memory, shared cache) cannot be read while it is written: each step of the
    # job waits until the page has shown its progress bar, then runs while the page polls its status.
    gates = {"check": threading.Event(), "save": threading.Event()}
    check, save = import_jobs.check, import_jobs.save
    monkeypatch.setattr(import_jobs, "check", lambda job, plan=None: (gates["check"].wait(30), check(job, plan)))
    monkeypatch.setattr(import_jobs, "save", lambda job: (gates["save"].wait(30), save(job)))

    page.goto("/login/")
    page.fill("#id_username", "west")
    page.fill("#id_password", "pw-for-tests-only")
    page.click("form button[type=submit]")
    page.wait_for_url("**/")
    page.goto("/projects/")
    page.click("a[href='/projects/import/']")
    page.set_input_files("#id_file", str(_workbook(tmp_path / "2024年项目台账.xlsx")))
    page.click("form.record-form button[type=submit]")

    page.wait_for_selector("#import-progress progress")
    gates["check"].set()
    page.wait_for_selector("#confirm-import")  # the page reloads itself when the check is done
    assert page.inner_text("#count-created") == str(ROWS)
    assert "仪陇县柑橘产业园0期" in page.inner_text("table.import-preview")
    assert not Project.objects.exists()
    page.screenshot(path=str(artifacts / "import-preview.png"))

    page.click("#confirm-import")
    page.wait_for_selector("#import-progress progress")
    gates["save"].set()
    page.wait_for_selector(".message.success")
    assert page.inner_text("#count-created") == str(ROWS)
    assert Project.objects.filter(pairing=world.ours).count() == ROWS
    assert Project.objects.get(code="YL-2024-007").beneficiaries == 12000

    page.goto("/projects/?q=柑橘产业园7期")
    assert "YL-2024-007" in page.inner_text("table.ledger")
