"""Forms of the cooperation ledgers; the services do the domain checks, the forms say date order early."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from xiezuo.apps.cooperation.models import (
    ConsumptionRecord,
    Donation,
    IndustrialPark,
    InvestmentInflow,
    InvestmentLead,
    LabourPlacement,
    Secondment,
    StudentAid,
    VolunteerService,
)
from xiezuo.apps.core.forms import LedgerForm
from xiezuo.apps.people.forms import DATE_INPUT, check_dates

PERIOD_ENDS_TOO_EARLY = _("A period cannot end (%(end)s) before it starts (%(start)s).")
SECONDMENT_ENDS_TOO_EARLY = _("A secondment cannot end (%(end)s) before it starts (%(start)s).")
FORMERLY_POOR_TOO_MANY = _("Formerly poor workers (%(poor)s) cannot be more than all workers (%(all)s).")
PERIOD_WIDGETS = {"period_start": DATE_INPUT, "period_end": DATE_INPUT}


class PeriodForm(LedgerForm):
    """A record of a period: its end is not before its start."""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        check_dates(self, "period_start", "period_end", PERIOD_ENDS_TOO_EARLY)
        return cleaned


class SecondmentForm(LedgerForm):
    class Meta:
        model = Secondment
        fields = [
            "pairing",
            "person",
            "name",
            "kind",
            "direction",
            "host_organisation",
            "start_date",
            "end_date",
            "note",
        ]
        widgets = {"start_date": DATE_INPUT, "end_date": DATE_INPUT}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        check_dates(self, "start_date", "end_date", SECONDMENT_ENDS_TOO_EARLY)
        return cleaned


class LabourPlacementForm(PeriodForm):
    class Meta:
        model = LabourPlacement
        fields = ["pairing", "period_start", "period_end", "workers", "formerly_poor", "destination", "note"]
        widgets = PERIOD_WIDGETS

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        workers, formerly_poor = cleaned.get("workers"), cleaned.get("formerly_poor")
        if workers is not None and formerly_poor is not None and formerly_poor > workers:
            # Said on the field with the numbers (before the model's constraint says it without them).
            self.add_error("formerly_poor", FORMERLY_POOR_TOO_MANY % {"poor": formerly_poor, "all": workers})
        return cleaned


class ConsumptionRecordForm(PeriodForm):
    class Meta:
        model = ConsumptionRecord
        fields = ["pairing", "period_start", "period_end", "product", "channel", "kind", "amount_yuan", "note"]
        widgets = PERIOD_WIDGETS


class IndustrialParkForm(LedgerForm):
    class Meta:
        model = IndustrialPark
        fields = ["pairing", "name", "region", "established", "note"]
        widgets = {"established": DATE_INPUT}


class InvestmentLeadForm(LedgerForm):
    class Meta:
        model = InvestmentLead
        fields = [
            "pairing",
            "enterprise",
            "organisation",
            "stage",
            "agreed_investment_yuan",
            "park",
            "jobs_created",
            "signed_on",
            "note",
        ]
        widgets = {"signed_on": DATE_INPUT}


class InvestmentInflowForm(LedgerForm):
    """An inflow of any lead the user edits."""

    class Meta:
        model = InvestmentInflow
        fields = ["lead", "date", "amount_yuan", "note"]
        widgets = {"date": DATE_INPUT}

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        if user is not None:
            # Money is written to leads the user edits, not merely sees.
            self.fields["lead"].queryset = InvestmentLead.objects.editable_by(user)  # type: ignore[attr-defined]


class DonationForm(LedgerForm):
    class Meta:
        model = Donation
        fields = ["pairing", "donor", "donor_kind", "kind", "value_yuan", "date", "purpose"]
        widgets = {"date": DATE_INPUT}


class StudentAidForm(LedgerForm):
    class Meta:
        model = StudentAid
        fields = ["pairing", "students", "amount_yuan", "date", "donor", "note"]
        widgets = {"date": DATE_INPUT}


class VolunteerServiceForm(LedgerForm):
    class Meta:
        model = VolunteerService
        fields = ["pairing", "date", "activity", "volunteers", "hours", "note"]
        widgets = {"date": DATE_INPUT}
