"""Choices of projects and funds: the glossary's categories, project status, transaction types, years."""

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    """The glossary's work categories."""

    INDUSTRY = "industry", _("Industrial development")
    LABOUR = "labour", _("Labour cooperation")
    TALENT = "talent", _("Talent exchange")
    CONSUMPTION = "consumption", _("Consumption cooperation")
    LIVELIHOOD = "livelihood", _("Livelihood improvement")
    RURAL_REVITALISATION = "rural_revitalisation", _("Rural revitalisation")
    SOCIAL_ASSISTANCE = "social_assistance", _("Social assistance")


class Status(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    ACCEPTED = "accepted", _("Accepted")
    SUSPENDED = "suspended", _("Suspended")
    CANCELLED = "cancelled", _("Cancelled")


class TransactionType(models.TextChoices):
    """Money moves in typed steps (domain.md): 下达 → 到位 → 拨付 → 支出, plus refunds."""

    ALLOCATION = "allocation", _("Allocation (下达)")
    RECEIPT = "receipt", _("Receipt (到位)")
    DISBURSEMENT = "disbursement", _("Disbursement (拨付)")
    EXPENDITURE = "expenditure", _("Expenditure (支出)")
    REFUND = "refund", _("Refund (退回)")


FIRST_YEAR = 1996  # the programme began in 1996


def project_years() -> list[tuple[int, str]]:
    """The years a project can belong to, newest first: from 1996 to next year (plans are made a year ahead)."""
    return [(year, str(year)) for year in range(datetime.date.today().year + 1, FIRST_YEAR - 1, -1)]
