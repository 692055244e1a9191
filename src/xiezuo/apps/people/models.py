"""People hold dated positions; organisations have a type and a region. Both belong to a pairing's ledger."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from xiezuo.apps.core.models import LedgerModel
from xiezuo.apps.core.scoping import ScopedManager
from xiezuo.apps.people.choices import OrganisationType


class Organisation(LedgerModel):
    """An enterprise, institute, park, association, charity, body, school, hospital or village collective."""

    name = models.CharField(_("name"), max_length=200)
    type = models.CharField(_("type"), max_length=24, choices=OrganisationType.choices, default=OrganisationType.OTHER)
    region = models.ForeignKey(
        "regions.Region",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organisations",
        verbose_name=_("region"),
    )
    pairing = models.ForeignKey(
        "pairings.Pairing",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organisations",
        verbose_name=_("ledger of pairing"),
        help_text=_("Empty: shared by every pairing (administrators only)."),
    )
    note = models.TextField(_("note"), blank=True)

    pairing_path = "pairing"
    shared_when_unowned = True
    objects = ScopedManager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["pairing", "name"], name="organisation_unique_name_in_pairing")]

    def __str__(self) -> str:
        return self.name


class Person(LedgerModel):
    """A person in a pairing's work: a leader, a cadre, a contact. Positions are dated records."""

    name = models.CharField(_("name"), max_length=50)
    region = models.ForeignKey(
        "regions.Region",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="people",
        verbose_name=_("region"),
    )
    pairing = models.ForeignKey(
        "pairings.Pairing", on_delete=models.PROTECT, related_name="people", verbose_name=_("ledger of pairing")
    )
    note = models.TextField(_("note"), blank=True)

    pairing_path = "pairing"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def positions_on(self, day: object) -> list[Position]:
        """The positions held on a day (start on or before it, not ended before it)."""
        return [
            p
            for p in self.positions.all()
            if (p.start_date is None or p.start_date <= day) and (p.end_date is None or p.end_date >= day)  # type: ignore[operator]
        ]


class Position(LedgerModel):
    """A title a person holds for a time (仪陇县委书记 from …), possibly in an organisation."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="positions", verbose_name=_("person"))
    title = models.CharField(_("title"), max_length=120)
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="positions",
        verbose_name=_("organisation"),
    )
    region = models.ForeignKey(
        "regions.Region",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="positions",
        verbose_name=_("region"),
    )
    start_date = models.DateField(_("from"), null=True, blank=True)
    end_date = models.DateField(_("until"), null=True, blank=True)

    pairing_path = "person__pairing"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        ordering = ["person", "-start_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(start_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="position_ends_after_it_starts",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.title}"
