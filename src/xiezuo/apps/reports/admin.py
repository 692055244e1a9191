from django.contrib import admin

from xiezuo.apps.core.admin import LedgerAdmin
from xiezuo.apps.reports.models import Report, ReportLink

admin.site.register(Report, LedgerAdmin)
admin.site.register(ReportLink, LedgerAdmin)
