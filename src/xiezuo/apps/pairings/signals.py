"""Keep a pairing's label in step with its sides, whoever changes them (services, admin, fixtures)."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import m2m_changed
from django.dispatch import receiver

from xiezuo.apps.pairings.models import Pairing

SIDES = (
    Pairing.east_regions.through,
    Pairing.west_regions.through,
    Pairing.east_organisations.through,
    Pairing.west_organisations.through,
)


def refresh_label(pairing: Pairing) -> None:
    label = pairing.sides_label()[:300]
    if label != pairing.label:
        Pairing.objects.filter(pk=pairing.pk).update(label=label)
        pairing.label = label


@receiver(m2m_changed)
def _sides_changed(sender: Any, instance: Any, action: str, **kwargs: Any) -> None:
    if sender in SIDES and action in ("post_add", "post_remove", "post_clear") and isinstance(instance, Pairing):
        refresh_label(instance)
