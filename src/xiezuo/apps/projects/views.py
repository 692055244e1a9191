"""Project pages: the ledger pages of projects and fund transactions, a project's page with its funds,
transactions and evidence, the inline forms that add to it, and the scoped evidence download.

Every page reads through `visible_to(user)` and writes through `editable_by(user)` and `projects.services`.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_POST

from xiezuo.apps.core.downloads import stored_file_download
from xiezuo.apps.core.forms import add_service_errors
from xiezuo.apps.core.registry import LedgerType, register
from xiezuo.apps.core.views import detail_view
from xiezuo.apps.projects import services
from xiezuo.apps.projects.figures import project_funds
from xiezuo.apps.projects.forms import EvidenceForm, FundTransactionForm, ProjectForm, ProjectTransactionForm
from xiezuo.apps.projects.models import Evidence, FundTransaction, Project

# Where a POST that failed leaves its bound form, for the project page to show with its errors.
_BOUND_FORMS = "_project_page_forms"


def _project_context(request: HttpRequest, project: Project) -> dict[str, Any]:
    bound: dict[str, BaseForm] = getattr(request, _BOUND_FORMS, {})
    return {
        "funds": project_funds(project),
        "transactions": list(project.transactions.order_by("date", "pk")),
        "evidence": list(project.evidence.order_by("pk")),
        "transaction_form": bound.get("transaction") or ProjectTransactionForm(user=request.user),
        "evidence_form": bound.get("evidence") or EvidenceForm(user=request.user),
        "earliest_date": services.earliest_transaction_date(project.year),
    }


def _transaction_context(request: HttpRequest, fund_transaction: FundTransaction) -> dict[str, Any]:
    return {"project": fund_transaction.project}


PROJECTS = register(
    LedgerType(
        model=Project,
        slug="projects",
        form=ProjectForm,
        list_columns=("code", "title", "year", "category", "status", "pairing", "location"),
        search_fields=("code", "title", "location__name", "pairing__name"),
        filter_fields=("pairing__within", "category", "status", "year"),
        ordering_fields=("code", "title", "year", "category", "status"),
        detail_fields=(
            "code",
            "title",
            "pairing",
            "year",
            "category",
            "status",
            "location",
            "beneficiaries",
            "beneficiaries_formerly_poor",
            "description",
        ),
        group="ledger",
        create=services.create_project,
        update=services.update_project,
        delete=services.delete_project,
        extra={"detail_template": "projects/detail.html", "detail_context": _project_context},
    )
)
TRANSACTIONS = register(
    LedgerType(
        model=FundTransaction,
        slug="transactions",
        form=FundTransactionForm,
        list_columns=("project", "type", "date", "amount", "note"),
        search_fields=("project__code", "project__title", "note"),
        filter_fields=("type", "project"),
        ordering_fields=("date", "amount", "type"),
        detail_fields=("project", "type", "date", "amount", "note"),
        group="ledger",
        create=services.add_transaction,
        update=services.update_transaction,
        delete=services.delete_transaction,
        extra={"detail_template": "projects/transaction_detail.html", "detail_context": _transaction_context},
    )
)


@login_required
@require_POST
def add_transaction_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The inline form of a project's page: add a transaction, back to the page (or the page with the errors)."""
    project = get_object_or_404(Project.objects.editable_by(request.user), pk=pk)  # type: ignore[attr-defined]
    form = ProjectTransactionForm(request.POST, user=request.user)
    if form.is_valid():
        data, _m2m = form.service_arguments()
        try:
            record = services.add_transaction(
                actor=request.user, data={**data, "project": project}, reason=form.cleaned_data.get("reason", "")
            )
        except (ValidationError, PermissionDenied) as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(record)s was added.") % {"record": record})
            return HttpResponseRedirect(reverse("projects-detail", args=[pk]) + "#transactions")
    messages.error(request, _("The transaction was not added: see the form below."))
    return _project_page_with(request, pk, transaction=form)


@login_required
@require_POST
def add_evidence_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Upload a document to a project's page."""
    project = get_object_or_404(Project.objects.editable_by(request.user), pk=pk)  # type: ignore[attr-defined]
    form = EvidenceForm(request.POST, request.FILES, user=request.user)
    if form.is_valid():
        data, _m2m = form.service_arguments()
        try:
            evidence = services.add_evidence(
                actor=request.user, data={**data, "project": project}, reason=form.cleaned_data.get("reason", "")
            )
        except (ValidationError, PermissionDenied) as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(record)s was added.") % {"record": evidence})
            return HttpResponseRedirect(reverse("projects-detail", args=[pk]) + "#evidence")
    messages.error(request, _("The document was not added: see the form below."))
    return _project_page_with(request, pk, evidence=form)


@login_required
@cache_control(private=True, no_store=True)
def evidence_download_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The file of an evidence record, for users who may see its project (404 for everyone else)."""
    evidence = get_object_or_404(Evidence.objects.visible_to(request.user), pk=pk)  # type: ignore[attr-defined]
    return stored_file_download(evidence.file, evidence.download_name)


@login_required
@require_POST
def delete_evidence_view(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = get_object_or_404(
        Evidence.objects.editable_by(request.user).select_related("project"),  # type: ignore[attr-defined]
        pk=pk,
    )
    project_pk = evidence.project_id
    try:
        services.delete_evidence(evidence, actor=request.user, reason=request.POST.get("reason", ""))
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, _("%(record)s was deleted.") % {"record": evidence})
    return HttpResponseRedirect(reverse("projects-detail", args=[project_pk]) + "#evidence")


def _project_page_with(request: HttpRequest, pk: int, **bound: BaseForm) -> HttpResponse:
    """The project's page, showing a form that did not go through with its errors."""
    setattr(request, _BOUND_FORMS, bound)
    return detail_view(request, PROJECTS, pk=pk)
