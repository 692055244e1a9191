"""Forms of reports: adding reports (pasted or uploaded, many at once), editing a report's header, and
reviewing its proposals (each item's values and what to do with it)."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from xiezuo.apps.core.forms import LedgerForm
from xiezuo.apps.reports.models import Report


class ReportForm(LedgerForm):
    """A report's header; its text, repair and proposals come from the ingester, never from this form."""

    class Meta:
        model = Report
        fields = ["title", "source_url", "published"]
        widgets = {"published": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class FilesField(forms.Field):
    """Any number of uploaded files, taken as they are: the ingester judges each and names what is wrong."""

    widget = MultipleFileInput

    def to_python(self, data: Any) -> list[Any]:
        if not data:
            return []
        return list(data) if isinstance(data, list | tuple) else [data]


class AddReportsForm(forms.Form):
    """Reports in: pasted text and/or files, into one pairing, with a source and a publication date."""

    pairing = forms.ModelChoiceField(queryset=None, label=_("Pairing"))  # type: ignore[arg-type]
    text = forms.CharField(
        label=_("Paste a report"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    title = forms.CharField(
        label=_("Title of the pasted report"),
        required=False,
        max_length=300,
        widget=forms.TextInput(attrs={"placeholder": _("optional")}),
    )
    files = FilesField(
        label=_("Or upload files"),
        required=False,
        help_text=_("One or many: text in UTF-8, GBK or Big5, or a saved web page (HTML)."),
    )
    source_url = forms.URLField(label=_("Source address"), required=False, max_length=1000, assume_scheme="https")
    published = forms.DateField(
        label=_("Published"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Fills in the year of dates the report gives without one."),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from xiezuo.apps.pairings.models import Pairing

        pairings = Pairing.objects.editable_by(user)  # type: ignore[attr-defined]
        self.fields["pairing"].queryset = pairings
        if not self.is_bound and len(choices := list(pairings[:2])) == 1:
            self.fields["pairing"].initial = choices[0].pk

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not (data.get("text") or "").strip() and not data.get("files"):
            raise forms.ValidationError(_("Paste the text of a report or choose one or more files."), code="empty")
        return data


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Reason for rejecting"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


# How the proposal's kinds of item are called, in the order the page shows them: what happened first.
KIND_NAMES = {
    "visits": _("Visit"),
    "meetings": _("Meetings"),
    "people": _("People and their positions"),
    "organisations": _("Organisations"),
    "regions": _("Regions"),
    "pairings": _("Pairing and its year"),
    "projects": _("Project counts by category"),
    "amounts": _("Amounts"),
}
ACTION_NAMES = {"create": _("create new"), "link": _("link to the match"), "skip": _("skip")}
# Kinds that are what the report states, not records: shown, and only ever skipped.
FACT_KINDS = frozenset({"projects", "amounts"})

VALUE_LABELS = {
    "name": _("name"),
    "code": _("division code"),
    "level": _("level"),
    "parent": _("within region"),
    "type": _("type"),
    "region": _("region"),
    "positions": _("positions (one a line)"),
    "date": _("date"),
    "delegation": _("delegation"),
    "leader": _("leader"),
    "direction": _("direction"),
    "from_region": _("from"),
    "to_region": _("to"),
    "sites": _("sites in order (one a line)"),
    "meetings": _("meetings (one a line)"),
    "participants": _("meeting participants (one a line)"),
    "east": _("east side (one a line)"),
    "west": _("west side (one a line)"),
    "year_index": _("year of the pairing"),
    "since": _("paired since (year)"),
    "count": _("number of projects"),
    "categories": _("categories"),
    "text": _("as written"),
    "value_yuan": _("yuan"),
    "what": _("for"),
}
LIST_VALUES = frozenset({"positions", "sites", "meetings", "participants", "east", "west"})
NUMBER_VALUES = frozenset({"year_index", "since", "count", "value_yuan"})
# Keys of an item that are not values to edit.
NOT_VALUES = frozenset({"id", "match", "action", "info", "candidates"})


def _choices(key: str) -> list[tuple[str, Any]] | None:
    from xiezuo.apps.people.choices import OrganisationType
    from xiezuo.apps.projects.choices import Category
    from xiezuo.apps.regions.choices import RegionLevel
    from xiezuo.apps.visits.choices import Direction

    found = {"level": RegionLevel, "type": OrganisationType, "direction": Direction, "categories": Category}.get(key)
    return list(found.choices) if found is not None else None


@dataclass
class ProposalItem:
    """One item of a proposal as the page shows it: its values, its match, its notes, what to do with it."""

    kind: str
    item: dict[str, Any]
    action: forms.BoundField | None
    values: list[forms.BoundField]
    shown: list[tuple[str, Any]]  # (label, value) of values that are not edited
    errors: list[str]

    @property
    def id(self) -> str:
        return str(self.item.get("id", ""))

    @property
    def match(self) -> dict[str, Any] | None:
        match = self.item.get("match")
        return match if isinstance(match, dict) and match.get("pk") is not None else None

    @property
    def readonly(self) -> list[tuple[str, Any]]:
        """(label, value) of every value, for a page that shows the proposal without editing it."""
        return [(str(field.label), self.item.get(field.name.rsplit(".", 1)[-1])) for field in self.values] + self.shown

    @property
    def is_fact(self) -> bool:
        return self.kind in FACT_KINDS

    @property
    def action_name(self) -> str:
        action = str(self.item.get("action", ""))
        return str(ACTION_NAMES.get(action, action))

    @property
    def notes(self) -> list[str]:
        from xiezuo.apps.reports.proposals import notes_of

        return notes_of(self.item)

    @property
    def candidates(self) -> list[dict[str, Any]]:
        return [c for c in self.item.get("candidates") or [] if isinstance(c, dict)]


class ProposalForm(forms.Form):
    """Every editable value of every proposed item, and an action per item (create, link to the match, skip).

    The fields follow `proposals.EDITABLE`; `proposal()` gives the proposal back with the reviewer's
    values and actions, in its own shape, for `services.save_proposal` (which checks and matches again).
    """

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, proposal: dict[str, Any], **kwargs: Any) -> None:
        from xiezuo.apps.reports import proposals

        super().__init__(*args, **kwargs)
        self.original = proposal
        self.item_errors: dict[str, list[str]] = {}
        self._layout: list[tuple[str, dict[str, Any], str, list[str], list[str]]] = []
        for kind, item in proposals.items(proposal):
            prefix = f"{kind}.{item.get('id', '')}"
            editable = proposals.EDITABLE.get(kind, ())
            allowed = [
                action
                for action in proposals.ACTIONS
                if not (action == "link" and not (item.get("match") or {}).get("pk"))
                and not (action == "create" and kind in proposals.LINK_ONLY)
                and not (action != "skip" and kind in FACT_KINDS)
            ]
            self.fields[f"{prefix}.action"] = forms.ChoiceField(
                label=_("Action"),
                choices=[(action, ACTION_NAMES[action]) for action in allowed],
                initial=item.get("action"),
            )
            edited = [key for key in editable if key in item]
            for key in edited:
                self.fields[f"{prefix}.{key}"] = _value_field(key, item[key])
            shown = [key for key in item if key not in NOT_VALUES and key not in edited]
            self._layout.append((kind, item, prefix, edited, shown))

    def groups(self) -> list[tuple[str, str, list[ProposalItem]]]:
        """(kind, its name, its items) in reading order."""
        grouped: dict[str, list[ProposalItem]] = {}
        for kind, item, prefix, edited, shown in self._layout:
            grouped.setdefault(kind, []).append(
                ProposalItem(
                    kind=kind,
                    item=item,
                    action=self[f"{prefix}.action"],
                    values=[self[f"{prefix}.{key}"] for key in edited],
                    shown=[(str(VALUE_LABELS.get(key, key)), item[key]) for key in shown],
                    errors=self.item_errors.get(str(item.get("id")), []),
                )
            )
        order = list(KIND_NAMES)
        kinds = sorted(grouped, key=lambda kind: order.index(kind) if kind in order else len(order))
        return [(kind, str(KIND_NAMES.get(kind, kind)), grouped[kind]) for kind in kinds]

    def proposal(self) -> dict[str, Any]:
        """The proposal with the reviewer's values and actions (after `is_valid()`)."""
        from xiezuo.apps.reports import proposals

        result = copy.deepcopy(self.original)
        for kind, item in proposals.items(result):
            prefix = f"{kind}.{item.get('id', '')}"
            item["action"] = self.cleaned_data[f"{prefix}.action"]
            for key in proposals.EDITABLE.get(kind, ()):
                name = f"{prefix}.{key}"
                if name in self.cleaned_data:
                    item[key] = _value_back(key, item[key], self.cleaned_data[name])
        return result

    def add_service_error(self, error: Any) -> None:
        """A ValidationError of `save_proposal`/`confirm_report`: keyed by item id, shown on the item."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        ids = {str(item.get("id")) for _kind, item, *_rest in self._layout}
        for key, errors in error.error_dict.items():
            texts = [text for e in errors for text in e.messages]
            if key in ids:
                self.item_errors.setdefault(key, []).extend(texts)
            else:
                self.add_error(None, texts)
        if self.item_errors:
            self.add_error(None, _("Some items need your attention: see below."))


def _value_field(key: str, value: Any) -> forms.Field:
    label = VALUE_LABELS.get(key, key.replace("_", " "))
    choices = _choices(key)
    if key == "categories":
        return forms.MultipleChoiceField(
            label=label,
            required=False,
            choices=choices or [],
            initial=value,
            widget=forms.CheckboxSelectMultiple,
        )
    if choices is not None:
        return forms.ChoiceField(label=label, required=False, choices=[("", "—"), *choices], initial=value or "")
    if key in NUMBER_VALUES:
        return forms.IntegerField(label=label, required=False, initial=value)
    if key in LIST_VALUES or isinstance(value, list):
        lines = [str(v) for v in value or []]
        return forms.CharField(
            label=label,
            required=False,
            initial="\n".join(lines),
            widget=forms.Textarea(attrs={"rows": max(2, min(len(lines), 8))}),
        )
    if key == "date":
        return forms.CharField(
            label=label, required=False, initial=value or "", widget=forms.DateInput(attrs={"type": "date"})
        )
    return forms.CharField(label=label, required=False, initial=value or "", max_length=1000)


def _value_back(key: str, previous: Any, cleaned: Any) -> Any:
    """The edited value in the shape the proposal keeps it: lines to a list, an empty date to null."""
    if isinstance(cleaned, list):
        return [str(v) for v in cleaned]
    if key in LIST_VALUES or isinstance(previous, list):
        return [line.strip() for line in str(cleaned or "").splitlines() if line.strip()]
    if isinstance(cleaned, str):
        cleaned = cleaned.strip()
        return cleaned or ("" if isinstance(previous, str) else None)
    return cleaned
