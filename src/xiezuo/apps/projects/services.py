"""Writing projects, their fund transactions and their evidence: every change through the core services.

Each function takes a keyword-only `actor`, checks the actor's rights first (so a refusal says nothing
about someone else's ledger), then the domain rules below, then writes through `core.services`, which
validates the record, scopes it to the actor's pairings and logs the change in the same transaction.

Rules:
- A project's formerly poor beneficiaries are a part of its beneficiaries ("其中"): never more.
- A transaction is dated no earlier than 1 January of the year before the project's year (funds are
  often allocated the year before a project starts); a project's year cannot move past its transactions.
- Refunds of a project never exceed what it received: checked when a refund is added or changed, and
  when a receipt is reduced, moved or deleted. The project row is locked while checking, so two
  concurrent refunds cannot both pass.
- A project with fund transactions is not deleted: its transactions are deleted first, one by one, each
  with its change-log row (money does not disappear as a side effect). Its evidence records are deleted
  with it, each logged in the same batch; the files stay in storage so a revert can restore them.
"""

from __future__ import annotations

import datetime
import os
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import DecimalField, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from xiezuo.apps.core import bulk, services
from xiezuo.apps.projects.choices import TransactionType
from xiezuo.apps.projects.models import Evidence, FundTransaction, Project

# Documents, scans and photos, spreadsheets, and archives of several (OFD, WPS, ET: China's own formats).
EVIDENCE_EXTENSIONS = frozenset(
    {"pdf", "ofd", "doc", "docx", "wps", "txt", "xls", "xlsx", "et", "csv", "ppt", "pptx"}
    | {"jpg", "jpeg", "png", "gif", "webp", "tif", "tiff"}
    | {"zip", "rar", "7z"}
)
EVIDENCE_MAX_BYTES = 30 * 1024 * 1024
EVIDENCE_NAME_LENGTH = 60  # the stored name: 'evidence/YYYY/MM/' + this must fit the file field (100)

_CENT = Decimal("0.01")
_ZERO = Value(Decimal("0"), output_field=DecimalField(max_digits=18, decimal_places=2))


# --- projects ---------------------------------------------------------------------------------------------


@bulk.deferrable  # its rules read the row only
def create_project(
    *, actor: Any, data: dict[str, Any], m2m: dict[str, list[Any]] | None = None, reason: str = "", batch: str = ""
) -> Project:
    services.ensure_can_create(actor, Project(**data))
    _check_beneficiaries(data)
    return services.create_record(Project, actor=actor, data=data, m2m=m2m, reason=reason, batch=batch)


@bulk.deferrable  # its rules read the row, the project and its transactions
def update_project(
    project: Project,
    *,
    actor: Any,
    data: dict[str, Any],
    expected_version: int,
    m2m: dict[str, list[Any]] | None = None,
    reason: str = "",
    batch: str = "",
) -> Project:
    services.ensure_editable(actor, project)
    merged = {name: data.get(name, getattr(project, name)) for name in ("beneficiaries", "beneficiaries_formerly_poor")}
    _check_beneficiaries(merged)
    year = _whole_number(data.get("year", project.year))
    if year is not None and year != project.year:
        first = project.transactions.order_by("date").values_list("date", flat=True).first()
        if first is not None and first < earliest_transaction_date(year):
            raise ValidationError(
                {
                    "year": _(
                        "The project has fund transactions from %(date)s, so its year can be %(year)s at the latest."
                    )
                    % {"date": first.isoformat(), "year": first.year + 1}
                }
            )
    return services.update_record(
        project, actor=actor, data=data, m2m=m2m, expected_version=expected_version, reason=reason, batch=batch
    )


def delete_project(project: Project, *, actor: Any, reason: str = "", batch: str = "") -> None:
    with transaction.atomic():
        services.ensure_editable(actor, project)
        held = project.transactions.count()
        if held:
            raise ValidationError(
                ngettext(
                    "“%(project)s” has %(n)d fund transaction: delete it first.",
                    "“%(project)s” has %(n)d fund transactions: delete them first.",
                    held,
                )
                % {"project": project, "n": held}
            )
        documents = list(project.evidence.all())
        batch = batch or (services.new_batch() if documents else "")
        for evidence in documents:
            services.delete_record(evidence, actor=actor, reason=reason, batch=batch)
        services.delete_record(project, actor=actor, reason=reason, batch=batch)


def _check_beneficiaries(data: dict[str, Any]) -> None:
    everyone = _whole_number(data.get("beneficiaries"))
    formerly_poor = _whole_number(data.get("beneficiaries_formerly_poor"))
    if formerly_poor is None:
        return
    if everyone is None:
        raise ValidationError(
            {"beneficiaries": _("Give the number of beneficiaries when you give how many were formerly poor.")}
        )
    if formerly_poor > everyone:
        raise ValidationError(
            {
                "beneficiaries_formerly_poor": _(
                    "Formerly poor beneficiaries (%(poor)s) cannot be more than all beneficiaries (%(all)s)."
                )
                % {"poor": formerly_poor, "all": everyone}
            }
        )


def _whole_number(value: Any) -> int | None:
    """An int from a form's int or an importer's text; None when it is none (the model's validation says why)."""
    try:
        return None if value is None or value == "" else int(value)
    except (TypeError, ValueError):
        return None


# --- fund transactions ------------------------------------------------------------------------------------


def earliest_transaction_date(year: int) -> datetime.date:
    """1 January of the year before the project's year: funds are often allocated a year ahead."""
    return datetime.date(year - 1, 1, 1)


@bulk.deferrable  # the refund rule reads the project's transactions: through the batch's funds (_funds)
def add_transaction(
    *, actor: Any, data: dict[str, Any], m2m: dict[str, list[Any]] | None = None, reason: str = "", batch: str = ""
) -> FundTransaction:
    """Record one dated money movement of a project (`data`: project, type, date, amount, note)."""
    project = data.get("project")
    if project is None:
        raise ValidationError({"project": _("Choose the project the money belongs to.")})
    services.ensure_can_create(actor, FundTransaction(**data))
    data = _in_cents(data)
    with bulk.atomic(FundTransaction):
        project = _locked(project)
        running = _running_funds(project)
        _check_date(project, data.get("date"))
        _check_refunds(project, adding=(data.get("type"), data.get("amount")))
        added = services.create_record(FundTransaction, actor=actor, data=data, reason=reason, batch=batch)
        if running is not None:
            running.change(added, +1)
        return added


@bulk.deferrable  # as add_transaction
def update_transaction(
    fund_transaction: FundTransaction,
    *,
    actor: Any,
    data: dict[str, Any],
    expected_version: int,
    m2m: dict[str, list[Any]] | None = None,
    reason: str = "",
    batch: str = "",
) -> FundTransaction:
    services.ensure_editable(actor, fund_transaction)
    data = _in_cents(data)
    with bulk.atomic(FundTransaction):
        old_project = _locked(fund_transaction.project)
        new_project = data.get("project") or old_project
        if new_project.pk != old_project.pk:
            new_project = _locked(new_project)
        old_running, new_running = _running_funds(old_project), _running_funds(new_project)
        if new_project.pk != old_project.pk:
            _check_refunds(old_project, excluding=fund_transaction)
        _check_date(new_project, data.get("date", fund_transaction.date))
        change = (data.get("type", fund_transaction.type), data.get("amount", fund_transaction.amount))
        _check_refunds(new_project, excluding=fund_transaction, adding=change)
        changed = services.update_record(
            fund_transaction,
            actor=actor,
            data=data,
            expected_version=expected_version,
            reason=reason,
            batch=batch,
        )
        if old_running is not None and new_running is not None:
            old_running.change(fund_transaction, -1)
            new_running.change(changed, +1)
        return changed


def delete_transaction(fund_transaction: FundTransaction, *, actor: Any, reason: str = "", batch: str = "") -> None:
    services.ensure_editable(actor, fund_transaction)
    with transaction.atomic():
        project = _locked(fund_transaction.project)
        if fund_transaction.type == TransactionType.RECEIPT:
            _check_refunds(project, excluding=fund_transaction, deleting=True)
        services.delete_record(fund_transaction, actor=actor, reason=reason, batch=batch)


def _in_cents(data: dict[str, Any]) -> dict[str, Any]:
    """Amounts with two decimals (1200000 → 1200000.00), so the change log reads alike; more decimals are left
    for the model's validation to refuse rather than rounded here."""
    amount = data.get("amount")
    if not isinstance(amount, Decimal) or not amount.is_finite():
        return data
    try:
        cents = amount.quantize(_CENT)
    except InvalidOperation:  # too many digits: the model's validation says so
        return data
    return {**data, "amount": cents} if cents == amount else data


def _locked(project: Project) -> Project:
    """The project row, locked until the transaction ends (on PostgreSQL; SQLite locks the whole database);
    in a bulk write, once for all its rows."""
    return bulk.remembered(
        ("locked project", project.pk), lambda: Project.objects.select_for_update().get(pk=project.pk)
    )


@dataclass
class _Funds:
    """What a project received and refunded (yuan)."""

    received: Decimal
    refunded: Decimal

    def change(self, fund_transaction: FundTransaction, sign: int) -> None:
        if fund_transaction.type == TransactionType.RECEIPT:
            self.received += sign * fund_transaction.amount
        elif fund_transaction.type == TransactionType.REFUND:
            self.refunded += sign * fund_transaction.amount


def _funds(project: Project, excluding: FundTransaction | None = None) -> _Funds:
    """The project's receipts and refunds as stored, without `excluding`.

    In a bulk write (an import), from the running sums (`_running_funds`), so that a refund is checked
    against the receipts of the rows before it.
    """
    running = _running_funds(project)
    if running is None:
        return _stored_funds(project, excluding)
    funds = _Funds(running.received, running.refunded)
    if excluding is not None and excluding.project_id == project.pk:  # type: ignore[attr-defined]
        funds.change(excluding, -1)  # as the import read (and locked) it, in this transaction
    return funds


def _stored_funds(project: Project, excluding: FundTransaction | None) -> _Funds:
    rows = FundTransaction.objects.filter(project=project)
    if excluding is not None:
        rows = rows.exclude(pk=excluding.pk)
    totals = rows.aggregate(
        received=Coalesce(Sum("amount", filter=Q(type=TransactionType.RECEIPT)), _ZERO),
        refunded=Coalesce(Sum("amount", filter=Q(type=TransactionType.REFUND)), _ZERO),
    )
    return _Funds(totals["received"], totals["refunded"])


def _running_funds(project: Project) -> _Funds | None:
    """In a bulk write, the project's receipts and refunds so far: summed from the stored rows when the batch
    first meets the project (before any of its rows is written), then changed by each row the services
    write or defer. None outside a bulk write (each check sums the stored rows)."""
    if bulk.current() is None:
        return None
    return bulk.remembered(("project funds", project.pk), lambda: _stored_funds(project, None))


def _check_date(project: Project, date: Any) -> None:
    if not isinstance(date, datetime.date):
        return  # missing or not a date: the model's own validation says so
    earliest = earliest_transaction_date(project.year)
    if date < earliest:
        raise ValidationError(
            {
                "date": _("A transaction of a %(year)s project cannot be dated before %(earliest)s.")
                % {"year": project.year, "earliest": earliest.isoformat()}
            }
        )


def _check_refunds(
    project: Project,
    *,
    excluding: FundTransaction | None = None,
    adding: tuple[str | None, Decimal | None] = (None, None),
    deleting: bool = False,
) -> None:
    """Refunds ≤ receipts for the project, after removing `excluding` and adding a (type, amount)."""
    kind, amount = adding
    if excluding is None and kind != TransactionType.REFUND:
        return  # adding anything but a refund cannot break the rule
    funds = _funds(project, excluding)
    received, refunded = funds.received, funds.refunded
    if amount is not None and kind == TransactionType.RECEIPT:
        received += amount
    if amount is not None and kind == TransactionType.REFUND:
        refunded += amount
    if refunded <= received:
        return
    numbers = {"refunded": f"{refunded:,.2f}", "received": f"{received:,.2f}"}
    if kind == TransactionType.REFUND:
        raise ValidationError(
            {
                "amount": _(
                    "Refunds would come to %(refunded)s yuan, more than the %(received)s yuan the project received."
                )
                % numbers
            }
        )
    if deleting:
        raise ValidationError(
            _(
                "Without this receipt the project's refunds (%(refunded)s yuan) would be more than it received "
                "(%(received)s yuan): delete or reduce the refunds first."
            )
            % numbers
        )
    raise ValidationError(
        _(
            "After this change the project's refunds (%(refunded)s yuan) would be more than it received "
            "(%(received)s yuan)."
        )
        % numbers
    )


# --- evidence ---------------------------------------------------------------------------------------------


def add_evidence(
    *, actor: Any, data: dict[str, Any], m2m: dict[str, list[Any]] | None = None, reason: str = "", batch: str = ""
) -> Evidence:
    """Attach a document to a project (`data`: project, title, file); stored under MEDIA_ROOT/evidence/."""
    project = data.get("project")
    if project is None:
        raise ValidationError({"project": _("Choose the project the document belongs to.")})
    services.ensure_can_create(actor, Evidence(project=project))
    upload = data.get("file")
    if not upload:
        raise ValidationError({"file": _("Choose a file to upload.")})
    check_upload(upload)
    upload.name = stored_name(upload.name)
    data = {**data, "title": (data.get("title") or "").strip() or os.path.splitext(upload.name)[0]}
    return services.create_record(Evidence, actor=actor, data=data, reason=reason, batch=batch)


def delete_evidence(evidence: Evidence, *, actor: Any, reason: str = "", batch: str = "") -> None:
    """Delete the record (logged); the file stays in storage so that reverting the deletion restores it."""
    services.delete_record(evidence, actor=actor, reason=reason, batch=batch)


def check_upload(upload: Any, field: str = "file") -> None:
    """An evidence file (of a project, or of a manual actual) is of a kind and size that can be kept."""
    extension = os.path.splitext(upload.name)[1].lstrip(".").lower()
    if extension not in EVIDENCE_EXTENSIONS:
        raise ValidationError(
            {
                field: _("Files of type “%(type)s” cannot be attached; allowed are: %(allowed)s.")
                % {"type": extension or _("no extension"), "allowed": ", ".join(sorted(EVIDENCE_EXTENSIONS))}
            }
        )
    if upload.size > EVIDENCE_MAX_BYTES:
        raise ValidationError(
            {
                field: _("The file is %(size)s; evidence files can be %(limit)s at most.")
                % {"size": filesizeformat(upload.size), "limit": filesizeformat(EVIDENCE_MAX_BYTES)}
            }
        )


def stored_name(name: str) -> str:
    """The upload's own name, shortened to fit the file field (the title keeps the full wording)."""
    root, extension = os.path.splitext(os.path.basename(name))
    return f"{root[: EVIDENCE_NAME_LENGTH - len(extension)]}{extension.lower()}"
