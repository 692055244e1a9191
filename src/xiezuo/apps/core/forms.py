"""The form every ledger record is edited with: its version (for optimistic locking) and a reason."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

# Django 6's select placeholder has no Chinese in Django's own catalogue: ours carries it.
gettext_noop("- Select an option -")


def add_service_errors(form: forms.BaseForm, error: ValidationError | PermissionDenied) -> None:
    """Show what a service refused on the form: each field's errors on its field, the rest above the form."""
    if isinstance(error, PermissionDenied):
        form.add_error(None, str(error))
    elif hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


class LedgerForm(forms.ModelForm):  # type: ignore[type-arg]
    """A model form that carries the version it was loaded at and limits choices to the user's scope."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    reason = forms.CharField(
        label=_("Reason for the change"),
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"placeholder": _("optional")}),
    )

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            # An edit must say which version it was made on, or it could overwrite a newer one.
            self.fields["version"].initial = self.instance.version
            self.fields["version"].required = True
        if user is not None:
            self._limit_choices(user)

    def _limit_choices(self, user: Any) -> None:
        """Foreign keys offer only what the user may use: pairings they edit, records they see."""
        from xiezuo.apps.pairings.models import Pairing

        for name, field in self.fields.items():
            queryset = getattr(field, "queryset", None)
            if queryset is None:
                continue
            model = queryset.model
            if model is Pairing:
                allowed = Pairing.objects.editable_by(user)  # type: ignore[attr-defined]
            elif hasattr(model.objects.all(), "visible_to"):
                allowed = model.objects.visible_to(user)
            else:
                continue
            # What the record holds now stays selectable: an editor saves their county pairing, whose
            # parent (the city pairing) is not theirs to edit, without having to change it.
            current = self._current_ids(name)
            if current:
                allowed = model.objects.filter(Q(pk__in=allowed.values("pk")) | Q(pk__in=current))
            field.queryset = allowed

    def _current_ids(self, name: str) -> list[Any]:
        if self.instance.pk is None or name not in {f.name for f in self.instance._meta.get_fields()}:
            return []
        field = self.instance._meta.get_field(name)
        if field.many_to_many:
            return list(getattr(self.instance, name).values_list("pk", flat=True))
        value = getattr(self.instance, getattr(field, "attname", name), None)
        return [value] if value is not None else []

    def service_arguments(self) -> tuple[dict[str, Any], dict[str, list[Any]]]:
        """The cleaned data split into plain fields and many-to-many lists, as the services take them."""
        data: dict[str, Any] = {}
        m2m: dict[str, list[Any]] = {}
        names = {f.name for f in self._meta.model._meta.many_to_many}
        for name in self._meta.fields or []:
            if name not in self.cleaned_data:
                continue
            value = self.cleaned_data[name]
            if name in names:
                m2m[name] = list(value)
            else:
                data[name] = value
        return data, m2m
