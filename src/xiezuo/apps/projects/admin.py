from django.contrib import admin

from xiezuo.apps.projects.models import Evidence, FundTransaction, Project

admin.site.register(Project)
admin.site.register(FundTransaction)
admin.site.register(Evidence)
