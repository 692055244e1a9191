from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from xiezuo.apps.core.forms import LedgerForm
from xiezuo.apps.people.forms import DATE_INPUT, check_dates
from xiezuo.apps.visits.models import Meeting, Visit

VISIT_ENDS_TOO_EARLY = _("A visit cannot end (%(end)s) before it starts (%(start)s).")


class VisitForm(LedgerForm):
    class Meta:
        model = Visit
        fields = [
            "pairing",
            "direction",
            "delegation",
            "leader",
            "members",
            "from_region",
            "to_region",
            "start_date",
            "end_date",
            "note",
        ]
        widgets = {"start_date": DATE_INPUT, "end_date": DATE_INPUT}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        check_dates(self, "start_date", "end_date", VISIT_ENDS_TOO_EARLY)
        return cleaned


class MeetingForm(LedgerForm):
    class Meta:
        model = Meeting
        fields = ["pairing", "visit", "name", "date", "participants", "outcome"]
        widgets = {"date": DATE_INPUT}


class MeetingInlineForm(LedgerForm):
    """The "add meeting" form on a visit's page: the visit and its pairing are the page's."""

    class Meta:
        model = Meeting
        fields = ["name", "date", "participants", "outcome"]
        widgets = {"date": DATE_INPUT, "outcome": forms.Textarea(attrs={"rows": 3})}


class ItineraryForm(forms.Form):
    """A visit's sites in order, as organisation names, one a line."""

    sites = forms.CharField(
        label=_("Sites in order"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "One organisation a line, in the order visited (a list separated by 、 works too). "
            "Names are looked up among this pairing's organisations and the shared ones."
        ),
    )
    create_missing = forms.BooleanField(
        label=_("Add names not found as new organisations of this pairing"), required=False
    )
    reason = forms.CharField(
        label=_("Reason for the change"),
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"placeholder": _("optional")}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
