"""Writing visits, their sites and meetings: every change through the core services.

A visit's itinerary is replaced as a whole (`set_itinerary`): the organisations in order become
VisitSite rows numbered 1..n, in one transaction that also claims the visit's version, so two
editors reordering the same visit cannot overwrite each other unnoticed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from xiezuo.apps.core import bulk, services
from xiezuo.apps.people.models import Organisation
from xiezuo.apps.people.services import (
    clean_name,
    create_organisation,
    ensure_visible,
    name_key,
    resolve_organisations,
)
from xiezuo.apps.visits.models import Meeting, Visit, VisitSite

# "1. ", "2、", "(3)", "（4）" before a name on a pasted itinerary line.
NUMBERING_RE = re.compile(r"^\s*(?:[0-9]+\s*[.．、)）]|[(（][0-9]+[)）])\s*")
# Names on one line may be separated the way reports list them: 瑞浦兰钧…、麦田能源…
NAME_SEPARATORS_RE = re.compile(r"[、;；]")


def split_names(text: str) -> list[str]:
    """Organisation names from a textarea: one a line (or separated by 、 or ；), numbering dropped.

    >>> split_names("1. 瑞浦兰钧能源股份有限公司\\n(2) 麦田能源股份有限公司、万洋科技城\\n\\n")
    ['瑞浦兰钧能源股份有限公司', '麦田能源股份有限公司', '万洋科技城']
    """
    names: list[str] = []
    for line in text.splitlines():
        for part in NAME_SEPARATORS_RE.split(NUMBERING_RE.sub("", line)):
            name = clean_name(part)
            if name:
                names.append(name)
    return names


# Visits


def _check_visit(actor: Any, data: dict[str, Any], m2m: dict[str, list[Any]] | None, instance: Visit | None) -> None:
    def value(name: str) -> Any:
        return data[name] if name in data else getattr(instance, name, None)

    start, end = value("start_date"), value("end_date")
    if start is not None and end is not None and end < start:
        raise ValidationError(
            {
                "end_date": _("A visit cannot end (%(end)s) before it starts (%(start)s).")
                % {"end": end.isoformat(), "start": start.isoformat()}
            }
        )
    ensure_visible(actor, [data.get("leader"), *(m2m or {}).get("members", [])])


def create_visit(
    *,
    actor: Any,
    data: dict[str, Any],
    m2m: dict[str, list[Any]] | None = None,
    sites: Sequence[Organisation] = (),
    reason: str = "",
    batch: str = "",
) -> Visit:
    """A new visit, with its itinerary if given, in one transaction."""
    if "delegation" in data:
        data = {**data, "delegation": clean_name(data["delegation"])}
    _check_visit(actor, data, m2m, None)
    batch = batch or (services.new_batch() if sites else "")
    with transaction.atomic():
        visit = services.create_record(Visit, actor=actor, data=data, m2m=m2m, reason=reason, batch=batch)
        _replace_sites(visit, sites, actor=actor, reason=reason, batch=batch)
    return visit


def update_visit(
    visit: Visit,
    *,
    actor: Any,
    data: dict[str, Any],
    expected_version: int,
    m2m: dict[str, list[Any]] | None = None,
    sites: Sequence[Organisation] | None = None,
    reason: str = "",
    batch: str = "",
) -> Visit:
    """Change a visit; with `sites`, replace its itinerary in the same transaction."""
    if "delegation" in data:
        data = {**data, "delegation": clean_name(data["delegation"])}
    _check_visit(actor, data, m2m, visit)
    batch = batch or (services.new_batch() if sites is not None else "")
    with transaction.atomic():
        visit = services.update_record(
            visit, actor=actor, data=data, m2m=m2m, expected_version=expected_version, reason=reason, batch=batch
        )
        if sites is not None:
            _replace_sites(visit, sites, actor=actor, reason=reason, batch=batch)
    return visit


def delete_visit(visit: Visit, *, actor: Any, reason: str = "", batch: str = "") -> None:
    """Delete a visit with its sites and meetings, each deletion logged, in one batch."""
    batch = batch or services.new_batch()
    with transaction.atomic():
        services.ensure_editable(actor, visit)
        for site in visit.sites.all():  # type: ignore[attr-defined]
            services.delete_record(site, actor=actor, reason=reason, batch=batch)
        for meeting in visit.meetings.all():  # type: ignore[attr-defined]
            services.delete_record(meeting, actor=actor, reason=reason, batch=batch)
        services.delete_record(visit, actor=actor, reason=reason, batch=batch)


# The itinerary


def itinerary(visit: Visit) -> list[Organisation]:
    """The organisations a visit went to, in order."""
    return [site.organisation for site in visit.sites.select_related("organisation").order_by("order")]  # type: ignore[attr-defined]


def _replace_sites(visit: Visit, organisations: Sequence[Organisation], *, actor: Any, reason: str, batch: str) -> None:
    """Make the visit's sites exactly `organisations`, numbered 1..n; rows that stay as they were are kept."""
    seen: dict[int, Organisation] = {}
    for organisation in organisations:
        if organisation.pk in seen:
            raise ValidationError({"sites": _("%(name)s is listed twice.") % {"name": organisation}})
        seen[organisation.pk] = organisation
    ensure_visible(actor, organisations)
    wanted = {order: organisation for order, organisation in enumerate(organisations, start=1)}
    kept: set[int] = set()
    for site in visit.sites.all():  # type: ignore[attr-defined]
        target = wanted.get(site.order)
        if target is not None and target.pk == site.organisation_id:
            kept.add(site.order)
        else:
            services.delete_record(site, actor=actor, reason=reason, batch=batch)
    for order, organisation in wanted.items():
        if order not in kept:
            services.create_record(
                VisitSite,
                actor=actor,
                data={"visit": visit, "order": order, "organisation": organisation},
                reason=reason,
                batch=batch,
            )


def set_itinerary(
    visit: Visit,
    organisations: Sequence[Organisation],
    *,
    actor: Any,
    expected_version: int,
    reason: str = "",
    batch: str = "",
) -> Visit:
    """Replace the visit's itinerary with these organisations in this order, or change nothing.

    The visit's version is claimed (and logged as an update of the visit) so a stale itinerary edit is
    refused with ConflictError; an unchanged itinerary writes nothing.
    """
    if [o.pk for o in organisations] == [o.pk for o in itinerary(visit)]:
        services.ensure_editable(actor, visit)
        return visit
    batch = batch or services.new_batch()
    with transaction.atomic():
        visit = services.update_record(
            visit, actor=actor, data={}, expected_version=expected_version, reason=reason, batch=batch
        )
        _replace_sites(visit, organisations, actor=actor, reason=reason, batch=batch)
    return visit


def set_itinerary_by_names(
    visit: Visit,
    names: str | Sequence[str],
    *,
    actor: Any,
    expected_version: int,
    create_missing: bool = False,
    reason: str = "",
    batch: str = "",
) -> Visit:
    """`set_itinerary` from organisation names, resolved in the visit's pairing's ledger or the shared one.

    Unknown names are refused all together, by name, unless `create_missing` adds them to the
    pairing's ledger (as organisations of type "other") in the same transaction.
    """
    services.ensure_editable(actor, visit)
    wanted = split_names(names) if isinstance(names, str) else [clean_name(n) for n in names if clean_name(n)]
    keys = [name_key(n) for n in wanted]
    twice = sorted({n for n, k in zip(wanted, keys, strict=True) if keys.count(k) > 1})
    if twice:
        raise ValidationError({"sites": _("Listed more than once: %(names)s.") % {"names": "、".join(twice)}})
    found = resolve_organisations(wanted, visit.pairing)
    unknown = [n for n, o in zip(wanted, found, strict=True) if o is None]
    if unknown and not create_missing:
        raise ValidationError(
            {
                "sites": _(
                    "Not found among the organisations of this pairing or the shared ones: %(names)s. "
                    "Add them first, correct the names, or choose to add them as new organisations."
                )
                % {"names": "、".join(unknown)}
            }
        )
    batch = batch or services.new_batch()
    with transaction.atomic():
        organisations = [
            o
            if o is not None
            else create_organisation(
                actor=actor, data={"name": n, "pairing": visit.pairing}, reason=reason, batch=batch
            )
            for n, o in zip(wanted, found, strict=True)
        ]
        return set_itinerary(
            visit, organisations, actor=actor, expected_version=expected_version, reason=reason, batch=batch
        )


# Meetings


def _check_meeting(
    actor: Any, data: dict[str, Any], m2m: dict[str, list[Any]] | None, instance: Meeting | None
) -> dict[str, Any]:
    visit = data["visit"] if "visit" in data else getattr(instance, "visit", None)
    if visit is not None:
        services.ensure_editable(actor, visit)
        pairing = data["pairing"] if "pairing" in data else getattr(instance, "pairing", None)
        if pairing is None:
            data = {**data, "pairing": visit.pairing}
        elif pairing.pk != visit.pairing_id:
            raise ValidationError({"visit": _("A meeting during a visit belongs to the visit's pairing.")})
        day = data["date"] if "date" in data else getattr(instance, "date", None)
        if day is not None and day < visit.start_date:
            raise ValidationError(
                {
                    "date": _("The meeting (%(date)s) is before its visit starts (%(start)s).")
                    % {"date": day.isoformat(), "start": visit.start_date.isoformat()}
                }
            )
        if day is not None and visit.end_date is not None and day > visit.end_date:
            raise ValidationError(
                {
                    "date": _("The meeting (%(date)s) is after its visit ends (%(end)s).")
                    % {"date": day.isoformat(), "end": visit.end_date.isoformat()}
                }
            )
    if "name" in data:
        data = {**data, "name": clean_name(data["name"])}
    ensure_visible(actor, (m2m or {}).get("participants", []))
    return data


@bulk.deferrable  # its rules read the row, its visit and people
def add_meeting(
    *, actor: Any, data: dict[str, Any], m2m: dict[str, list[Any]] | None = None, reason: str = "", batch: str = ""
) -> Meeting:
    """A meeting, during a visit (on one of its days, in its pairing) or not, with its participants."""
    data = _check_meeting(actor, data, m2m, None)
    return services.create_record(Meeting, actor=actor, data=data, m2m=m2m, reason=reason, batch=batch)


@bulk.deferrable
def update_meeting(
    meeting: Meeting,
    *,
    actor: Any,
    data: dict[str, Any],
    expected_version: int,
    m2m: dict[str, list[Any]] | None = None,
    reason: str = "",
    batch: str = "",
) -> Meeting:
    services.ensure_editable(actor, meeting)
    data = _check_meeting(actor, data, m2m, meeting)
    return services.update_record(
        meeting, actor=actor, data=data, m2m=m2m, expected_version=expected_version, reason=reason, batch=batch
    )


def delete_meeting(meeting: Meeting, *, actor: Any, reason: str = "", batch: str = "") -> None:
    services.delete_record(meeting, actor=actor, reason=reason, batch=batch)
