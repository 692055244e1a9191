"""Regions: a division with its GB/T 2260 code, or a functional area, town or village within one."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from xiezuo.apps.core.models import LedgerModel
from xiezuo.apps.core.scoping import ScopedManager
from xiezuo.apps.regions.choices import RegionLevel


class Region(LedgerModel):
    """A place a pairing's side, a person or an organisation belongs to."""

    code = models.CharField(_("GB/T 2260 code"), max_length=6, blank=True)
    name = models.CharField(_("name"), max_length=100)
    level = models.CharField(_("level"), max_length=16, choices=RegionLevel.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children", verbose_name=_("within")
    )
    # The code of the division it lies in (its own, for divisions): supervisors' scope is matched on it.
    area_code = models.CharField(_("division code"), max_length=6, blank=True, db_index=True, editable=False)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["area_code", "name"]
        constraints = [
            models.UniqueConstraint(fields=["code"], condition=~models.Q(code=""), name="region_unique_code"),
            models.UniqueConstraint(fields=["parent", "name"], name="region_unique_name_within_parent"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.area_code = self.code or (self.parent.area_code if self.parent else "")
        super().save(*args, **kwargs)  # type: ignore[arg-type]
