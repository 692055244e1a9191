"""Large files are checked and saved in the background, reporting how far they got.

(The test database is SQLite in memory with a shared cache, where a reader and a writer of the same table
collide; the tests therefore read while the job runs only what the page's polling reads: the job's status.)
"""

from __future__ import annotations

import threading
from typing import Any

import pytest

from xiezuo.apps.conftest import World
from xiezuo.apps.core import import_jobs
from xiezuo.apps.core.models import ChangeLog, ImportJob
from xiezuo.apps.core.tests.sheets import job_of, upload, xlsx
from xiezuo.apps.projects.models import Project

pytestmark = [pytest.mark.usefixtures("import_media"), pytest.mark.django_db(transaction=True)]

OURS = "温州湾新区、龙湾区 — 仪陇县"
HEADER = ["项目编号", "名称", "结对", "年度", "类别"]


def _join(job: ImportJob) -> None:
    for thread in threading.enumerate():
        if thread.name == f"import-{job.pk}":
            thread.join(timeout=120)
            assert not thread.is_alive()


def test_a_large_file_is_checked_and_saved_in_the_background(world: World, monkeypatch: Any) -> None:
    monkeypatch.setattr(import_jobs, "INLINE_ROWS", 50)
    monkeypatch.setattr("xiezuo.apps.core.imports.PROGRESS_EVERY", 100)
    reported: list[int] = []
    write_progress = import_jobs.write_progress
    monkeypatch.setattr(
        import_jobs, "write_progress", lambda job, done: (reported.append(done), write_progress(job, done))
    )
    rows = [HEADER, *([f"YL-{n:04d}", f"项目{n}", OURS, 2024, "产业发展"] for n in range(300))]
    client = world.client(world.east_editor)

    job = job_of(upload(client, "projects", xlsx(rows)))
    _join(job)

    assert reported == [100, 200, 300, 300]
    state = client.get(f"/projects/import/{job.pk}/status/").json()
    assert (state["status"], state["done"], state["total"], state["running"]) == ("ready", 300, 300, False)
    assert not Project.objects.exists()

    reported.clear()
    client.post(f"/projects/import/{job.pk}/confirm/")
    _join(job)

    assert reported == [100, 200, 300, 300]
    assert client.get(f"/projects/import/{job.pk}/status/").json()["status"] == "done"
    assert Project.objects.count() == 300
    assert ChangeLog.objects.filter(batch=ImportJob.objects.get(pk=job.pk).batch).count() == 300


def test_the_page_of_a_running_import_shows_its_progress(world: World, monkeypatch: Any) -> None:
    go = threading.Event()
    check = import_jobs.check
    monkeypatch.setattr(import_jobs, "INLINE_ROWS", 1)
    monkeypatch.setattr(import_jobs, "check", lambda job, plan=None: (go.wait(30), check(job, plan)))
    rows = [HEADER, *([f"YL-{n:04d}", f"项目{n}", OURS, 2024, "产业发展"] for n in range(3))]
    client = world.client(world.east_editor)

    job = job_of(upload(client, "projects", xlsx(rows)))
    page = client.get(f"/projects/import/{job.pk}/").content.decode()
    go.set()
    _join(job)

    assert 'id="import-progress"' in page and f'data-status-url="/projects/import/{job.pk}/status/"' in page
    assert 'max="3"' in page
    finished = client.get(f"/projects/import/{job.pk}/").content.decode()
    assert 'id="import-progress"' not in finished and 'id="confirm-import"' in finished


def test_a_job_whose_process_died_says_so(world: World, monkeypatch: Any) -> None:
    client = world.client(world.east_editor)
    job = job_of(upload(client, "projects", xlsx([HEADER, ["YL-1", "甲", OURS, 2024, "产业发展"]])))
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.SAVING)
    monkeypatch.setattr(import_jobs, "STALLED_AFTER", import_jobs.datetime.timedelta(seconds=-1))

    page = client.get(f"/projects/import/{job.pk}/").content.decode()

    assert 'id="import-progress"' not in page and 'id="import-stalled"' in page
    assert client.get(f"/projects/import/{job.pk}/status/").json()["running"] is False
    assert not Project.objects.exists()
