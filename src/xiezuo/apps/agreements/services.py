"""Writing agreements, targets, revisions, manual actuals, the catalogue and period locks.

Every function takes a keyword-only `actor` and writes through `core.services` (rights, validation,
optimistic locking, the change log, the period lock), so each change is one logged transaction.

Rules:
- A pairing has one agreement a year.
- A target set for the first time is both the original and the target in force. Changing it is a
  revision: a reason is required, the original stays, and the revision (from, to, why) is kept as a row.
- A manual actual replaces the counted actual of one indicator in one agreement, and only with an
  evidence file and an explanation; it is always shown as manual.
- Locking a year (and reopening it) is an administrator's act, logged like any other change.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from xiezuo.apps.agreements.models import (
    AnnualAgreement,
    Indicator,
    ManualActual,
    PeriodLock,
    Target,
    TargetRevision,
)
from xiezuo.apps.core import periods, services
from xiezuo.apps.projects.services import check_upload, stored_name

# --- agreements -------------------------------------------------------------------------------------------


def create_agreement(
    *, actor: Any, data: dict[str, Any], m2m: Any = None, reason: str = "", batch: str = ""
) -> AnnualAgreement:
    _check_one_a_year(data.get("pairing"), data.get("year"), None)
    return services.create_record(AnnualAgreement, actor=actor, data=data, reason=reason, batch=batch)


def update_agreement(
    agreement: AnnualAgreement,
    *,
    actor: Any,
    data: dict[str, Any],
    expected_version: int,
    m2m: Any = None,
    reason: str = "",
    batch: str = "",
) -> AnnualAgreement:
    services.ensure_editable(actor, agreement)
    pairing = data.get("pairing", agreement.pairing)
    year = data.get("year", agreement.year)
    _check_one_a_year(pairing, year, agreement.pk)
    if year != agreement.year and agreement.targets.exists():
        raise ValidationError(
            {"year": _("The agreement has targets for %(year)s: its year cannot change.") % {"year": agreement.year}}
        )
    return services.update_record(
        agreement, actor=actor, data=data, expected_version=expected_version, reason=reason, batch=batch
    )


def delete_agreement(agreement: AnnualAgreement, *, actor: Any, reason: str = "", batch: str = "") -> None:
    """An agreement goes with its targets, their revisions and its manual actuals, each change logged."""
    services.ensure_editable(actor, agreement)
    batch = batch or services.new_batch()
    with transaction.atomic():
        for manual in agreement.manual_actuals.all():
            services.delete_record(manual, actor=actor, reason=reason, batch=batch)
        for target in agreement.targets.all():
            delete_target(target, actor=actor, reason=reason, batch=batch)
        services.delete_record(agreement, actor=actor, reason=reason, batch=batch)


def _check_one_a_year(pairing: Any, year: Any, pk: int | None) -> None:
    if pairing is None or year is None:
        return
    clash = AnnualAgreement.objects.filter(pairing=pairing, year=year).exclude(pk=pk)
    if clash.exists():
        raise ValidationError(
            {"year": _("%(pairing)s already has an agreement for %(year)s.") % {"pairing": pairing, "year": year}}
        )


# --- targets ----------------------------------------------------------------------------------------------


def set_target(
    agreement: AnnualAgreement,
    *,
    actor: Any,
    indicator: Indicator,
    value: Decimal,
    note: str = "",
    reason: str = "",
    batch: str = "",
) -> Target:
    """The first target of an indicator in an agreement: it is the original and the target in force."""
    services.ensure_editable(actor, agreement)
    if agreement.targets.filter(indicator=indicator).exists():
        raise ValidationError(
            {"indicator": _("“%(indicator)s” already has a target: revise it instead.") % {"indicator": indicator}}
        )
    data = {"agreement": agreement, "indicator": indicator, "original": value, "value": value, "note": note}
    return services.create_record(Target, actor=actor, data=data, reason=reason, batch=batch)


def revise_target(
    target: Target, *, actor: Any, value: Decimal, reason: str, expected_version: int, batch: str = ""
) -> Target:
    """Put a revised target in force; the original stays and the revision is kept with its reason."""
    services.ensure_editable(actor, target)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the target is revised.")})
    if value == target.value:
        raise ValidationError(
            {"value": _("The revised target is the target in force already (%(value)s).") % {"value": target.value}}
        )
    batch = batch or services.new_batch()
    with transaction.atomic():
        previous = target.value
        revised = services.update_record(
            target, actor=actor, data={"value": value}, expected_version=expected_version, reason=reason, batch=batch
        )
        services.create_record(
            TargetRevision,
            actor=actor,
            data={"target": revised, "previous": previous, "value": value, "reason": reason},
            reason=reason,
            batch=batch,
        )
    return revised


def delete_target(target: Target, *, actor: Any, reason: str = "", batch: str = "") -> None:
    services.ensure_editable(actor, target)
    batch = batch or services.new_batch()
    with transaction.atomic():
        for revision in target.revisions.all():
            services.delete_record(revision, actor=actor, reason=reason, batch=batch)
        services.delete_record(target, actor=actor, reason=reason, batch=batch)


# --- manual actuals ---------------------------------------------------------------------------------------


def record_manual_actual(
    agreement: AnnualAgreement, *, actor: Any, data: dict[str, Any], reason: str = "", batch: str = ""
) -> ManualActual:
    """An actual entered by hand (`data`: indicator, value, explanation, evidence_title, evidence file)."""
    services.ensure_editable(actor, agreement)
    indicator = data.get("indicator")
    if indicator is not None and agreement.manual_actuals.filter(indicator=indicator).exists():
        raise ValidationError(
            {"indicator": _("“%(indicator)s” already has a manual actual: change that one.") % {"indicator": indicator}}
        )
    data = {**data, "agreement": agreement, **_checked_evidence(data, required=True)}
    return services.create_record(ManualActual, actor=actor, data=data, reason=reason, batch=batch)


def update_manual_actual(
    manual: ManualActual,
    *,
    actor: Any,
    data: dict[str, Any],
    expected_version: int,
    m2m: Any = None,
    reason: str = "",
    batch: str = "",
) -> ManualActual:
    services.ensure_editable(actor, manual)
    data = {k: v for k, v in data.items() if k not in ("agreement", "indicator")}
    data.update(_checked_evidence(data, required=False))
    if not (data.get("explanation", manual.explanation) or "").strip():
        raise ValidationError({"explanation": _("Say why this actual is entered by hand.")})
    return services.update_record(
        manual, actor=actor, data=data, expected_version=expected_version, reason=reason, batch=batch
    )


def delete_manual_actual(manual: ManualActual, *, actor: Any, reason: str = "", batch: str = "") -> None:
    """Back to the actual counted from the ledgers; the evidence file stays stored, so a revert restores it."""
    services.delete_record(manual, actor=actor, reason=reason, batch=batch)


def _checked_evidence(data: dict[str, Any], *, required: bool) -> dict[str, Any]:
    upload = data.get("evidence")
    if not upload:
        if required:
            raise ValidationError({"evidence": _("A manual actual needs its evidence: attach the file.")})
        data.pop("evidence", None)
        return {}
    if not isinstance(upload, UploadedFile):  # the file stored already (an edit that keeps it)
        return {"evidence": upload}
    check_upload(upload, field="evidence")
    upload.name = stored_name(upload.name)
    title = (data.get("evidence_title") or "").strip()
    if not title:
        raise ValidationError({"evidence_title": _("Name the evidence (for example 劳务协作台账盖章件).")})
    if not (data.get("explanation") or "").strip():
        raise ValidationError({"explanation": _("Say why this actual is entered by hand.")})
    return {"evidence": upload, "evidence_title": title}


# --- period locks -----------------------------------------------------------------------------------------


def lock_period(*, actor: Any, data: dict[str, Any], m2m: Any = None, reason: str = "", batch: str = "") -> PeriodLock:
    """Freeze a year before assessment: from now on no record of that year is added, changed or deleted.

    It waits for the writes that read the locks before it (see `core.periods`), and for another
    administrator locking the same year, whom it then finds.
    """
    year = data.get("year")
    with transaction.atomic():
        periods.lock_table(periods.CHANGING)
        if year is not None and PeriodLock.objects.filter(year=year).exists():
            raise ValidationError({"year": _("%(year)s is locked already.") % {"year": year}})
        return services.create_record(
            PeriodLock, actor=actor, data=data, reason=reason or data.get("reason", ""), batch=batch
        )


def unlock_period(lock: PeriodLock, *, actor: Any, reason: str = "", batch: str = "") -> None:
    """Reopen a year: its records can be changed again (the unlocking is logged, and can be reverted)."""
    with transaction.atomic():
        periods.lock_table(periods.CHANGING)
        services.delete_record(lock, actor=actor, reason=reason, batch=batch)


def update_period_lock(
    lock: PeriodLock,
    *,
    actor: Any,
    data: dict[str, Any],
    expected_version: int,
    m2m: Any = None,
    reason: str = "",
    batch: str = "",
) -> PeriodLock:
    """Only the lock's reason changes; a different year is another lock (unlock this one, lock that one)."""
    if "year" in data and data["year"] != lock.year:
        raise ValidationError({"year": _("A lock's year does not change: reopen it and lock the other year.")})
    with transaction.atomic():
        # The years stay as they are, but the table lock comes first all the same: an edit that held the
        # row and then waited for the table behind an unlock waiting for that row would be a deadlock.
        periods.lock_table(periods.CHANGING)
        return services.update_record(
            lock, actor=actor, data=data, expected_version=expected_version, reason=reason, batch=batch
        )
