from django.contrib import admin

from xiezuo.apps.regions.models import Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "code", "level", "parent")
    search_fields = ("name", "code")
    list_filter = ("level",)
