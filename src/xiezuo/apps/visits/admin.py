from django.contrib import admin

from xiezuo.apps.visits.models import Meeting, Visit, VisitSite

admin.site.register(Visit)
admin.site.register(VisitSite)
admin.site.register(Meeting)
