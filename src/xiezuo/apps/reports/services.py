"""Reports in and records out: store (once per pairing), propose, review, confirm or reject.

- `add_report` takes text or a file's bytes, repairs it (`xiezuo.textrepair`), reads its facts
  (`xiezuo.extract`, the publication date filling in missing years) and stores it with a proposal
  (`proposals.build_proposal`). The same report again (same text once repaired, white space and
  character widths aside) in the same pairing is not stored twice: the first one comes back.
- `save_proposal` keeps a reviewer's edits; `confirm_report` creates or links every item that is not
  skipped through the apps' own services (change log included), all in one transaction and one batch,
  and links each record to the report; `reject_report` keeps the report with the reason.
- `reports_of(record)` and `records_of(report)` go from one to the other.

Every write names the version it was based on (`expected_version`), like every other ledger edit.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _

from xiezuo.apps.core import services
from xiezuo.apps.core.choices import ChangeAction
from xiezuo.apps.core.services import ConflictError
from xiezuo.apps.pairings.models import Pairing
from xiezuo.apps.people import services as people
from xiezuo.apps.people.models import Organisation, Person, Position
from xiezuo.apps.people.services import clean_name, name_key
from xiezuo.apps.regions import services as regions
from xiezuo.apps.regions.models import Region
from xiezuo.apps.reports import matching, proposals
from xiezuo.apps.reports.choices import ReportStatus
from xiezuo.apps.reports.ingest import IngestError, check_text, fingerprint, read_report_bytes, title_from_text
from xiezuo.apps.reports.models import Report, ReportLink
from xiezuo.apps.reports.proposals import CREATE, LINK, SKIP, parse_date
from xiezuo.apps.visits import services as visits
from xiezuo.apps.visits.models import Meeting, Visit
from xiezuo.extract import extract
from xiezuo.textrepair import diagnose, repair_and_explain

__all__ = [
    "ConflictError",
    "IngestError",
    "add_report",
    "confirm_report",
    "find_duplicate",
    "record_links",
    "records_of",
    "reject_report",
    "reopen_report",
    "reports_of",
    "save_proposal",
]

MAX_FILE_NAME = 300


# In


def add_report(
    *,
    actor: Any,
    pairing: Pairing,
    text: str | None = None,
    data: bytes | None = None,
    file_name: str = "",
    source_url: str = "",
    published: datetime.date | None = None,
    title: str = "",
    encoding: str = "auto",
    batch: str = "",
) -> tuple[Report, bool]:
    """Store a report (pasted `text`, or a file's `data`) with its repair, facts and proposal.

    Returns `(report, True)`, or `(the report already there, False)` when the pairing has the same report.
    Raises IngestError for input that cannot be used, PermissionDenied when the actor does not edit the pairing.
    """
    people.ensure_pairing_editable(actor, pairing)
    if data is not None:
        text, page_title = read_report_bytes(data, file_name, encoding)
        title = title or page_title
    elif text is None:
        raise IngestError(_("Give the text of the report or a file."), code="empty", file_name=file_name)
    else:
        text = check_text(text, file_name)
    repaired, steps = repair_and_explain(text)
    text_hash = fingerprint(repaired)
    existing = find_duplicate(pairing, text_hash)
    if existing is not None:
        return existing, False
    facts = extract(repaired, published).as_json()
    record = {
        "pairing": pairing,
        "title": clean_name(title)[:300] or title_from_text(repaired),
        "source_url": source_url.strip(),
        "file_name": file_name[-MAX_FILE_NAME:],
        "published": published,
        "original": text,
        "repaired": repaired,
        "text_hash": text_hash,
        "diagnosis": diagnose(text).as_dict(),
        "steps": [step.as_dict() for step in steps],
        "facts": facts,
        "proposal": proposals.build_proposal(facts, pairing, actor, published=published),
        "status": ReportStatus.PENDING,
        "added_by": actor if getattr(actor, "is_authenticated", False) else None,
    }
    try:
        with transaction.atomic():
            return services.create_record(Report, actor=actor, data=record, batch=batch), True
    except (IntegrityError, ValidationError):
        # The same report went in meanwhile (two uploads at once): that one is it.
        existing = find_duplicate(pairing, text_hash)
        if existing is None:
            raise
        return existing, False


def find_duplicate(pairing: Pairing, text_hash: str) -> Report | None:
    """The pairing's report with this fingerprint (see `ingest.fingerprint`), if any."""
    return Report.objects.filter(pairing=pairing, text_hash=text_hash).first()


# Review


def _fresh(report: Report, actor: Any, expected_version: int | None, *, lock: bool = False) -> Report:
    """The report as stored now, editable by the actor and at the version the actor saw."""
    services.ensure_editable(actor, report)
    query = Report.objects.select_for_update() if lock else Report.objects
    fresh: Report = query.select_related("pairing").get(pk=report.pk)
    if expected_version is not None and fresh.version != expected_version:
        raise ConflictError(fresh, expected_version, fresh.version)
    return fresh


def _ensure_pending(report: Report) -> None:
    if report.status == ReportStatus.CONFIRMED:
        raise ValidationError(_("This report has been confirmed already; its records are in the ledger."))
    if report.status == ReportStatus.REJECTED:
        raise ValidationError(_("This report was rejected; reopen it first."))


def save_proposal(report: Report, *, actor: Any, proposal: dict[str, Any], expected_version: int) -> Report:
    """Keep the reviewer's edits of the proposal (values changed, items skipped), checked and matched again.

    Raises ValidationError keyed by item id when an edit does not hold, ConflictError when the report
    changed since the reviewer opened it.
    """
    with transaction.atomic():
        fresh = _fresh(report, actor, expected_version, lock=True)
        _ensure_pending(fresh)
        cleaned = proposals.clean_proposal(fresh.proposal, proposal, fresh.pairing, actor, published=fresh.published)
        return services.update_record(
            fresh,
            actor=actor,
            data={"proposal": cleaned},
            expected_version=expected_version,
            reason=_("proposal reviewed"),
        )


def confirm_report(report: Report, *, actor: Any, expected_version: int) -> list[ReportLink]:
    """Create or link every item of the proposal that is not skipped, and link each record to the report.

    One transaction and one change-log batch: either every record is written, or none (the error says
    which item failed). A confirmed report cannot be confirmed again.
    """
    batch = services.new_batch()
    with transaction.atomic():
        fresh = _fresh(report, actor, expected_version, lock=True)
        _ensure_pending(fresh)
        proposal = proposals.clean_proposal(fresh.proposal, {}, fresh.pairing, actor, published=fresh.published)
        confirmation = _Confirmation(fresh, actor, batch, proposal)
        confirmation.run()
        confirmed = services.update_record(
            fresh,
            actor=actor,
            data={"status": ReportStatus.CONFIRMED, "proposal": proposal, "reason": ""},
            expected_version=expected_version,
            reason=_("report confirmed"),
            batch=batch,
        )
        return _link(confirmed, confirmation.records, actor=actor, batch=batch)


def reject_report(report: Report, *, actor: Any, reason: str, expected_version: int | None = None) -> Report:
    """Keep the report, marked rejected, with the reason (logged); nothing goes into the ledger."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the report is rejected.")})
    with transaction.atomic():
        fresh = _fresh(report, actor, expected_version, lock=True)
        _ensure_pending(fresh)
        return services.update_record(
            fresh,
            actor=actor,
            data={"status": ReportStatus.REJECTED, "reason": reason},
            expected_version=fresh.version,
            reason=reason,
        )


def reopen_report(report: Report, *, actor: Any, expected_version: int | None = None, reason: str = "") -> Report:
    """A rejected report back to review."""
    with transaction.atomic():
        fresh = _fresh(report, actor, expected_version, lock=True)
        if fresh.status != ReportStatus.REJECTED:
            raise ValidationError(_("Only a rejected report can be reopened."))
        return services.update_record(
            fresh,
            actor=actor,
            data={"status": ReportStatus.PENDING, "reason": ""},
            expected_version=fresh.version,
            reason=reason,
        )


# From records to reports and back


def reports_of(instance: models.Model) -> models.QuerySet[Report]:
    """The reports a record came from or was matched to (scope it with `.visible_to(user)`)."""
    content_type = ContentType.objects.get_for_model(type(instance))
    return Report.objects.filter(links__content_type=content_type, links__object_id=str(instance.pk)).distinct()


def record_links(report: Report) -> list[tuple[str, models.Model, bool]]:
    """(model label, record, created from this report) for every record linked to the report, in order.

    Records deleted since are left out.
    """
    links = list(report.links.select_related("content_type").order_by("pk"))
    wanted: dict[int, list[str]] = {}
    for link in links:
        wanted.setdefault(link.content_type_id, []).append(link.object_id)
    found: dict[tuple[int, str], models.Model] = {}
    for content_type_id, ids in wanted.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is None:
            continue
        keys = [model._meta.pk.to_python(i) for i in ids]
        for pk, instance in model._default_manager.in_bulk(keys).items():
            found[(content_type_id, str(pk))] = instance
    result = []
    for link in links:
        instance = found.get((link.content_type_id, link.object_id))
        if instance is not None:
            label = f"{link.content_type.app_label}.{link.content_type.model}"
            result.append((label, instance, link.created))
    return result


def records_of(report: Report) -> list[tuple[str, models.Model]]:
    """(model label, record) for every record linked to the report, in the order they were linked."""
    return [(label, instance) for label, instance, _created in record_links(report)]


# Confirmation


class _Confirmation:
    """Writes one report's proposal into the ledger, keeping each record it creates or links."""

    def __init__(self, report: Report, actor: Any, batch: str, proposal: dict[str, Any]) -> None:
        self.report = report
        self.pairing = report.pairing
        self.actor = actor
        self.batch = batch
        self.proposal = proposal
        self.records: list[tuple[models.Model, bool]] = []
        # name key → the record a name stands for (None: its item was skipped)
        self.regions: dict[str, Region | None] = {}
        self.organisations: dict[str, Organisation | None] = {}
        self.people: dict[str, Person | None] = {}
        days = [parse_date(v.get("date")) for v in proposal.get("visits", []) if v.get("action") != SKIP]
        self.on: datetime.date | None = next((d for d in days if d is not None), report.published)

    def keep(self, instance: models.Model, created: bool) -> None:
        self.records.append((instance, created))

    def run(self) -> None:
        for kind, step in (
            ("regions", self.region_item),
            ("organisations", self.organisation_item),
            ("people", self.person_item),
            ("visits", self.visit_item),
            ("meetings", self.meeting_item),
            ("pairings", self.pairing_item),
        ):
            for item in self.proposal.get(kind, []):
                try:
                    step(item)
                except ValidationError as error:
                    raise ValidationError({item["id"]: error.messages}) from error
                except PermissionDenied as error:
                    raise PermissionDenied(f"{item['id']}: {error}") from error

    def linked(self, model: type[models.Model], item: dict[str, Any]) -> Any:
        match = item.get("match") or {}
        manager: Any = model._default_manager
        found = manager.visible_to(self.actor).filter(pk=match.get("pk")).first()
        if found is None:
            raise ValidationError(_("The record to link to is gone, or not one you may see."))
        return found

    # Regions

    def region_item(self, item: dict[str, Any]) -> None:
        keys = [name_key(a) for a in matching.region_aliases(item["name"], item.get("code") or None)]
        region: Region | None = None
        if item["action"] == LINK:
            region = self.linked(Region, item)
            self.keep(region, False)
        elif item["action"] == CREATE:
            region = self.new_region(item)
        for key in keys:
            if self.regions.get(key) is None:
                self.regions[key] = region

    def new_region(self, item: dict[str, Any]) -> Region:
        code = item.get("code") or ""
        if code:
            existing = Region.objects.filter(code=code).first()
            region = existing or regions.division(code, actor=self.actor, batch=self.batch)
            self.keep(region, existing is None)
            return region
        existing = matching.match_region(item["name"], None, self.pairing)
        if existing is not None:
            self.keep(existing, False)
            return existing
        parent = self.region(item["parent"]) if item.get("parent") else None
        region = regions.create_region(
            actor=self.actor,
            data={"name": item["name"], "level": item["level"], "parent": parent},
            batch=self.batch,
        )
        self.keep(region, True)
        return region

    def region(self, name: str) -> Region | None:
        """The region a name stands for: a region item's, an existing one, or a division added now."""
        key = name_key(name)
        if not key:
            return None
        if key in self.regions:
            return self.regions[key]
        place = proposals.resolve_place(name, self.pairing)
        if place is None:
            raise ValidationError(_("No region is called “%(name)s”.") % {"name": name})
        region, code = place
        if region is None and code:
            region = regions.division(code, actor=self.actor, batch=self.batch)
            self.keep(region, True)
        self.regions[key] = region
        return region

    # Organisations

    def organisation_item(self, item: dict[str, Any]) -> None:
        key = name_key(item["name"])
        if item["action"] == SKIP:
            self.organisations.setdefault(key, None)
            return
        if item["action"] == LINK:
            organisation = self.linked(Organisation, item)
            created = False
        else:
            organisation, created = people.find_or_create_organisation(
                item["name"], self.pairing, actor=self.actor, type=item.get("type") or "other", batch=self.batch
            )
        self.keep(organisation, created)
        self.organisations[key] = organisation

    def organisation(self, name: str) -> Organisation | None:
        key = name_key(name)
        if key not in self.organisations:
            organisation, created = people.find_or_create_organisation(
                name, self.pairing, actor=self.actor, type=matching.guess_organisation_type(name), batch=self.batch
            )
            self.keep(organisation, created)
            self.organisations[key] = organisation
        return self.organisations[key]

    # People

    def person_item(self, item: dict[str, Any]) -> None:
        key = name_key(item["name"])
        if item["action"] == SKIP:
            self.people.setdefault(key, None)
            return
        region = self.region(item["region"]) if item.get("region") else None
        wanted = [{"title": title, "region": self.title_region(title)} for title in item.get("positions", [])]
        if item["action"] == LINK:
            person = self.linked(Person, item)
            self.keep(person, False)
            self.add_positions(person, wanted)
        elif item.get("match"):
            # The reviewer saw the match and chose a new person: a namesake.
            person = people.create_person(
                actor=self.actor,
                data={"name": item["name"], "pairing": self.pairing, "region": region},
                positions=wanted,
                batch=self.batch,
            )
            self.keep(person, True)
            for position in person.positions.all():  # type: ignore[attr-defined]
                self.keep(position, True)
        else:
            before = set(
                Position.objects.filter(person__pairing=self.pairing, person__name=item["name"]).values_list(
                    "pk", flat=True
                )
            )
            person, created = people.find_or_create_person(
                item["name"],
                self.pairing,
                actor=self.actor,
                region=region,
                positions=wanted,
                on=self.on,
                batch=self.batch,
            )
            self.keep(person, created)
            titles = {name_key(p["title"]) for p in wanted}
            for position in person.positions.all():  # type: ignore[attr-defined]
                if name_key(position.title) in titles:
                    self.keep(position, position.pk not in before)
        self.people[key] = person

    def title_region(self, title: str) -> Region | None:
        named = proposals.title_region(title, self.proposal.get("regions", []))
        return self.region(named["name"]) if named is not None else None

    def add_positions(self, person: Person, wanted: Sequence[dict[str, Any]]) -> None:
        """The positions a linked person is not known to hold (on the report's day), added; the rest kept."""
        held = list(person.positions.all())  # type: ignore[attr-defined]
        for position in wanted:
            key = name_key(position["title"])
            current = next(
                (
                    p
                    for p in held
                    if name_key(p.title) == key and (self.on is None or p.end_date is None or p.end_date >= self.on)
                ),
                None,
            )
            if current is not None:
                self.keep(current, False)
                continue
            added = people.add_position(person, actor=self.actor, data=dict(position), batch=self.batch)
            held.append(added)
            self.keep(added, True)

    def person(self, name: str) -> Person | None:
        key = name_key(name)
        if not key:
            return None
        if key not in self.people:
            found = people.match_person(name, self.pairing)
            if found is None:
                raise ValidationError(_("%(name)s is not among the people of the report.") % {"name": name})
            self.keep(found, False)
            self.people[key] = found
        return self.people[key]

    # Visits and meetings

    def visit_item(self, item: dict[str, Any]) -> None:
        if item["action"] == SKIP:
            return
        day = parse_date(item.get("date"))
        if day is None:
            raise ValidationError(_("Give the date of the visit (YYYY-MM-DD)."))
        visit: Visit | None = None
        created = False
        if item["action"] == LINK:
            visit = self.linked(Visit, item)
        elif not item.get("match"):
            visit = matching.match_visit(self.pairing, item["delegation"], day)
        if visit is None:
            sites: list[Organisation] = []
            for name in item.get("sites", []):
                organisation = self.organisation(name)
                if organisation is not None and organisation not in sites:
                    sites.append(organisation)
            leader = self.person(item["leader"]) if item.get("leader") else None
            visit = visits.create_visit(
                actor=self.actor,
                data={
                    "pairing": self.pairing,
                    "direction": item["direction"],
                    "delegation": item["delegation"],
                    "leader": leader,
                    "from_region": self.region(item["from_region"]) if item.get("from_region") else None,
                    "to_region": self.region(item["to_region"]) if item.get("to_region") else None,
                    "start_date": day,
                },
                sites=sites,
                batch=self.batch,
            )
            created = True
        self.keep(visit, created)
        participants = [p for p in dict.fromkeys(self.person(n) for n in item.get("participants", [])) if p]
        for name in item.get("meetings", []):
            existing = None if created else matching.match_meeting(self.pairing, name, day, visit)
            if existing is not None:
                self.keep(existing, False)
                continue
            meeting = visits.add_meeting(
                actor=self.actor,
                data={"pairing": self.pairing, "visit": visit, "name": name, "date": day},
                m2m={"participants": participants},
                batch=self.batch,
            )
            self.keep(meeting, True)

    def meeting_item(self, item: dict[str, Any]) -> None:
        if item["action"] == SKIP:
            return
        if item["action"] == LINK:
            self.keep(self.linked(Meeting, item), False)
            return
        day = parse_date(item.get("date"))
        existing = None if item.get("match") else matching.match_meeting(self.pairing, item["name"], day)
        if existing is not None:
            self.keep(existing, False)
            return
        meeting = visits.add_meeting(
            actor=self.actor, data={"pairing": self.pairing, "name": item["name"], "date": day}, batch=self.batch
        )
        self.keep(meeting, True)

    def pairing_item(self, item: dict[str, Any]) -> None:
        if item["action"] == LINK:
            self.keep(self.linked(Pairing, item), False)


def _link(report: Report, records: Sequence[tuple[models.Model, bool]], *, actor: Any, batch: str) -> list[ReportLink]:
    """One ReportLink per record (created if this report created it), each logged in the batch."""
    merged: dict[tuple[int, str], tuple[models.Model, bool]] = {}
    for instance, created in records:
        key = (ContentType.objects.get_for_model(type(instance)).pk, str(instance.pk))
        merged[key] = (instance, created or merged.get(key, (instance, False))[1])
    links = []
    for (content_type_id, object_id), (_instance, created) in merged.items():
        link = ReportLink.objects.create(
            report=report, content_type_id=content_type_id, object_id=object_id, created=created
        )
        services.log_change(
            instance=link,
            action=ChangeAction.CREATE,
            actor=actor,
            before=None,
            after=services.snapshot(link),
            batch=batch,
        )
        links.append(link)
    return links
