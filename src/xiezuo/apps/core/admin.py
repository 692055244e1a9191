from typing import Any

from django.contrib import admin
from django.db import transaction

from xiezuo.apps.core import import_jobs
from xiezuo.apps.core.models import ChangeLog, ImportJob, Membership


@admin.register(ChangeLog)
class ChangeLogAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("time", "actor", "action", "content_type", "object_repr", "reason")
    list_filter = ("action", "content_type")
    readonly_fields = [f.name for f in ChangeLog._meta.fields]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Uploaded imports, to look at and to delete (with their files): a job is changed only by its import."""

    list_display = ("created_at", "user", "ledger", "status", "total")
    list_filter = ("status", "ledger")
    readonly_fields = [f.name for f in ImportJob._meta.fields]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    # Deleting a job deletes its upload and progress file too, once the deletion is committed. No change-log
    # row: the change log is about ledger records, and a job is not one.
    def delete_model(self, request: Any, obj: ImportJob) -> None:
        super().delete_model(request, obj)
        transaction.on_commit(lambda: import_jobs.remove_files([obj]))

    def delete_queryset(self, request: Any, queryset: Any) -> None:
        jobs = list(queryset)
        super().delete_queryset(request, queryset)
        transaction.on_commit(lambda: import_jobs.remove_files(jobs))


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
