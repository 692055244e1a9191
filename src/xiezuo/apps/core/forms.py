"""The form every ledger record is edited with: its version (for optimistic locking) and a reason."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

# Django 6's select placeholder has no Chinese in Django's own catalogue: ours carries it.
gettext_noop("- Select an option -")


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

        for field in self.fields.values():
            queryset = getattr(field, "queryset", None)
            if queryset is None:
                continue
            manager_queryset = queryset.model.objects.all()
            if queryset.model is Pairing:
                field.queryset = Pairing.objects.editable_by(user)  # type: ignore[attr-defined]
            elif hasattr(manager_queryset, "visible_to"):
                field.queryset = manager_queryset.visible_to(user)

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
