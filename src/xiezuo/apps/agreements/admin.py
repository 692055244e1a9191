from django.contrib import admin

from xiezuo.apps.agreements.models import (
    AnnualAgreement,
    Indicator,
    ManualActual,
    PeriodLock,
    Target,
    TargetRevision,
)
from xiezuo.apps.core.admin import LedgerAdmin

for model in (Indicator, AnnualAgreement, Target, TargetRevision, ManualActual, PeriodLock):
    admin.site.register(model, LedgerAdmin)
