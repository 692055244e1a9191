from django.contrib import admin

from xiezuo.apps.core.admin import LedgerAdmin
from xiezuo.apps.pairings.models import Pairing


@admin.register(Pairing)
class PairingAdmin(LedgerAdmin):
    list_display = ("__str__", "level", "kind", "parent", "start_date")
    list_filter = ("level", "kind")
    filter_horizontal = ("east_regions", "west_regions", "east_organisations", "west_organisations")
