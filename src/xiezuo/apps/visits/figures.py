"""Visit figures for a pairing's home page."""

from __future__ import annotations

from typing import Any

from xiezuo.apps.visits.models import Visit

RECENT = 5


def recent_visits(pairing: Any, user: Any) -> list[Visit]:
    """The latest visits of the pairing and the pairings below it, newest first."""
    ids = {pairing.pk, *type(pairing).descendant_ids(pairing.pk)}
    return list(
        Visit.objects.visible_to(user)  # type: ignore[attr-defined]
        .filter(pairing_id__in=ids)
        .select_related("leader")
        .order_by("-start_date", "-pk")[:RECENT]
    )
