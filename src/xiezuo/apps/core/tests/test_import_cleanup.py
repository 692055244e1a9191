"""Old imports are cleaned up: a job and its uploaded file go `XIEZUO_IMPORT_RETENTION_DAYS` after the import
ended (by `cleanup_imports`, and a few at every upload); a running import stays; admins see the jobs."""

from __future__ import annotations

import datetime
import io
import os
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from xiezuo.apps.conftest import World
from xiezuo.apps.core import import_jobs
from xiezuo.apps.core.models import ChangeLog, ImportJob
from xiezuo.apps.core.tests.sheets import job_of, upload, xlsx
from xiezuo.apps.people.models import Person

pytestmark = pytest.mark.usefixtures("import_media")

OURS = "温州湾新区、龙湾区 — 仪陇县"
HEADER = ["名称", "地区", "所属结对台账"]
Status = ImportJob.Status


def _uploaded(client: Client, name: str, pairing: str = OURS) -> ImportJob:
    return job_of(upload(client, "people", xlsx([HEADER, [name, "仪陇县", pairing]])))


def _ended_days_ago(job: ImportJob, days: float) -> ImportJob:
    moment = timezone.now() - datetime.timedelta(days=days)
    ImportJob.objects.filter(pk=job.pk).update(created_at=moment, updated_at=moment, finished_at=moment)
    return ImportJob.objects.get(pk=job.pk)


def _files_of(job: ImportJob) -> list[Path]:
    return [Path(job.file.path), import_jobs.progress_path(job)]


def _cleanup(capture: Any) -> str:
    out = io.StringIO()
    with capture(execute=True):
        call_command("cleanup_imports", stdout=out)
    return out.getvalue()


def test_cleanup_imports_deletes_old_imports_with_their_files_whatever_became_of_them(
    world: World, import_media: Path, django_capture_on_commit_callbacks: Any
) -> None:
    client = world.client(world.east_editor)
    saved = _uploaded(client, "郭宗海")
    client.post(f"/people/import/{saved.pk}/confirm/")
    never_confirmed = _uploaded(client, "周一富")
    with_problems = _uploaded(client, "李明", pairing="没有这个结对")
    discarded = _uploaded(client, "王芳")
    client.post(f"/people/import/{discarded.pk}/discard/")
    jobs = [_ended_days_ago(job, 31) for job in (saved, never_confirmed, with_problems, discarded)]
    assert [job.status for job in jobs] == [Status.DONE, Status.READY, Status.INVALID, Status.DISCARDED]
    files = [path for job in jobs for path in _files_of(job)]
    assert all(path.exists() for path in files)

    said = _cleanup(django_capture_on_commit_callbacks)

    assert "Deleted 4 import job(s) older than 30 day(s)" in said
    assert not ImportJob.objects.exists()
    assert not any(path.exists() for path in files)
    assert not [path for path in (import_media / "imports").rglob("*") if path.is_file()]
    # What the import saved stays, and so does its change log.
    assert Person.objects.get().name == "郭宗海"
    assert ChangeLog.objects.filter(batch=saved.batch).count() == 1


def test_imports_that_ended_within_the_retention_period_are_kept(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    job = _ended_days_ago(_uploaded(world.client(world.east_editor), "郭宗海"), 29)

    assert "Deleted 0 import job(s)" in _cleanup(django_capture_on_commit_callbacks)

    assert ImportJob.objects.filter(pk=job.pk).exists()
    assert all(path.exists() for path in _files_of(job))


def test_the_retention_period_is_a_setting(
    world: World, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.XIEZUO_IMPORT_RETENTION_DAYS = 7
    client = world.client(world.east_editor)
    older, newer = _uploaded(client, "郭宗海"), _uploaded(client, "周一富")
    older, newer = _ended_days_ago(older, 8), _ended_days_ago(newer, 6)

    _cleanup(django_capture_on_commit_callbacks)

    assert list(ImportJob.objects.values_list("pk", flat=True)) == [newer.pk]
    assert not Path(older.file.path).exists()


def test_a_running_import_is_never_deleted_however_old(world: World, django_capture_on_commit_callbacks: Any) -> None:
    client = world.client(world.east_editor)
    running = _ended_days_ago(_uploaded(client, "郭宗海"), 60)
    ImportJob.objects.filter(pk=running.pk).update(status=Status.SAVING)
    import_jobs.write_progress(running, 1)  # it is still saying how far it got

    _cleanup(django_capture_on_commit_callbacks)

    assert ImportJob.objects.filter(pk=running.pk).exists()
    assert all(path.exists() for path in _files_of(running))


def test_an_import_whose_process_died_long_ago_is_deleted(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    stopped = _ended_days_ago(_uploaded(world.client(world.east_editor), "郭宗海"), 60)
    ImportJob.objects.filter(pk=stopped.pk).update(status=Status.SAVING)
    files = _files_of(stopped)
    long_ago = (timezone.now() - datetime.timedelta(days=60)).timestamp()
    for path in files:
        os.utime(path, (long_ago, long_ago))  # its progress file last said something 60 days ago

    _cleanup(django_capture_on_commit_callbacks)

    assert not ImportJob.objects.exists()
    assert not any(path.exists() for path in files)


def test_an_upload_deletes_old_imports_so_no_cron_is_needed(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    client = world.client(world.east_editor)
    old = _ended_days_ago(_uploaded(client, "郭宗海"), 31)

    with django_capture_on_commit_callbacks(execute=True):
        new = _uploaded(client, "周一富")

    assert list(ImportJob.objects.values_list("pk", flat=True)) == [new.pk]
    assert not any(path.exists() for path in _files_of(old))
    assert Path(new.file.path).exists()


def test_an_upload_with_nothing_to_clean_up_pays_one_query(world: World, django_assert_num_queries: Any) -> None:
    _uploaded(world.client(world.east_editor), "郭宗海")

    with django_assert_num_queries(1):
        assert import_jobs.clean_up(limit=import_jobs.CLEANED_PER_UPLOAD) == 0


def test_admins_see_imports_read_only_and_delete_them_with_their_files(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    job = _uploaded(world.client(world.east_editor), "郭宗海")
    admin_client = world.client(User.objects.create_superuser("superuser", password="pw-for-tests-only"))

    listing = admin_client.get("/admin/core/importjob/").content.decode()
    assert f'href="/admin/core/importjob/{job.pk}/change/"' in listing and ">east<" in listing
    assert admin_client.get("/admin/core/importjob/add/").status_code == 403
    page = admin_client.get(f"/admin/core/importjob/{job.pk}/change/").content.decode()
    assert 'name="_save"' not in page and job.file_name in page
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(f"/admin/core/importjob/{job.pk}/delete/", {"post": "yes"})

    assert not ImportJob.objects.exists()
    assert not any(path.exists() for path in _files_of(job))
