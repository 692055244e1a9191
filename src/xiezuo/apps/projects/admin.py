from django.contrib import admin

from xiezuo.apps.core.admin import LedgerAdmin
from xiezuo.apps.projects.models import Evidence, FundTransaction, Project

admin.site.register(Evidence, LedgerAdmin)
admin.site.register(FundTransaction, LedgerAdmin)
admin.site.register(Project, LedgerAdmin)
