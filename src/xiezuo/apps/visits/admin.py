from django.contrib import admin

from xiezuo.apps.core.admin import LedgerAdmin
from xiezuo.apps.visits.models import Meeting, Visit, VisitSite

admin.site.register(Meeting, LedgerAdmin)
admin.site.register(Visit, LedgerAdmin)
admin.site.register(VisitSite, LedgerAdmin)
