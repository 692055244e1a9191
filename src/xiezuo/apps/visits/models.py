"""Visits (考察交流): a delegation, its leader and members, the sites in order, the meetings held."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from xiezuo.apps.core.models import LedgerModel
from xiezuo.apps.core.scoping import ScopedManager
from xiezuo.apps.visits.choices import Direction


class Visit(LedgerModel):
    """A delegation (仪陇县党政代表团) led by someone, travelling from one side to the other."""

    pairing = models.ForeignKey(
        "pairings.Pairing", on_delete=models.PROTECT, related_name="visits", verbose_name=_("pairing")
    )
    direction = models.CharField(_("direction"), max_length=16, choices=Direction.choices)
    delegation = models.CharField(_("delegation"), max_length=200)
    leader = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_visits",
        verbose_name=_("leader"),
    )
    members = models.ManyToManyField("people.Person", blank=True, related_name="visits", verbose_name=_("members"))
    from_region = models.ForeignKey(
        "regions.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("from")
    )
    to_region = models.ForeignKey(
        "regions.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("to")
    )
    start_date = models.DateField(_("from date"))
    end_date = models.DateField(_("until date"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    pairing_path = "pairing"
    period_field = "start_date"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        ordering = ["-start_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True) | models.Q(end_date__gte=models.F("start_date")),
                name="visit_ends_after_it_starts",
            )
        ]

    def __str__(self) -> str:
        return f"{self.start_date:%Y-%m-%d} {self.delegation}"


class VisitSite(LedgerModel):
    """One stop of a visit's itinerary, in order."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="sites", verbose_name=_("visit"))
    order = models.PositiveSmallIntegerField(_("order"))
    organisation = models.ForeignKey(
        "people.Organisation", on_delete=models.PROTECT, related_name="visit_sites", verbose_name=_("site")
    )

    pairing_path = "visit__pairing"
    period_field = "visit__start_date"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("site visited")
        verbose_name_plural = _("sites visited")
        ordering = ["visit", "order"]
        constraints = [models.UniqueConstraint(fields=["visit", "order"], name="visit_site_unique_order")]

    def __str__(self) -> str:
        return f"{self.order}. {self.organisation}"


class Meeting(LedgerModel):
    """A symposium or joint meeting (座谈会, 联席会议), usually during a visit."""

    pairing = models.ForeignKey(
        "pairings.Pairing", on_delete=models.PROTECT, related_name="meetings", verbose_name=_("pairing")
    )
    visit = models.ForeignKey(
        Visit, null=True, blank=True, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("during visit")
    )
    name = models.CharField(_("name"), max_length=200)
    date = models.DateField(_("date"))
    participants = models.ManyToManyField(
        "people.Person", blank=True, related_name="meetings", verbose_name=_("participants")
    )
    outcome = models.TextField(_("outcome"), blank=True)

    pairing_path = "pairing"
    period_field = "date"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-date", "pk"]

    def __str__(self) -> str:
        return self.name
