"""Pairings (结对): one east side and one west side, each one or more regions (or organisations, below counties)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models
from django.utils.translation import gettext_lazy as _

from xiezuo.apps.core.models import LedgerModel
from xiezuo.apps.core.scoping import ScopedManager
from xiezuo.apps.pairings.choices import PairingKind, PairingLevel


class Pairing(LedgerModel):
    """An east side paired with a west side at a level, inside a parent pairing (温州湾新区、龙湾区 ↔ 仪陇县)."""

    name = models.CharField(_("name"), max_length=200, blank=True)
    level = models.CharField(_("level"), max_length=16, choices=PairingLevel.choices)
    kind = models.CharField(_("kind"), max_length=24, choices=PairingKind.choices, default=PairingKind.REGIONS)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("within pairing"),
    )
    east_regions = models.ManyToManyField(
        "regions.Region", related_name="east_pairings", blank=True, verbose_name=_("east side")
    )
    west_regions = models.ManyToManyField(
        "regions.Region", related_name="west_pairings", blank=True, verbose_name=_("west side")
    )
    east_organisations = models.ManyToManyField(
        "people.Organisation", related_name="east_pairings", blank=True, verbose_name=_("east side organisations")
    )
    west_organisations = models.ManyToManyField(
        "people.Organisation", related_name="west_pairings", blank=True, verbose_name=_("west side organisations")
    )
    # "温州湾新区、龙湾区 — 仪陇县": derived from the sides whenever they change (signals.py), so that
    # lists show a pairing without two queries per row.
    label = models.CharField(_("label"), max_length=300, blank=True, editable=False)
    start_date = models.DateField(_("paired since"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    pairing_path = "pk"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("pairing")
        verbose_name_plural = _("pairings")
        ordering = ["level", "name", "pk"]

    def __str__(self) -> str:
        if self.name:
            return self.name
        if self.label:
            return self.label
        if self.pk is None:
            return str(_("new pairing"))
        return self.sides_label()

    def sides_label(self) -> str:
        """East side — west side, from the regions (or, below counties, the organisations)."""
        east = "、".join(r.name for r in self.east_regions.all()) or "、".join(
            o.name for o in self.east_organisations.all()
        )
        west = "、".join(r.name for r in self.west_regions.all()) or "、".join(
            o.name for o in self.west_organisations.all()
        )
        return f"{east} — {west}"

    def year_of_pairing(self, on: object) -> int | None:
        """The Nth year of the pairing on a date (第4个年头), counting the start year as the first."""
        if self.start_date is None or not hasattr(on, "year"):
            return None
        return int(on.year) - self.start_date.year + 1  # type: ignore[attr-defined]

    @classmethod
    def descendant_ids(cls, pk: int) -> set[int]:
        return cls.descendant_ids_of({pk})

    @classmethod
    def descendant_ids_of(cls, pks: Iterable[int]) -> set[int]:
        """Every pairing below these, at any depth (one query per level)."""
        found: set[int] = set()
        frontier = set(pks)
        while frontier:
            children = set(cls.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)) - found
            found |= children
            frontier = children
        return found
