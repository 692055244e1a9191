from django.contrib import admin

from xiezuo.apps.core.models import ChangeLog, Membership


@admin.register(ChangeLog)
class ChangeLogAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("time", "actor", "action", "content_type", "object_repr", "reason")
    list_filter = ("action", "content_type")
    readonly_fields = [f.name for f in ChangeLog._meta.fields]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("user", "role", "pairing", "side", "scope_code")
    list_filter = ("role", "side")


class LedgerAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Ledger records in the admin, to look at only: every write goes through the services and
    the change log, which the admin's own save and delete would bypass."""

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False
