from django.contrib import admin

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
from xiezuo.apps.core.admin import LedgerAdmin

for model in (
    Secondment,
    LabourPlacement,
    ConsumptionRecord,
    IndustrialPark,
    InvestmentLead,
    InvestmentInflow,
    Donation,
    StudentAid,
    VolunteerService,
):
    admin.site.register(model, LedgerAdmin)
