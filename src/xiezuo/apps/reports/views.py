"""Report pages: add reports (paste or upload many), read one beside its repair, review its proposals,
confirm or reject it, and reach the records it is evidence of.

Every page reads through `Report.objects.visible_to(user)`, writes through `editable_by(user)` and
`reports.services` (the same functions the `xiezuo ingest` command uses).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from xiezuo.apps.core.forms import add_service_errors
from xiezuo.apps.core.registry import LedgerType, ledger_type_for, ledger_types, register
from xiezuo.apps.core.services import ConflictError
from xiezuo.apps.people.views import bound_form, rerender_detail
from xiezuo.apps.reports.choices import ReportStatus
from xiezuo.apps.reports.forms import AddReportsForm, ProposalForm, RejectForm, ReportForm
from xiezuo.apps.reports.models import Report

logger = logging.getLogger(__name__)


def _report_context(request: HttpRequest, report: Report) -> dict[str, Any]:
    from xiezuo.apps.reports.services import record_links

    proposal_form = bound_form(request, "proposal_form") or ProposalForm(
        proposal=report.proposal or {}, initial={"version": report.version}
    )
    confirmed = report.status == ReportStatus.CONFIRMED
    return {
        "pending": report.status == ReportStatus.PENDING,
        "proposal_form": proposal_form,
        "reject_form": bound_form(request, "reject_form") or RejectForm(),
        "records": [_record_row(entry) for entry in record_links(report)] if confirmed else [],
        "diagnosis": _diagnosis_rows(report.diagnosis or {}),
    }


REPORTS = register(
    LedgerType(
        model=Report,
        slug="reports",
        form=ReportForm,
        list_columns=("__str__", "published", "status", "pairing", "file_name"),
        search_fields=("title", "repaired", "source_url", "file_name"),
        filter_fields=("status",),
        ordering_fields=("published", "status"),
        detail_fields=("pairing", "status", "published", "source_url", "file_name", "added_by"),
        group="ledger",
        extra={"detail_template": "reports/detail.html", "detail_context": _report_context},
    )
)


# ---------------------------------------------------------------------------------------------------------
# Adding reports


@dataclass(frozen=True)
class Outcome:
    """What became of one pasted text or uploaded file: new, already there, or failed (with the reason)."""

    name: str
    status: str  # "new" | "duplicate" | "failed"
    report: Report | None = None
    reason: str = ""


@login_required
def add_view(request: HttpRequest) -> HttpResponse:
    """Paste a report or upload many files into a pairing; each goes in (or fails) on its own."""
    from xiezuo.apps.pairings.models import Pairing

    if not Pairing.objects.editable_by(request.user).exists():  # type: ignore[attr-defined]
        raise PermissionDenied(_("You may not add reports: you edit no pairing."))
    form = AddReportsForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        outcomes = _add_all(request, form.cleaned_data)
        again = AddReportsForm(
            user=request.user,
            initial={k: form.cleaned_data[k] for k in ("pairing", "source_url", "published")},
        )
        return render(
            request,
            "reports/added.html",
            {
                "type": REPORTS,
                "outcomes": outcomes,
                "counts": {s: sum(1 for o in outcomes if o.status == s) for s in ("new", "duplicate", "failed")},
                "form": again,
            },
        )
    return render(request, "reports/add.html", {"type": REPORTS, "form": form})


def _add_all(request: HttpRequest, data: dict[str, Any]) -> list[Outcome]:
    common = {
        "actor": request.user,
        "pairing": data["pairing"],
        "source_url": data.get("source_url") or "",
        "published": data.get("published"),
    }
    outcomes = []
    text = data.get("text") or ""
    if text.strip():
        outcomes.append(_add_one(_("pasted text"), text=text, title=data.get("title") or "", **common))
    for upload in data.get("files") or []:
        too_large = _too_large(upload)
        if too_large:
            outcomes.append(Outcome(upload.name, "failed", reason=too_large))
            continue
        outcomes.append(_add_one(upload.name, data=upload.read(), file_name=upload.name, **common))
    return outcomes


def _too_large(upload: Any) -> str:
    """The ingester's message for a file above its limit, said before reading the file into memory."""
    from xiezuo.apps.reports import ingest

    limit = getattr(ingest, "MAX_REPORT_BYTES", None)
    if isinstance(limit, int) and upload.size > limit:
        return str(ingest.too_large(upload.name, upload.size))
    return ""


def _add_one(name: str, **arguments: Any) -> Outcome:
    from xiezuo.apps.reports.ingest import IngestError
    from xiezuo.apps.reports.services import add_report

    try:
        report, created = add_report(**arguments)
    except IngestError as error:
        return Outcome(name, "failed", reason=str(error))
    except (ValidationError, PermissionDenied) as error:
        return Outcome(name, "failed", reason=" ".join(getattr(error, "messages", [str(error)])))
    except Exception:  # one bad file must not stop the batch; the log keeps the traceback
        logger.exception("adding report %s failed", name)
        return Outcome(name, "failed", reason=_("It could not be stored because of an unexpected error."))
    return Outcome(name, "new" if created else "duplicate", report=report)


# ---------------------------------------------------------------------------------------------------------
# Reviewing, confirming and rejecting


@login_required
@require_POST
def review_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Save the reviewed proposals, and with "confirm" create or link their records (all or none)."""
    from xiezuo.apps.reports import services

    report = get_object_or_404(Report.objects.editable_by(request.user), pk=pk)  # type: ignore[attr-defined]
    form = ProposalForm(request.POST, proposal=report.proposal or {})
    confirming = "confirm" in request.POST
    status = 200
    if form.is_valid():
        version = form.cleaned_data["version"]
        try:
            proposal = form.proposal()
            changed = proposal != report.proposal
            if changed:
                services.save_proposal(report, actor=request.user, proposal=proposal, expected_version=version)
                report.refresh_from_db()
                version = report.version
            if confirming:
                links = services.confirm_report(report, actor=request.user, expected_version=version)
        except ConflictError as error:
            form.add_error(None, str(error))
            status = 409
        except ValidationError as error:
            form.add_service_error(error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            if confirming:
                messages.success(
                    request,
                    _("The report was confirmed: %(n)s records created or linked.") % {"n": len(links)},
                )
            elif changed:
                messages.success(request, _("The proposals were saved."))
            else:
                messages.info(request, _("Nothing was changed."))
            return HttpResponseRedirect(reverse("reports-detail", args=[pk]) + ("" if confirming else "#proposals"))
        # Keep what they sent, now on the current version (what a failed confirmation saved stays saved;
        # after a conflict, sending again overwrites knowingly).
        current = Report.objects.filter(pk=pk).values_list("version", flat=True).first()
        if current is not None:
            data = request.POST.copy()
            data["version"] = str(current)
            form.data = data
    response = rerender_detail(request, REPORTS, pk, proposal_form=form)
    response.status_code = status
    return response


@login_required
@require_POST
def reject_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Reject a report with a reason; it is kept, with the reason, and creates nothing."""
    from xiezuo.apps.reports import services

    report = get_object_or_404(Report.objects.editable_by(request.user), pk=pk)  # type: ignore[attr-defined]
    form = RejectForm(request.POST)
    if form.is_valid():
        try:
            services.reject_report(report, actor=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_errors(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The report was rejected."))
            return HttpResponseRedirect(reverse("reports-detail", args=[pk]))
    return rerender_detail(request, REPORTS, pk, reject_form=form)


@login_required
@require_POST
def reopen_view(request: HttpRequest, pk: int) -> HttpResponse:
    """A rejected report back to review (its proposals as they were)."""
    from xiezuo.apps.reports import services

    report = get_object_or_404(Report.objects.editable_by(request.user), pk=pk)  # type: ignore[attr-defined]
    try:
        services.reopen_report(report, actor=request.user, reason=request.POST.get("reason", ""))
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, _("The report is back for review."))
    return HttpResponseRedirect(reverse("reports-detail", args=[pk]))


# ---------------------------------------------------------------------------------------------------------
# What the report page shows


@dataclass(frozen=True)
class RecordRow:
    kind: str
    record: Any
    url: str
    created: bool | None


def _record_row(entry: tuple[str, Any, bool]) -> RecordRow:
    """A row of "records from this report", from `services.record_links` (label, record, created)."""
    _label, record, created = entry
    return RecordRow(str(record._meta.verbose_name), record, record_url(record), created)


def record_url(record: Any) -> str:
    """The page of a ledger record ("" for kinds without one)."""
    if not isinstance(record, models.Model):
        return ""
    ledger_type = ledger_type_for(type(record))
    if ledger_type is None:
        # A stop of an itinerary has no page: its visit's page shows it.
        parent = getattr(record, "visit", None)
        return record_url(parent) if parent is not None else ""
    try:
        return reverse(f"{ledger_type.slug}-detail", args=[record.pk])
    except NoReverseMatch:
        return ""


def match_url(match: dict[str, Any] | None) -> str:
    """The page of a proposal's match: {"model": "people.person" or "Person", "pk": 3}."""
    if not match or match.get("pk") is None:
        return ""
    name = str(match.get("model") or "")
    model: type[models.Model] | None = None
    if "." in name:
        try:
            model = apps.get_model(name)
        except (LookupError, ValueError):
            model = None
    else:
        model = next(
            (t.model for t in ledger_types() if name.lower() in (t.model._meta.model_name, t.slug)),
            None,
        )
    if model is None:
        return ""
    ledger_type = ledger_type_for(model)
    return reverse(f"{ledger_type.slug}-detail", args=[match["pk"]]) if ledger_type else ""


DIAGNOSIS_LABELS = {
    "hanzi": gettext_lazy("Chinese characters"),
    "traditional": gettext_lazy("Traditional characters"),
    "mixed_script": gettext_lazy("left Simplified among Traditional"),
    "annotations": gettext_lazy("pinyin annotations"),
    "broken_annotations": gettext_lazy("broken pinyin annotations"),
    "comma_noise": gettext_lazy("stray commas"),
    "mojibake": gettext_lazy("stretches of GBK misreading"),
    "unexplained_annotations": gettext_lazy("unexplained annotations"),
    "html_entities": gettext_lazy("HTML entities"),
}


def _diagnosis_rows(diagnosis: dict[str, Any]) -> dict[str, Any]:
    """The diagnosis as the page shows it: found or clean, its layers, its confidence, its counts."""
    counts = [
        (str(label), diagnosis[key]) for key, label in DIAGNOSIS_LABELS.items() if isinstance(diagnosis.get(key), int)
    ]
    return {
        "known": bool(diagnosis),
        "mirror": bool(diagnosis.get("mirror", diagnosis.get("layers"))),
        "layers": list(diagnosis.get("layers") or []),
        "confidence": diagnosis.get("confidence"),
        "counts": counts,
    }
