"""Writing pairings: every change through the core services, with the change log."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from xiezuo.apps.core import services
from xiezuo.apps.pairings.models import Pairing


def _check(data: dict[str, Any], m2m: dict[str, list[Any]] | None) -> None:
    m2m = m2m or {}
    east = set(m2m.get("east_regions", [])) | set(m2m.get("east_organisations", []))
    west = set(m2m.get("west_regions", [])) | set(m2m.get("west_organisations", []))
    if m2m and (not east or not west):
        raise ValidationError(_("A pairing needs an east side and a west side."))
    if set(m2m.get("east_regions", [])) & set(m2m.get("west_regions", [])):
        raise ValidationError(_("A region cannot be on both sides of a pairing."))


def create_pairing(
    *, actor: Any, data: dict[str, Any], m2m: dict[str, list[Any]] | None = None, reason: str = "", batch: str = ""
) -> Pairing:
    _check(data, m2m)
    return services.create_record(Pairing, actor=actor, data=data, m2m=m2m, reason=reason, batch=batch)


def update_pairing(
    pairing: Pairing,
    *,
    actor: Any,
    data: dict[str, Any],
    expected_version: int,
    m2m: dict[str, list[Any]] | None = None,
    reason: str = "",
    batch: str = "",
) -> Pairing:
    _check(data, m2m)
    if data.get("parent") is not None and data["parent"].pk in {pairing.pk, *Pairing.descendant_ids(pairing.pk)}:
        raise ValidationError({"parent": _("A pairing cannot sit inside itself.")})
    return services.update_record(
        pairing, actor=actor, data=data, m2m=m2m, expected_version=expected_version, reason=reason, batch=batch
    )
