"""Forms of projects, fund transactions and evidence; the services do the domain checks."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from xiezuo.apps.core.forms import LedgerForm
from xiezuo.apps.projects.models import Evidence, FundTransaction, Project

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProjectForm(LedgerForm):
    class Meta:
        model = Project
        fields = [
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
        ]


class FundTransactionForm(LedgerForm):
    """A transaction of any project the user edits (the generic add and edit pages)."""

    class Meta:
        model = FundTransaction
        fields = ["project", "type", "date", "amount", "note"]
        widgets = {"date": DATE_INPUT}

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        if user is not None:
            # Money is written to projects the user edits, not merely sees.
            self.fields["project"].queryset = Project.objects.editable_by(user)  # type: ignore[attr-defined]


class ProjectTransactionForm(LedgerForm):
    """The inline form on a project's page: the project is the page's."""

    prefix = "transaction"

    class Meta:
        model = FundTransaction
        fields = ["type", "date", "amount", "note"]
        widgets = {"date": DATE_INPUT}


class EvidenceForm(LedgerForm):
    """A document for a project's page; the title defaults to the file's name."""

    prefix = "evidence"

    class Meta:
        model = Evidence
        fields = ["title", "file"]
        help_texts = {"title": _("Leave empty to use the file's name.")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["title"].required = False
