"""Forms of agreements, targets, revisions, manual actuals, the catalogue and period locks."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from xiezuo.apps.agreements.models import AnnualAgreement, Indicator, ManualActual, PeriodLock, Target
from xiezuo.apps.core.forms import LedgerForm
from xiezuo.apps.people.forms import DATE_INPUT

QUANTITY = {"min": "0", "step": "0.01"}


class AnnualAgreementForm(LedgerForm):
    class Meta:
        model = AnnualAgreement
        fields = ["pairing", "year", "title", "signed_on", "note"]
        widgets = {"signed_on": DATE_INPUT}


class IndicatorForm(LedgerForm):
    class Meta:
        model = Indicator
        fields = ["code", "name", "area", "unit", "rule", "counting_rule", "order", "active"]


class PeriodLockForm(LedgerForm):
    class Meta:
        model = PeriodLock
        fields = ["year", "reason"]
        error_messages = {"year": {"unique": _("This year is locked already.")}}


class TargetForm(LedgerForm):
    """A target set for the first time: the value agreed becomes the original."""

    class Meta:
        model = Target
        fields = ["indicator", "value", "note"]
        widgets = {"value": forms.NumberInput(attrs=QUANTITY)}

    def __init__(self, *args: Any, agreement: AnnualAgreement | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["value"].label = _("Target")
        if agreement is not None:
            taken = agreement.targets.values_list("indicator_id", flat=True)
            self.fields["indicator"].queryset = Indicator.objects.filter(active=True).exclude(pk__in=taken)  # type: ignore[attr-defined]


class RevisionForm(forms.Form):
    """A revision of a target in force: the new value and why (both kept beside the original)."""

    value = forms.DecimalField(label=_("Revised target"), min_value=Decimal(0), max_digits=14, decimal_places=2)
    reason = forms.CharField(
        label=_("Reason for the revision"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class ManualActualForm(LedgerForm):
    """An actual entered by hand: the evidence file and an explanation are required."""

    class Meta:
        model = ManualActual
        fields = ["indicator", "value", "explanation", "evidence_title", "evidence"]
        widgets = {"value": forms.NumberInput(attrs=QUANTITY), "explanation": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, agreement: AnnualAgreement | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if agreement is not None and self.instance.pk is None:
            taken = agreement.manual_actuals.values_list("indicator_id", flat=True)
            self.fields["indicator"].queryset = Indicator.objects.filter(active=True).exclude(pk__in=taken)  # type: ignore[attr-defined]
