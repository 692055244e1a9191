"""Reports (工作动态) and the ledger records each one is evidence of."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from xiezuo.apps.core.models import LedgerModel
from xiezuo.apps.core.scoping import ScopedManager
from xiezuo.apps.reports.choices import ReportStatus


class Report(LedgerModel):
    """A news report as it came in, repaired, with the facts read from it and the proposals a person reviews."""

    pairing = models.ForeignKey(
        "pairings.Pairing", on_delete=models.PROTECT, related_name="reports", verbose_name=_("pairing")
    )
    title = models.CharField(_("title"), max_length=300, blank=True)
    source_url = models.URLField(_("source address"), max_length=1000, blank=True)
    file_name = models.CharField(_("file"), max_length=300, blank=True)
    published = models.DateField(_("published"), null=True, blank=True)
    original = models.TextField(_("text as received"))
    repaired = models.TextField(_("repaired text"))
    # sha256 of the repaired text with white space and punctuation widths folded: the same report twice.
    text_hash = models.CharField(_("text fingerprint"), max_length=64, db_index=True, editable=False)
    diagnosis = models.JSONField(_("diagnosis"), default=dict, blank=True)
    steps = models.JSONField(_("repair steps"), default=list, blank=True)
    facts = models.JSONField(_("facts read"), default=dict, blank=True)
    proposal = models.JSONField(_("proposal"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=ReportStatus.choices, default=ReportStatus.PENDING)
    reason = models.TextField(_("reason"), blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("added by")
    )

    pairing_path = "pairing"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["pairing", "text_hash"], name="report_unique_text_in_pairing"),
        ]

    def __str__(self) -> str:
        return self.title or self.file_name or f"#{self.pk}"


class ReportLink(models.Model):
    """A ledger record that a report is evidence of (created from it, or matched to it)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="links", verbose_name=_("report"))
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, verbose_name=_("kind of record"))
    object_id = models.CharField(_("record id"), max_length=64)
    created = models.BooleanField(_("created from the report"), default=False)

    class Meta:
        verbose_name = _("report link")
        verbose_name_plural = _("report links")
        ordering = ["report", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["report", "content_type", "object_id"], name="report_link_unique"),
        ]
        indexes = [models.Index(fields=["content_type", "object_id"], name="report_link_object_idx")]

    def __str__(self) -> str:
        return f"{self.report} → {self.content_type.model} {self.object_id}"
