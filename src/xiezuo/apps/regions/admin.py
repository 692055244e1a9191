from django.contrib import admin

from xiezuo.apps.core.admin import LedgerAdmin
from xiezuo.apps.regions.models import Region


@admin.register(Region)
class RegionAdmin(LedgerAdmin):
    list_display = ("name", "code", "level", "parent")
    search_fields = ("name", "code")
    list_filter = ("level",)
