"""Writing regions: divisions come from `xiezuo.divisions` on first use, with their parents."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from xiezuo.apps.core import services
from xiezuo.apps.regions.choices import RegionLevel
from xiezuo.apps.regions.models import Region
from xiezuo.divisions import by_code

LEVELS = {"province": RegionLevel.PROVINCE, "prefecture": RegionLevel.PREFECTURE, "county": RegionLevel.COUNTY}


def division(code: str, *, actor: Any = None, batch: str = "") -> Region:
    """The Region of a GB/T 2260 code, created (with its parents) from the division table if new.

    Divisions are reference data: creating one is a system action, logged without an actor.
    """
    existing = Region.objects.filter(code=code).first()
    if existing is not None:
        return existing
    found = by_code(code)
    if found is None:
        raise ValidationError(_("No administrative division has the code %(code)s.") % {"code": code})
    with transaction.atomic():
        parent = division(found.parent_code, batch=batch) if found.parent_code else None
        region = Region(code=found.code, name=found.name, level=LEVELS[str(found.level)], parent=parent)
        region.full_clean()
        region.save()
        services.log_change(
            instance=region, action="create", actor=None, before=None, after=services.snapshot(region), batch=batch
        )
    return region


def create_region(*, actor: Any, data: dict[str, Any], m2m: Any = None, reason: str = "", batch: str = "") -> Region:
    """A functional area, town or village (divisions come from `division`)."""
    if data.get("code"):
        raise ValidationError({"code": _("Divisions with a code are added from the division table.")})
    return services.create_record(Region, actor=actor, data=data, reason=reason, batch=batch)
