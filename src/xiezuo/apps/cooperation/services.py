"""Writing the cooperation ledgers: every change through the core services.

Each function takes a keyword-only `actor`; the actor's rights are checked first (so a refusal says
nothing about someone else's ledger), then the domain rules below, then `core.services` validates the
record, scopes it to the actor's pairings and logs the change in the same transaction.

Rules:
- Periods and secondments end no earlier than they start.
- A secondment names someone: a person from the ledger, or a name (the person's name when left empty).
- Formerly poor workers are a part of the workers placed ("其中"): never more.
- Amounts are in yuan and never negative; an investment inflow is more than zero.
- An investment lead's park and organisation are records the actor sees, and the park is the lead's
  pairing's; a lead in talks (or earlier) has no signing date.
- Counts of students and volunteers are at least one.
- A park with investment leads, or a lead with inflows, is not deleted: those are deleted (or moved) first,
  each with its change-log row.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from xiezuo.apps.cooperation.choices import LeadStage
from xiezuo.apps.cooperation.models import (
    ConsumptionRecord,
    Donation,
    IndustrialPark,
    InvestmentInflow,
    InvestmentLead,
    LabourPlacement,
    Secondment,
    StudentAid,
    VolunteerService,
)
from xiezuo.apps.core import bulk, services
from xiezuo.apps.core.models import LedgerModel
from xiezuo.apps.people.services import ensure_visible

Check = Callable[[Any, Callable[[str], Any]], dict[str, Any] | None]


# --- the shared write path --------------------------------------------------------------------------------


def _reader(data: dict[str, Any], instance: LedgerModel | None) -> Callable[[str], Any]:
    """A field's value after the change: from `data` when it is given, else the stored record's."""

    def value(name: str) -> Any:
        return data[name] if name in data else getattr(instance, name, None)

    return value


def _create[M: LedgerModel](
    model: type[M], check: Check, *, actor: Any, data: dict[str, Any], m2m: Any, reason: str, batch: str
) -> M:
    services.ensure_can_create(actor, model(**data))
    data = {**data, **(check(actor, _reader(data, None)) or {})}
    return services.create_record(model, actor=actor, data=data, m2m=m2m, reason=reason, batch=batch)


def _update[M: LedgerModel](
    instance: M,
    check: Check,
    *,
    actor: Any,
    data: dict[str, Any],
    expected_version: int,
    m2m: Any,
    reason: str,
    batch: str,
) -> M:
    services.ensure_editable(actor, instance)
    data = {**data, **(check(actor, _reader(data, instance)) or {})}
    return services.update_record(
        instance, actor=actor, data=data, m2m=m2m, expected_version=expected_version, reason=reason, batch=batch
    )


def _delete(instance: LedgerModel, *, actor: Any, reason: str, batch: str) -> None:
    services.delete_record(instance, actor=actor, reason=reason, batch=batch)


def _writes[M: LedgerModel](
    model: type[M], check: Check
) -> tuple[Callable[..., M], Callable[..., M], Callable[..., None]]:
    """The create, update and delete services of a ledger whose only rules are `check`'s.

    Each has the signature the generic ledger pages call (see core.views): keyword-only actor,
    data, m2m, reason, batch, and expected_version for updates.
    """

    @bulk.deferrable  # `check` reads the row, and records of other kinds
    def create(*, actor: Any, data: dict[str, Any], m2m: Any = None, reason: str = "", batch: str = "") -> M:
        return _create(model, check, actor=actor, data=data, m2m=m2m, reason=reason, batch=batch)

    @bulk.deferrable
    def update(
        instance: M,
        *,
        actor: Any,
        data: dict[str, Any],
        expected_version: int,
        m2m: Any = None,
        reason: str = "",
        batch: str = "",
    ) -> M:
        return _update(
            instance,
            check,
            actor=actor,
            data=data,
            expected_version=expected_version,
            m2m=m2m,
            reason=reason,
            batch=batch,
        )

    def delete(instance: M, *, actor: Any, reason: str = "", batch: str = "") -> None:
        _delete(instance, actor=actor, reason=reason, batch=batch)

    return create, update, delete


def _check_order(value: Callable[[str], Any], start: str, end: str, message: str) -> None:
    first, last = value(start), value(end)
    if isinstance(first, datetime.date) and isinstance(last, datetime.date) and last < first:
        raise ValidationError({end: message % {"end": last.isoformat(), "start": first.isoformat()}})


def _check_period(value: Callable[[str], Any]) -> None:
    _check_order(value, "period_start", "period_end", _("A period cannot end (%(end)s) before it starts (%(start)s)."))


def _check_not_negative(value: Callable[[str], Any], name: str) -> None:
    amount = value(name)
    if isinstance(amount, int | Decimal) and amount < 0:
        raise ValidationError({name: _("The amount cannot be negative (%(amount)s).") % {"amount": amount}})


def _check_at_least_one(value: Callable[[str], Any], name: str, message: str) -> None:
    count = value(name)
    if isinstance(count, int) and count < 1:
        raise ValidationError({name: message})


# --- secondments ------------------------------------------------------------------------------------------


def _check_secondment(actor: Any, value: Callable[[str], Any]) -> dict[str, Any]:
    _check_order(value, "start_date", "end_date", _("A secondment cannot end (%(end)s) before it starts (%(start)s)."))
    person = value("person")
    ensure_visible(actor, [person])
    name = (value("name") or "").strip()
    if not name and person is None:
        raise ValidationError({"name": _("Give the seconded person's name, or choose the person.")})
    return {"name": name or person.name}


create_secondment, update_secondment, delete_secondment = _writes(Secondment, _check_secondment)


# --- labour cooperation -----------------------------------------------------------------------------------


def _check_labour(actor: Any, value: Callable[[str], Any]) -> None:
    _check_period(value)
    workers, formerly_poor = value("workers"), value("formerly_poor")
    if isinstance(workers, int) and workers < 0:
        raise ValidationError({"workers": _("The number of workers cannot be negative.")})
    if isinstance(workers, int) and isinstance(formerly_poor, int) and formerly_poor > workers:
        raise ValidationError(
            {
                "formerly_poor": _("Formerly poor workers (%(poor)s) cannot be more than all workers (%(all)s).")
                % {"poor": formerly_poor, "all": workers}
            }
        )


create_labour_placement, update_labour_placement, delete_labour_placement = _writes(LabourPlacement, _check_labour)


# --- consumption cooperation ------------------------------------------------------------------------------


def _check_consumption(actor: Any, value: Callable[[str], Any]) -> None:
    _check_period(value)
    _check_not_negative(value, "amount_yuan")


create_consumption_record, update_consumption_record, delete_consumption_record = _writes(
    ConsumptionRecord, _check_consumption
)


# --- industrial parks -------------------------------------------------------------------------------------


def _check_park(actor: Any, value: Callable[[str], Any]) -> dict[str, Any]:
    name = (value("name") or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the park's name.")})
    return {"name": name}


create_park, _update_park = _writes(IndustrialPark, _check_park)[:2]


@bulk.deferrable  # it reads the park's leads
def update_park(
    park: IndustrialPark,
    *,
    actor: Any,
    data: dict[str, Any],
    expected_version: int,
    m2m: Any = None,
    reason: str = "",
    batch: str = "",
) -> IndustrialPark:
    if "pairing" in data and data["pairing"] != park.pairing and park.investment_leads.exists():  # type: ignore[attr-defined]
        raise ValidationError(
            {"pairing": _("The park has investment leads of its pairing: it cannot move to another pairing.")}
        )
    return _update_park(
        park, actor=actor, data=data, expected_version=expected_version, m2m=m2m, reason=reason, batch=batch
    )


def delete_park(park: IndustrialPark, *, actor: Any, reason: str = "", batch: str = "") -> None:
    with transaction.atomic():
        services.ensure_editable(actor, park)
        leads = park.investment_leads.count()  # type: ignore[attr-defined]
        if leads:
            raise ValidationError(
                ngettext(
                    "“%(park)s” has %(n)d investment lead: move or delete it first.",
                    "“%(park)s” has %(n)d investment leads: move or delete them first.",
                    leads,
                )
                % {"park": park, "n": leads}
            )
        _delete(park, actor=actor, reason=reason, batch=batch)


# --- investment leads and inflows -------------------------------------------------------------------------

_NOT_YET_SIGNED = (LeadStage.LEAD, LeadStage.TALKS)


def _check_lead(actor: Any, value: Callable[[str], Any]) -> dict[str, Any]:
    enterprise = (value("enterprise") or "").strip()
    organisation = value("organisation")
    if not enterprise and organisation is not None:
        enterprise = organisation.name
    if not enterprise:
        raise ValidationError({"enterprise": _("Give the enterprise's name, or choose the organisation.")})
    ensure_visible(actor, [organisation])
    park = value("park")
    ensure_visible(actor, [park])
    pairing = value("pairing")
    if park is not None and pairing is not None and park.pairing_id != pairing.pk:
        raise ValidationError(
            {"park": _("“%(park)s” is a park of another pairing: choose one of this pairing's parks.") % {"park": park}}
        )
    _check_not_negative(value, "agreed_investment_yuan")
    if value("signed_on") is not None and value("stage") in _NOT_YET_SIGNED:
        raise ValidationError(
            {"signed_on": _("A lead that is not signed yet has no signing date: set its stage to signed or later.")}
        )
    return {"enterprise": enterprise}


create_lead, update_lead = _writes(InvestmentLead, _check_lead)[:2]


def delete_lead(lead: InvestmentLead, *, actor: Any, reason: str = "", batch: str = "") -> None:
    with transaction.atomic():
        services.ensure_editable(actor, lead)
        inflows = lead.inflows.count()  # type: ignore[attr-defined]
        if inflows:
            raise ValidationError(
                ngettext(
                    "“%(lead)s” has %(n)d investment inflow: delete it first.",
                    "“%(lead)s” has %(n)d investment inflows: delete them first.",
                    inflows,
                )
                % {"lead": lead, "n": inflows}
            )
        _delete(lead, actor=actor, reason=reason, batch=batch)


def _check_inflow(actor: Any, value: Callable[[str], Any]) -> None:
    amount = value("amount_yuan")
    if isinstance(amount, int | Decimal) and amount <= 0:
        raise ValidationError(
            {"amount_yuan": _("An investment inflow is more than zero yuan (not %(amount)s).") % {"amount": amount}}
        )


_create_inflow, update_inflow, delete_inflow = _writes(InvestmentInflow, _check_inflow)


@bulk.deferrable
def add_inflow(
    *, actor: Any, data: dict[str, Any], m2m: Any = None, reason: str = "", batch: str = ""
) -> InvestmentInflow:
    """Record money actually invested by a lead (`data`: lead, date, amount_yuan, note)."""
    if data.get("lead") is None:
        raise ValidationError({"lead": _("Choose the investment lead the money comes from.")})
    return _create_inflow(actor=actor, data=data, m2m=m2m, reason=reason, batch=batch)


# --- social assistance ------------------------------------------------------------------------------------


def _check_donation(actor: Any, value: Callable[[str], Any]) -> dict[str, Any]:
    donor = (value("donor") or "").strip()
    if not donor:
        raise ValidationError({"donor": _("Give the donor's name.")})
    _check_not_negative(value, "value_yuan")
    return {"donor": donor}


create_donation, update_donation, delete_donation = _writes(Donation, _check_donation)


def _check_student_aid(actor: Any, value: Callable[[str], Any]) -> None:
    _check_at_least_one(value, "students", _("Student aid helps at least one student."))
    _check_not_negative(value, "amount_yuan")


create_student_aid, update_student_aid, delete_student_aid = _writes(StudentAid, _check_student_aid)


def _check_volunteering(actor: Any, value: Callable[[str], Any]) -> None:
    _check_at_least_one(value, "volunteers", _("A volunteer service has at least one volunteer."))
    hours = value("hours")
    if isinstance(hours, int | Decimal) and hours < 0:
        raise ValidationError({"hours": _("Hours of service cannot be negative.")})


create_volunteer_service, update_volunteer_service, delete_volunteer_service = _writes(
    VolunteerService, _check_volunteering
)
