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


# Connected to the four sides' tables only: a receiver of every table's changes would also make every other
# many-to-many write look observed, and so keep it out of an import's bulk writes (core.bulk.can_defer).
@receiver(m2m_changed, sender=SIDES[0])
@receiver(m2m_changed, sender=SIDES[1])
@receiver(m2m_changed, sender=SIDES[2])
@receiver(m2m_changed, sender=SIDES[3])
def _sides_changed(sender: Any, instance: Any, action: str, **kwargs: Any) -> None:
    if action in ("post_add", "post_remove", "post_clear") and isinstance(instance, Pairing):
        refresh_label(instance)
