"""The change log, the version every ledger record carries, and who may see and edit what."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from xiezuo.apps.core.choices import ChangeAction, Role, Side


class LedgerModel(models.Model):
    """A ledger record: versioned for optimistic locking, with creation and change times."""

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    # The path from this model to its pairing, for permission scoping ("" for reference data).
    pairing_path: str = ""
    # The path to the date (or year) that puts a record in an assessment year, for the period lock
    # ("" for records outside any year: regions, people, pairings).
    # Reports have none either: no indicator counts them; records confirmed from one lock by their own dates.
    period_field: str = ""

    class Meta:
        abstract = True


class ChangeLog(models.Model):
    """One change to one record: who, when, before and after, why (after NetBox's ObjectChange)."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, verbose_name=_("kind of record"))
    object_id = models.CharField(_("record id"), max_length=64)
    object_repr = models.CharField(_("record"), max_length=300)
    action = models.CharField(_("action"), max_length=16, choices=ChangeAction.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("by")
    )
    time = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    request_id = models.CharField(_("request"), max_length=64, blank=True)
    batch = models.CharField(_("batch"), max_length=64, blank=True, db_index=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    reverts = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="reverted_by", verbose_name=_("reverts")
    )

    class Meta:
        verbose_name = _("change")
        verbose_name_plural = _("change log")
        ordering = ["-time", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="changelog_object_idx")]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.object_repr}"

    @property
    def changed_fields(self) -> list[tuple[str, object, object]]:
        """(field, before, after) for every field whose value differs."""
        before, after = self.before or {}, self.after or {}
        keys = sorted(set(before) | set(after))
        return [(k, before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)]

    @property
    def changed_fields_labelled(self) -> list[tuple[str, object, object]]:
        """`changed_fields` with each field's name as the user reads it (金额, not amount)."""
        model = self.content_type.model_class()
        labels: dict[str, str] = {}
        if model is not None:
            for field in model._meta.get_fields():
                name = str(getattr(field, "verbose_name", field.name))
                labels[field.name] = name
                labels[getattr(field, "attname", field.name)] = name
        return [(labels.get(k, k), b, a) for k, b, a in self.changed_fields]


class Membership(models.Model):
    """What a user may do where: edit or view one pairing's ledger (as one side), supervise a region, or administer."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    pairing = models.ForeignKey(
        "pairings.Pairing",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("pairing"),
    )
    side = models.CharField(_("side"), max_length=8, choices=Side.choices, blank=True)
    # A supervisor reads everything under this division (a province or city code prefix).
    scope_code = models.CharField(_("supervised division code"), max_length=6, blank=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["user", "role"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role__in=[Role.EDITOR, Role.VIEWER]) | models.Q(pairing__isnull=False),
                name="membership_pairing_for_editors_and_viewers",
            ),
            models.CheckConstraint(
                condition=~models.Q(role=Role.SUPERVISOR) | ~models.Q(scope_code=""),
                name="membership_scope_for_supervisors",
            ),
        ]

    def __str__(self) -> str:
        where = self.pairing or self.scope_code or _("everything")
        return f"{self.user} · {self.get_role_display()} · {where}"


class ImportJob(models.Model):
    """A spreadsheet uploaded into one kind of record: checked (a dry run), then saved once its owner confirms."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to be checked")
        CHECKING = "checking", _("Being checked")
        READY = "ready", _("Checked: waiting for your confirmation")
        INVALID = "invalid", _("Has problems: nothing can be saved")
        SAVING = "saving", _("Being saved")
        DONE = "done", _("Saved")
        FAILED = "failed", _("Not saved")
        DISCARDED = "discarded", _("Discarded")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="import_jobs", verbose_name=_("by")
    )
    ledger = models.CharField(_("kind of record"), max_length=64)  # the LedgerType's slug
    file = models.FileField(_("file"), upload_to="imports/%Y/%m/")
    file_name = models.CharField(_("file name"), max_length=300)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    language = models.CharField(_("language"), max_length=16, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(_("rows"), default=0)
    batch = models.CharField(_("batch"), max_length=64)
    preview = models.JSONField(_("check"), default=dict, blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"
