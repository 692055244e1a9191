"""Projects (协作项目) and their fund transactions and evidence."""

from __future__ import annotations

import os
import re
from decimal import Decimal
from typing import Any, Self

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from xiezuo.apps.core.models import LedgerModel
from xiezuo.apps.core.scoping import ScopedManager, ScopedQuerySet
from xiezuo.apps.projects.choices import Category, Status, TransactionType, project_years
from xiezuo.apps.projects.lookups import WithinPairing
from xiezuo.apps.projects.templatetags.money import yuan

# What `str(pairing)` reads when a pairing has no name: fetched once for a whole list of projects.
PAIRING_LABEL = (
    "pairing__east_regions",
    "pairing__west_regions",
    "pairing__east_organisations",
    "pairing__west_organisations",
)


class ProjectQuerySet(ScopedQuerySet):
    """Projects scoped to a user; the rows a user reads come with their pairing's label."""

    def visible_to(self, user: Any) -> Self:
        # Without this a list of projects would ask for each row's pairing sides (two queries a row).
        return super().visible_to(user).prefetch_related(*PAIRING_LABEL)


class Project(LedgerModel):
    """A cooperation project of a pairing, in a year and a category, with its beneficiaries."""

    code = models.CharField(_("project code"), max_length=40)
    title = models.CharField(_("title"), max_length=200)
    pairing = models.ForeignKey(
        "pairings.Pairing", on_delete=models.PROTECT, related_name="projects", verbose_name=_("pairing")
    )
    year = models.PositiveSmallIntegerField(_("year"), choices=project_years, validators=[MinValueValidator(1996)])
    category = models.CharField(_("category"), max_length=24, choices=Category.choices)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PLANNED)
    location = models.ForeignKey(
        "regions.Region",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects",
        verbose_name=_("location"),
    )
    beneficiaries = models.PositiveIntegerField(_("beneficiaries"), null=True, blank=True)
    beneficiaries_formerly_poor = models.PositiveIntegerField(_("of which formerly poor"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)

    pairing_path = "pairing"
    period_field = "year"
    objects = models.Manager.from_queryset(ProjectQuerySet)()

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["-year", "code"]
        constraints = [
            models.UniqueConstraint(fields=["pairing", "code"], name="project_unique_code_in_pairing"),
            models.CheckConstraint(
                condition=models.Q(beneficiaries_formerly_poor__isnull=True)
                | models.Q(beneficiaries__isnull=False, beneficiaries_formerly_poor__lte=models.F("beneficiaries")),
                name="project_formerly_poor_within_beneficiaries",
            ),
        ]
        indexes = [models.Index(fields=["pairing", "year", "category", "status"], name="project_pairing_year_idx")]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class FundTransaction(LedgerModel):
    """One dated money movement of a project, in yuan: never a running total."""

    # PROTECT: money records never disappear with their project; they are deleted one by one, each logged.
    project = models.ForeignKey(
        Project, on_delete=models.PROTECT, related_name="transactions", verbose_name=_("project")
    )
    type = models.CharField(_("type"), max_length=16, choices=TransactionType.choices)
    date = models.DateField(_("date"))
    amount = models.DecimalField(
        _("amount (yuan)"), max_digits=16, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    pairing_path = "project__pairing"
    period_field = "date"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("fund transaction")
        verbose_name_plural = _("fund transactions")
        ordering = ["project", "date", "pk"]
        indexes = [
            models.Index(fields=["project", "type"], name="transaction_project_type_idx"),
            # The assessment sums a year's receipts over a province's projects: by type and date first.
            models.Index(fields=["type", "date"], name="transaction_type_date_idx"),
        ]
        constraints = [models.CheckConstraint(condition=models.Q(amount__gt=0), name="transaction_amount_positive")]

    def __str__(self) -> str:
        return f"{self.project.code} {self.get_type_display()} {self.get_amount_display()}"

    def get_amount_display(self) -> str:
        """The amount in yuan with thousands separators (what ledger tables show): 12,345,678.00."""
        return yuan(self.amount)


class Evidence(LedgerModel):
    """A document that supports a project record (佐证材料)."""

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="evidence", verbose_name=_("project"))
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to="evidence/%Y/%m/")

    pairing_path = "project__pairing"
    period_field = "project__year"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["project", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def download_name(self) -> str:
        """The file name a download gets: the title, made safe for file systems, with the file's extension."""
        extension = os.path.splitext(self.file.name)[1].lower()
        title = _UNSAFE_IN_FILE_NAMES.sub("_", self.title).strip(" .") or os.path.basename(self.file.name)
        return title if title.lower().endswith(extension) else f"{title}{extension}"


_UNSAFE_IN_FILE_NAMES = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


Project._meta.get_field("pairing").register_lookup(WithinPairing)
