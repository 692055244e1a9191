"""Running an import job: its check (a dry run) and its saving, in the request or in the background.

A file of up to `INLINE_ROWS` rows is checked and saved while the request waits. A larger one runs in a
thread of the web process that received it (daemon, one per job): the page polls the job's status and
shows the rows done. The thread's transaction holds the rows until it ends, so its progress is kept
beside the uploaded file (`<upload>.progress`), which every web process can read, not in the database.
A job whose thread died with its process (a restart) stops reporting progress; after `STALLED_AFTER`
its page says so and the user uploads the file again. Nothing was saved: the transaction never committed.

No queue or worker to run beside the web server: this works the same on SQLite and PostgreSQL and in
tests. On SQLite a job writing holds the database's write lock while it runs (others' writes wait).

Jobs and their files are kept `XIEZUO_IMPORT_RETENTION_DAYS` after they end (`clean_up`): the
`cleanup_imports` command deletes the older ones, and so, a few at a time, does every upload, so that a
deployment without cron stays clean too.
"""

from __future__ import annotations

import datetime
import logging
import os
import threading
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import close_old_connections, connection, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from xiezuo.apps.core import imports
from xiezuo.apps.core.middleware import _request_id
from xiezuo.apps.core.models import ImportJob
from xiezuo.apps.core.registry import ledger_types
from xiezuo.apps.core.tabular import SpreadsheetError

logger = logging.getLogger(__name__)

INLINE_ROWS = 500
# Background jobs of one process run one at a time (on SQLite they would only wait for each other's lock).
_ONE_AT_A_TIME = threading.Lock()
STALLED_AFTER = datetime.timedelta(minutes=10)
Status = ImportJob.Status
RUNNING = (Status.QUEUED, Status.CHECKING, Status.SAVING)
# Nothing more happens to these unless their owner acts: a checked job may wait for a confirmation forever.
ENDED = (Status.READY, Status.INVALID, Status.DONE, Status.FAILED, Status.DISCARDED)
# An upload cleans up at most this many old jobs, so that it never waits long for someone else's files.
CLEANED_PER_UPLOAD = 20


def ledger_type_of(job: ImportJob) -> Any:
    return next(t for t in ledger_types() if t.slug == job.ledger)


def progress_path(job: ImportJob) -> Path:
    return Path(job.file.path).with_suffix(".progress")


def write_progress(job: ImportJob, done: int) -> None:
    path = progress_path(job)
    temporary = path.with_suffix(".progress-new")
    temporary.write_text(f"{done} {job.total}")
    os.replace(temporary, path)


def read_progress(job: ImportJob) -> tuple[int, datetime.datetime | None]:
    """Rows done so far and when that was last said (None: not started)."""
    try:
        path = progress_path(job)
        done = int(path.read_text().split()[0])
        return done, datetime.datetime.fromtimestamp(path.stat().st_mtime, tz=datetime.UTC)
    except (OSError, ValueError, IndexError):
        return 0, None


def stalled(job: ImportJob) -> bool:
    """A running job that has said nothing for a long time: its process is gone."""
    if job.status not in RUNNING:
        return False
    _done, said = read_progress(job)
    last = max(filter(None, [said, job.updated_at]))
    return timezone.now() - last > STALLED_AFTER


def _reason(job: ImportJob) -> str:
    return job.reason or _("Imported from %(file)s") % {"file": job.file_name}


def _read(job: ImportJob) -> imports.Plan:
    with job.file.open("rb") as stream:
        data = stream.read()
    return imports.read_plan(ledger_type_of(job), data, job.file_name)


def check(job: ImportJob, plan: imports.Plan | None = None) -> None:
    """The dry run: every row through the form and the services, all rolled back; the preview kept."""
    ImportJob.objects.filter(pk=job.pk).update(status=Status.CHECKING)
    try:
        plan = plan or _read(job)
    except SpreadsheetError as error:
        job.preview = {"problems": [imports.Problem(None, "", str(error)).as_json()]}
        _finish(job, Status.INVALID)
        return
    job.total = plan.total
    outcome = imports.run(
        plan,
        actor=job.user,
        commit=False,
        batch=job.batch,
        reason=_reason(job),
        progress=lambda done: write_progress(job, done),
    )
    job.preview = outcome.as_json()
    _finish(job, Status.INVALID if outcome.problems else Status.READY)


def save(job: ImportJob) -> None:
    """The import for real: all rows in one transaction with one batch, or nothing when any row fails."""
    try:
        plan = _read(job)
    except SpreadsheetError as error:
        job.result = {"problems": [imports.Problem(None, "", str(error)).as_json()]}
        _finish(job, Status.FAILED)
        return
    outcome = imports.run(
        plan,
        actor=job.user,
        commit=True,
        batch=job.batch,
        reason=_reason(job),
        versions=job.preview.get("versions", {}),
        progress=lambda done: write_progress(job, done),
    )
    job.result = outcome.as_json()
    _finish(job, Status.FAILED if outcome.problems else Status.DONE)


def _finish(job: ImportJob, status: str) -> None:
    job.status = status
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "total", "preview", "result", "finished_at", "updated_at"])


def start(job: ImportJob, step: str, plan: imports.Plan | None = None) -> threading.Thread | None:
    """Run `step` ("check" or "save") now if the file is small, else in a thread; the thread is returned."""
    rows = plan.total if plan is not None else job.total
    if rows <= INLINE_ROWS:
        _guarded(job, step, plan)
        return None
    thread = threading.Thread(target=_in_thread, args=(job.pk, step, plan), name=f"import-{job.pk}", daemon=True)
    thread.start()
    return thread


def _guarded(job: ImportJob, step: str, plan: imports.Plan | None) -> None:
    try:
        if step == "check":
            check(job, plan)
        else:
            save(job)
    except Exception:
        logger.exception("import job %s failed while it %s", job.pk, step)
        failed = imports.Problem(
            None, "", _("The import stopped because of an error in the platform; nothing was saved.")
        )
        setattr(job, "preview" if step == "check" else "result", {"problems": [failed.as_json()]})
        _finish(job, Status.INVALID if step == "check" else Status.FAILED)


def _in_thread(job_id: int, step: str, plan: imports.Plan | None) -> None:
    close_old_connections()  # a connection of this thread's own
    token = _request_id.set(f"import-{job_id}")
    try:
        job = ImportJob.objects.select_related("user").get(pk=job_id)
        with _ONE_AT_A_TIME, translation.override(job.language or settings.LANGUAGE_CODE):
            _guarded(job, step, plan)
    except Exception:
        logger.exception("import job %s could not run", job_id)
    finally:
        _request_id.reset(token)
        connection.close()


def expired() -> QuerySet[ImportJob]:
    """Jobs past the retention period: ended before it, or "running" and silent since before it.

    Of the running ones, only those `stalled` may go (see `clean_up`), which a query cannot tell.
    """
    cutoff = timezone.now() - datetime.timedelta(days=settings.XIEZUO_IMPORT_RETENTION_DAYS)
    ended_before = Q(finished_at__lt=cutoff) | Q(finished_at__isnull=True, created_at__lt=cutoff)
    return ImportJob.objects.filter(
        (Q(status__in=ENDED) & ended_before) | Q(status__in=RUNNING, updated_at__lt=cutoff)
    ).order_by("pk")


def clean_up(limit: int | None = None) -> int:
    """Delete up to `limit` expired jobs with their uploads and progress files; the number deleted.

    One query when there is nothing to delete. A job that is still running is kept however old: only one
    whose process is gone (`stalled`) is deleted. No change-log rows: the change log is about ledger
    records, and a job is not one (the records it saved keep their batch there after the job is gone).
    """
    found = expired()
    candidates = list(found[:limit] if limit is not None else found)
    deletable = [job.pk for job in candidates if job.status in ENDED or stalled(job)]
    if not deletable:
        return 0
    # Deleted only if still expired: a job confirmed since it was read is kept, with its file.
    expired().filter(pk__in=deletable).delete()
    kept = set(ImportJob.objects.filter(pk__in=deletable).values_list("pk", flat=True))
    deleted = [job for job in candidates if job.pk in deletable and job.pk not in kept]
    # The files go once the rows are gone for good: a rolled-back deletion keeps its job's upload.
    transaction.on_commit(lambda: remove_files(deleted))
    return len(deleted)


def remove_files(jobs: list[ImportJob]) -> None:
    """Delete the uploads and progress files of these jobs, whose rows are gone."""
    for job in jobs:
        if not job.file:
            continue
        try:
            progress = progress_path(job)
            progress.unlink(missing_ok=True)
            progress.with_suffix(".progress-new").unlink(missing_ok=True)
            job.file.storage.delete(job.file.name)
        except OSError:
            # A file left behind is only disk space; the import that triggered this must not fail for it.
            logger.exception("the files of import job %s could not be deleted", job.pk)
