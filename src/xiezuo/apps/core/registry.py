"""The kinds of ledger record the platform shows, registered by each app's views (for navigation)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django.db import models
    from django.forms import ModelForm


@dataclass(frozen=True)
class LedgerType:
    """How one kind of record is listed, shown and written, and where it sits in the navigation."""

    model: type[models.Model]
    slug: str  # URL segment: /projects/
    form: type[ModelForm[Any]]
    list_columns: tuple[str, ...]
    search_fields: tuple[str, ...] = ()
    filter_fields: tuple[str, ...] = ()
    ordering_fields: tuple[str, ...] = ()
    detail_fields: tuple[str, ...] = ()
    group: str = ""  # navigation group
    # Services, keyword arguments after the instance; `batch` groups an import's rows in the change log.
    create: Any = None  # (actor, data, m2m, reason, batch) -> instance
    update: Any = None  # (instance, actor, data, m2m, expected_version, reason, batch) -> instance
    delete: Any = None  # (instance, actor, reason) -> None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def verbose_name(self) -> str:
        return str(self.model._meta.verbose_name)

    @property
    def verbose_name_plural(self) -> str:
        return str(self.model._meta.verbose_name_plural)


_TYPES: dict[str, LedgerType] = {}


def register(ledger_type: LedgerType) -> LedgerType:
    _TYPES[ledger_type.slug] = ledger_type
    return ledger_type


def ledger_types() -> tuple[LedgerType, ...]:
    return tuple(_TYPES.values())


def ledger_type_for(model: type[Any]) -> LedgerType | None:
    return next((t for t in _TYPES.values() if t.model is model), None)
