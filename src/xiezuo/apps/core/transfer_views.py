"""Spreadsheet pages of every kind of record: the template, the import (upload → check → confirm, with its
progress for large files) and the export of the list as filtered, as .xlsx or .csv.

Exports read through the list's own filtering (`views.filtered`: `visible_to(user)`), imports write
through the kind's service functions; a job is seen only by the person who uploaded it.
"""

from __future__ import annotations

import datetime
import io
import tempfile
import uuid
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    JsonResponse,
    StreamingHttpResponse,
)
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xiezuo.apps.core import exports, import_jobs, imports, services
from xiezuo.apps.core.models import ChangeLog, ImportJob
from xiezuo.apps.core.registry import LedgerType
from xiezuo.apps.core.tabular import SpreadsheetError, sniff
from xiezuo.apps.core.views import can_import, filtered

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
SHOWN_PROBLEMS = 1000
Status = ImportJob.Status


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Spreadsheet"),
        help_text=gettext_lazy("An .xlsx workbook (like the template), or a .csv file in UTF-8 or GBK."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xlsm,.csv,.txt"}),
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason for the change"),
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"placeholder": gettext_lazy("optional")}),
    )


def _file_name(ledger_type: LedgerType, what: str, extension: str) -> str:
    return f"{ledger_type.verbose_name_plural}-{what}-{timezone.localdate():%Y%m%d}.{extension}"


def template_view(request: HttpRequest, ledger_type: LedgerType) -> HttpResponse:
    buffer = io.BytesIO()
    exports.template_xlsx(ledger_type, request.user, buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, _file_name(ledger_type, _("template"), "xlsx"))
    return response


def export_view(request: HttpRequest, ledger_type: LedgerType, fmt: str) -> HttpResponse:
    if fmt not in ("xlsx", "csv"):
        raise Http404
    queryset = filtered(request, ledger_type).queryset
    name = _file_name(ledger_type, _("export"), fmt)
    if fmt == "csv":
        response: HttpResponse = StreamingHttpResponse(
            exports.export_csv(ledger_type, queryset, request.user), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = content_disposition_header(True, name)
        return response
    spool = tempfile.SpooledTemporaryFile(max_size=16 * 1024 * 1024)  # noqa: SIM115 - FileResponse closes it
    exports.export_xlsx(ledger_type, queryset, request.user, spool)
    spool.seek(0)
    return FileResponse(spool, as_attachment=True, filename=name, content_type=XLSX)


def import_view(request: HttpRequest, ledger_type: LedgerType) -> HttpResponse:
    if not can_import(request.user, ledger_type):
        raise PermissionDenied(_("You may not add or change records of this kind."))
    form = UploadForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            form.add_error("file", _("The file is larger than 20 MB: split it into several files."))
        else:
            data = upload.read()
            try:
                plan = imports.read_plan(ledger_type, data, upload.name)
            except SpreadsheetError as error:
                problems = [str(error)]
            else:
                # Old jobs go a few at a time here too, for deployments that never run `cleanup_imports`.
                import_jobs.clean_up(limit=import_jobs.CLEANED_PER_UPLOAD)
                job = _new_job(request, ledger_type, upload.name, data, form.cleaned_data["reason"], plan.total)
                import_jobs.start(job, "check", plan)
                return HttpResponseRedirect(reverse(f"{ledger_type.slug}-import-job", args=[job.pk]))
    recent = ImportJob.objects.filter(user=request.user, ledger=ledger_type.slug)[:5]
    return render(
        request,
        "core/import_upload.html",
        {"type": ledger_type, "form": form, "problems": problems, "recent": recent},
        status=200,
    )


def _new_job(request: HttpRequest, ledger_type: LedgerType, name: str, data: bytes, reason: str, total: int) -> Any:
    job = ImportJob(
        user=request.user,
        ledger=ledger_type.slug,
        file_name=name[-300:],
        reason=reason,
        language=get_language() or "",
        batch=services.new_batch(),
        total=total,
    )
    job.file.save(f"{uuid.uuid4().hex}.{sniff(data, name)}", ContentFile(data), save=False)
    job.save()
    return job


def _job(request: HttpRequest, ledger_type: LedgerType, pk: int) -> ImportJob:
    return get_object_or_404(ImportJob, pk=pk, user=request.user, ledger=ledger_type.slug)


def _problems(outcome: dict[str, Any]) -> list[imports.Problem]:
    return [imports.Problem(p["row"], p["column"], p["message"]) for p in outcome.get("problems", [])]


def job_view(request: HttpRequest, ledger_type: LedgerType, job: int) -> HttpResponse:
    record = _job(request, ledger_type, job)
    done, _said = import_jobs.read_progress(record)
    outcome = record.result if record.status in (Status.DONE, Status.FAILED) else record.preview
    problems = _problems(outcome)
    context = {
        "type": ledger_type,
        "job": record,
        "running": record.status in import_jobs.RUNNING and not import_jobs.stalled(record),
        "stalled": import_jobs.stalled(record),
        "done": min(done, record.total),
        "outcome": outcome,
        "problems": problems[:SHOWN_PROBLEMS],
        "more_problems": max(0, len(problems) - SHOWN_PROBLEMS),
        "rows": outcome.get("rows", []),
        "notes": outcome.get("notes", []),
        "changes": [],
    }
    if record.status == Status.DONE:
        changes = ChangeLog.objects.filter(batch=record.batch).select_related("actor", "content_type")
        context["changes"] = changes[:100]
        context["change_count"] = changes.count()
    return render(request, "core/import_job.html", context)


def job_status_view(request: HttpRequest, ledger_type: LedgerType, job: int) -> JsonResponse:
    record = _job(request, ledger_type, job)
    done, said = import_jobs.read_progress(record)
    return JsonResponse(
        {
            "status": record.status,
            "label": record.get_status_display(),
            "done": min(done, record.total),
            "total": record.total,
            "running": record.status in import_jobs.RUNNING and not import_jobs.stalled(record),
            "updated": (said or record.updated_at).astimezone(datetime.UTC).isoformat(),
        }
    )


@require_POST
def confirm_view(request: HttpRequest, ledger_type: LedgerType, job: int) -> HttpResponse:
    record = _job(request, ledger_type, job)
    if not can_import(request.user, ledger_type):
        raise PermissionDenied(_("You may not add or change records of this kind."))
    # Claimed in one statement: a second click (or a second tab) finds it saving already.
    claimed = ImportJob.objects.filter(pk=record.pk, status=Status.READY).update(
        status=Status.SAVING, updated_at=timezone.now()
    )
    if not claimed:
        messages.error(
            request,
            _("This import is not waiting for confirmation (%(status)s).") % {"status": record.get_status_display()},
        )
    else:
        record.refresh_from_db()
        import_jobs.start(record, "save")
    return HttpResponseRedirect(reverse(f"{ledger_type.slug}-import-job", args=[record.pk]))


@require_POST
def discard_view(request: HttpRequest, ledger_type: LedgerType, job: int) -> HttpResponse:
    record = _job(request, ledger_type, job)
    if ImportJob.objects.filter(pk=record.pk, status__in=[Status.READY, Status.INVALID]).update(
        status=Status.DISCARDED, finished_at=timezone.now()
    ):
        messages.success(
            request, _("The import of %(file)s was discarded; nothing was saved.") % {"file": record.file_name}
        )
    return HttpResponseRedirect(reverse(f"{ledger_type.slug}-list"))
