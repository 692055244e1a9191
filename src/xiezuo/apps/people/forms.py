from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from xiezuo.apps.core.forms import LedgerForm
from xiezuo.apps.people.models import Organisation, Person, Position

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def check_dates(form: forms.BaseForm, start: str, end: str, message: Any) -> None:
    """An end date before the start date, said on the end date (before the model's constraint says it vaguely)."""
    first, last = form.cleaned_data.get(start), form.cleaned_data.get(end)
    if first is not None and last is not None and last < first:
        form.add_error(end, message % {"end": last.isoformat(), "start": first.isoformat()})


POSITION_ENDS_TOO_EARLY = _("A position cannot end (%(end)s) before it starts (%(start)s).")


class OrganisationForm(LedgerForm):
    class Meta:
        model = Organisation
        fields = ["name", "type", "region", "pairing", "note"]


class PersonForm(LedgerForm):
    """A person; when adding one, optionally their first position too."""

    position_title = forms.CharField(label=_("Position"), max_length=120, required=False)
    position_organisation = forms.ModelChoiceField(
        label=_("Position in organisation"), queryset=Organisation.objects.all(), required=False
    )
    position_start_date = forms.DateField(label=_("Position held from"), required=False, widget=DATE_INPUT)

    class Meta:
        model = Person
        fields = ["name", "region", "pairing", "note"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            for name in ("position_title", "position_organisation", "position_start_date"):
                del self.fields[name]

    def service_arguments(self) -> tuple[dict[str, Any], dict[str, list[Any]]]:
        data, m2m = super().service_arguments()
        title = self.cleaned_data.get("position_title", "")
        if title:
            data["positions"] = [
                {
                    "title": title,
                    "organisation": self.cleaned_data.get("position_organisation"),
                    "start_date": self.cleaned_data.get("position_start_date"),
                }
            ]
        return data, m2m


class PositionForm(LedgerForm):
    class Meta:
        model = Position
        fields = ["person", "title", "organisation", "region", "start_date", "end_date"]
        widgets = {"start_date": DATE_INPUT, "end_date": DATE_INPUT}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        check_dates(self, "start_date", "end_date", POSITION_ENDS_TOO_EARLY)
        return cleaned


class PositionInlineForm(PositionForm):
    """The "add position" form on a person's page: the person is the page's."""

    class Meta(PositionForm.Meta):
        fields = ["title", "organisation", "region", "start_date", "end_date"]


class EndPositionForm(forms.Form):
    """The date a position ended, on a person's page."""

    end_date = forms.DateField(label=_("Ended on"), widget=DATE_INPUT)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
