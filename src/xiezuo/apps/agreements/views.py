"""Pages of agreements: the generic ledger pages of agreements, the indicator catalogue and period locks,
and the agreement page where targets are set and revised and manual actuals are entered."""

from __future__ import annotations

from xiezuo.apps.agreements import forms, services
from xiezuo.apps.agreements.models import AnnualAgreement, Indicator, PeriodLock
from xiezuo.apps.core.registry import LedgerType, register

GROUP = "agreements"

AGREEMENTS = register(
    LedgerType(
        model=AnnualAgreement,
        slug="agreements",
        form=forms.AnnualAgreementForm,
        list_columns=("year", "pairing", "title", "signed_on"),
        search_fields=("title", "pairing__label", "pairing__name"),
        filter_fields=("year",),
        ordering_fields=("year", "signed_on"),
        group=GROUP,
        create=services.create_agreement,
        update=services.update_agreement,
        delete=services.delete_agreement,
    )
)
INDICATORS = register(
    LedgerType(
        model=Indicator,
        slug="indicators",
        form=forms.IndicatorForm,
        list_columns=("order", "name", "area", "unit", "counting_rule", "active"),
        search_fields=("name", "code", "counting_rule"),
        filter_fields=("area", "unit", "active"),
        ordering_fields=("order", "name", "area"),
        group=GROUP,
    )
)
PERIOD_LOCKS = register(
    LedgerType(
        model=PeriodLock,
        slug="period-locks",
        form=forms.PeriodLockForm,
        list_columns=("year", "reason", "created_at"),
        ordering_fields=("year",),
        group=GROUP,
        create=services.lock_period,
        update=services.update_period_lock,
        delete=services.unlock_period,
    )
)


def _todo(request, *args, **kwargs):  # type: ignore[no-untyped-def]
    from django.http import HttpResponse

    return HttpResponse("")


add_target_view = revise_target_view = delete_target_view = _todo
add_manual_view = edit_manual_view = delete_manual_view = manual_evidence_view = _todo
