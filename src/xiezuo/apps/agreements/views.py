"""Pages of agreements: the generic ledger pages of agreements, the indicator catalogue and period locks,
and the agreement page where targets are set and revised and manual actuals are entered."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_POST

from xiezuo.apps.agreements import forms, services
from xiezuo.apps.agreements.figures import assess, pairing_coverage
from xiezuo.apps.agreements.models import AnnualAgreement, Indicator, ManualActual, PeriodLock, Target
from xiezuo.apps.agreements.rules import rule_for
from xiezuo.apps.core.downloads import stored_file_download
from xiezuo.apps.core.forms import add_service_errors
from xiezuo.apps.core.registry import LedgerType, register
from xiezuo.apps.core.services import ConflictError

GROUP = "agreements"

AGREEMENTS = register(
    LedgerType(
        model=AnnualAgreement,
        slug="agreements",
        form=forms.AnnualAgreementForm,
        list_columns=("year", "pairing", "title", "signed_on"),
        search_fields=("title", "pairing__label", "pairing__name"),
        filter_fields=("year",),
        ordering_fields=("year", "signed_on"),
        group=GROUP,
        create=services.create_agreement,
        update=services.update_agreement,
        delete=services.delete_agreement,
        extra={"detail_template": "agreements/agreement_detail.html", "detail_context": lambda r, o: _sheet(r, o)},
    )
)
INDICATORS = register(
    LedgerType(
        model=Indicator,
        slug="indicators",
        form=forms.IndicatorForm,
        list_columns=("order", "name", "area", "unit", "counting_rule", "active"),
        search_fields=("name", "code", "counting_rule"),
        filter_fields=("area", "unit", "active"),
        ordering_fields=("order", "name", "area"),
        group=GROUP,
    )
)
PERIOD_LOCKS = register(
    LedgerType(
        model=PeriodLock,
        slug="period-locks",
        form=forms.PeriodLockForm,
        list_columns=("year", "reason", "created_at"),
        ordering_fields=("year",),
        group=GROUP,
        create=services.lock_period,
        update=services.update_period_lock,
        delete=services.unlock_period,
    )
)


def _sheet(request: HttpRequest, agreement: AnnualAgreement) -> dict[str, Any]:
    """The agreement page: every indicator with its target (original, revisions) and its actual so far."""
    coverage = pairing_coverage(agreement.pairing, request.user)
    assessment = assess(coverage, agreement.year)
    targets = {t.indicator_id: t for t in agreement.targets.prefetch_related("revisions")}
    manuals = {m.indicator_id: m for m in agreement.manual_actuals.all()}
    rows = []
    for result in assessment.results:
        manual = manuals.get(result.indicator.pk)
        # What the ledgers hold, shown beside a manual actual so that a reviewer can compare the two.
        counted = (
            rule_for(result.indicator.rule).measure(coverage.pairing_ids, agreement.year).total if manual else None
        )
        rows.append(
            {"result": result, "target": targets.get(result.indicator.pk), "manual": manual, "counted": counted}
        )
    return {"rows": rows, "assessment": assessment, "unset": [r for r in rows if r["target"] is None]}


def _page(request: HttpRequest, agreement: AnnualAgreement, form: BaseForm, title: str, **extra: Any) -> HttpResponse:
    return render(
        request, "agreements/agreement_form.html", {"agreement": agreement, "form": form, "title": title, **extra}
    )


def _back(agreement_pk: int) -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse("agreements-detail", args=[agreement_pk]) + "#targets")


def _editable_agreement(request: HttpRequest, pk: int) -> AnnualAgreement:
    return get_object_or_404(AnnualAgreement.objects.editable_by(request.user).select_related("pairing"), pk=pk)  # type: ignore[attr-defined]


@login_required
def add_target_view(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = _editable_agreement(request, pk)
    initial = {"indicator": request.GET.get("indicator")} if request.GET.get("indicator") else None
    form = forms.TargetForm(request.POST or None, initial=initial, user=request.user, agreement=agreement)
    if request.method == "POST" and form.is_valid():
        try:
            target = services.set_target(
                agreement,
                actor=request.user,
                indicator=form.cleaned_data["indicator"],
                value=form.cleaned_data["value"],
                note=form.cleaned_data.get("note", ""),
                reason=form.cleaned_data.get("reason", ""),
            )
        except (ValidationError, PermissionDenied) as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(record)s was added.") % {"record": target})
            return _back(agreement.pk)
    return _page(request, agreement, form, _("Set a target"))


@login_required
def revise_target_view(request: HttpRequest, pk: int) -> HttpResponse:
    target = get_object_or_404(
        Target.objects.editable_by(request.user).select_related("agreement__pairing", "indicator"),  # type: ignore[attr-defined]
        pk=pk,
    )
    form = forms.RevisionForm(request.POST or None, initial={"value": target.value, "version": target.version})
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.revise_target(
                target,
                actor=request.user,
                value=form.cleaned_data["value"],
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
            )
        except ConflictError as error:
            conflict = error
            form.add_error(None, str(error))
        except (ValidationError, PermissionDenied) as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The target of “%(indicator)s” was revised.") % {"indicator": target.indicator})
            return _back(target.agreement_id)
    title = _("Revise the target of “%(indicator)s”") % {"indicator": target.indicator}
    response = _page(request, target.agreement, form, title, target=target)
    if conflict is not None:
        response.status_code = 409
    return response


@login_required
@require_POST
def delete_target_view(request: HttpRequest, pk: int) -> HttpResponse:
    target = get_object_or_404(Target.objects.editable_by(request.user), pk=pk)  # type: ignore[attr-defined]
    agreement_pk = target.agreement_id
    try:
        services.delete_target(target, actor=request.user, reason=request.POST.get("reason", ""))
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, _("%(record)s was deleted.") % {"record": target})
    return _back(agreement_pk)


@login_required
def add_manual_view(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = _editable_agreement(request, pk)
    initial = {"indicator": request.GET.get("indicator")} if request.GET.get("indicator") else None
    form = forms.ManualActualForm(
        request.POST or None, request.FILES or None, initial=initial, user=request.user, agreement=agreement
    )
    if request.method == "POST" and form.is_valid():
        data, _m2m = form.service_arguments()
        try:
            manual = services.record_manual_actual(
                agreement, actor=request.user, data=data, reason=form.cleaned_data.get("reason", "")
            )
        except (ValidationError, PermissionDenied) as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(record)s was added.") % {"record": manual})
            return _back(agreement.pk)
    return _page(request, agreement, form, _("Enter an actual by hand"))


@login_required
def edit_manual_view(request: HttpRequest, pk: int) -> HttpResponse:
    manual = get_object_or_404(
        ManualActual.objects.editable_by(request.user).select_related("agreement__pairing"),  # type: ignore[attr-defined]
        pk=pk,
    )
    form = forms.ManualActualForm(request.POST or None, request.FILES or None, instance=manual, user=request.user)
    form.fields["indicator"].disabled = True
    if request.method == "POST" and form.is_valid():
        data, _m2m = form.service_arguments()
        try:
            services.update_manual_actual(
                manual,
                actor=request.user,
                data=data,
                expected_version=form.cleaned_data["version"],
                reason=form.cleaned_data.get("reason", ""),
            )
        except ConflictError as error:
            form.add_error(None, str(error))
        except (ValidationError, PermissionDenied) as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(record)s was saved.") % {"record": manual})
            return _back(manual.agreement_id)
    return _page(request, manual.agreement, form, _("Change the manual actual"), manual=manual)


@login_required
@require_POST
def delete_manual_view(request: HttpRequest, pk: int) -> HttpResponse:
    manual = get_object_or_404(ManualActual.objects.editable_by(request.user), pk=pk)  # type: ignore[attr-defined]
    agreement_pk = manual.agreement_id
    try:
        services.delete_manual_actual(manual, actor=request.user, reason=request.POST.get("reason", ""))
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, _("The actual is counted from the ledgers again."))
    return _back(agreement_pk)


@login_required
@cache_control(private=True, no_store=True)
def manual_evidence_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The evidence file of a manual actual, for users who see its agreement (404 for everyone else)."""
    manual = get_object_or_404(ManualActual.objects.visible_to(request.user), pk=pk)  # type: ignore[attr-defined]
    extension = manual.evidence.name.rsplit(".", 1)[-1] if "." in manual.evidence.name else ""
    name = f"{manual.evidence_title}.{extension}" if extension else manual.evidence_title
    return stored_file_download(manual.evidence, name.replace("/", "_"))
