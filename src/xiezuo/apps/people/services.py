"""Writing people, positions and organisations: every change through the core services.

Also the matching helpers the report ingester uses: `find_or_create_person` and
`find_or_create_organisation` return `(instance, created)`; `match_person` and `match_organisation`
only look (for proposals that a person reviews before anything is written).
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from xiezuo.apps.core import bulk, services
from xiezuo.apps.core.scoping import scope_of
from xiezuo.apps.people.choices import OrganisationType
from xiezuo.apps.people.models import Organisation, Person, Position

WHITESPACE_RE = re.compile(r"\s+")


def clean_name(name: str) -> str:
    """A name as stored: trimmed, inner runs of white space made one space.

    >>> clean_name("  瑞浦兰钧能源\u3000股份有限公司 ")
    '瑞浦兰钧能源 股份有限公司'
    """
    return WHITESPACE_RE.sub(" ", name or "").strip()


def name_key(name: str) -> str:
    """What two spellings of one name share: NFKC, no white space, case folded.

    >>> name_key("郭 宗海") == name_key("郭宗海"), name_key("ＡＢＣ有限公司") == name_key("abc有限公司")
    (True, True)
    """
    return WHITESPACE_RE.sub("", unicodedata.normalize("NFKC", name or "")).casefold()


def ensure_visible(actor: Any, records: Iterable[models.Model | None]) -> None:
    """Records referred to (an organisation, a leader, participants) must be ones the actor can see."""
    wanted = [r for r in records if r is not None]
    if not wanted:
        return
    model = type(wanted[0])
    ids = {r.pk for r in wanted}
    seen = set(model.objects.visible_to(actor).filter(pk__in=ids).values_list("pk", flat=True))  # type: ignore[attr-defined]
    hidden = [str(r) for r in wanted if r.pk not in seen]
    if hidden:
        raise PermissionDenied(
            _("You may not refer to records outside your ledgers: %(records)s.") % {"records": "、".join(hidden)}
        )


def ensure_pairing_editable(actor: Any, pairing: Any) -> None:
    """The actor edits this pairing's ledger (shared records, pairing None: administrators only)."""
    scope = scope_of(actor)
    if scope.everything:
        return
    if pairing is None or pairing.pk not in scope.writable:
        raise PermissionDenied(_("You may not add records here."))


# People


def create_person(
    *,
    actor: Any,
    data: dict[str, Any],
    m2m: dict[str, list[Any]] | None = None,
    positions: Sequence[Mapping[str, Any]] = (),
    reason: str = "",
    batch: str = "",
) -> Person:
    """A new person, with their first positions if given, all in one transaction."""
    data = {**data, "name": clean_name(data.get("name", ""))}
    batch = batch or (services.new_batch() if positions else "")
    with transaction.atomic():
        person = services.create_record(Person, actor=actor, data=data, m2m=m2m, reason=reason, batch=batch)
        for position in positions:
            add_position(person, actor=actor, data=dict(position), reason=reason, batch=batch)
    return person


def update_person(
    person: Person,
    *,
    actor: Any,
    data: dict[str, Any],
    expected_version: int,
    m2m: dict[str, list[Any]] | None = None,
    reason: str = "",
    batch: str = "",
) -> Person:
    if "name" in data:
        data = {**data, "name": clean_name(data["name"])}
    return services.update_record(
        person, actor=actor, data=data, m2m=m2m, expected_version=expected_version, reason=reason, batch=batch
    )


def delete_person(person: Person, *, actor: Any, reason: str = "", batch: str = "") -> None:
    """Delete a person and their positions (each logged, in one batch); refused while visits or meetings name them."""
    batch = batch or services.new_batch()
    with transaction.atomic():
        services.ensure_editable(actor, person)
        led, member, meetings = person.led_visits.count(), person.visits.count(), person.meetings.count()  # type: ignore[attr-defined]
        if led or member or meetings:
            raise ValidationError(
                _(
                    "%(person)s still leads %(led)s visit(s), is a member of %(member)s and took part in "
                    "%(meetings)s meeting(s); take them off those records first."
                )
                % {"person": person, "led": led, "member": member, "meetings": meetings}
            )
        for position in person.positions.all():  # type: ignore[attr-defined]
            services.delete_record(position, actor=actor, reason=reason, batch=batch)
        services.delete_record(person, actor=actor, reason=reason, batch=batch)


# Positions


def _check_position(actor: Any, data: Mapping[str, Any], instance: Position | None = None) -> None:
    def value(name: str) -> Any:
        return data[name] if name in data else getattr(instance, name, None)

    start, end = value("start_date"), value("end_date")
    if start is not None and end is not None and end < start:
        raise ValidationError(
            {
                "end_date": _("A position cannot end (%(end)s) before it starts (%(start)s).")
                % {"end": end.isoformat(), "start": start.isoformat()}
            }
        )
    if "organisation" in data:
        ensure_visible(actor, [data["organisation"]])


def add_position(person: Person, *, actor: Any, data: dict[str, Any], reason: str = "", batch: str = "") -> Position:
    """A dated position for a person; a person may hold several at once."""
    data = {**data, "person": person, "title": clean_name(data.get("title", ""))}
    _check_position(actor, data)
    return services.create_record(Position, actor=actor, data=data, reason=reason, batch=batch)


@bulk.deferrable  # its rules read the row and organisations
def create_position(
    *, actor: Any, data: dict[str, Any], m2m: Any = None, reason: str = "", batch: str = ""
) -> Position:
    """`add_position` for callers that name the person in the data (the generic ledger pages, imports)."""
    data = dict(data)
    person = data.pop("person", None)
    if person is None:
        raise ValidationError({"person": _("Choose the person who holds the position.")})
    return add_position(person, actor=actor, data=data, reason=reason, batch=batch)


@bulk.deferrable
def update_position(
    position: Position,
    *,
    actor: Any,
    data: dict[str, Any],
    expected_version: int,
    m2m: Any = None,
    reason: str = "",
    batch: str = "",
) -> Position:
    if "title" in data:
        data = {**data, "title": clean_name(data["title"])}
    _check_position(actor, data, position)
    return services.update_record(
        position, actor=actor, data=data, expected_version=expected_version, reason=reason, batch=batch
    )


def end_position(
    position: Position,
    *,
    actor: Any,
    end_date: datetime.date | None,
    expected_version: int,
    reason: str = "",
    batch: str = "",
) -> Position:
    """Record the day a position ended (a new position is added separately)."""
    if end_date is None:
        raise ValidationError({"end_date": _("Give the date the position ended.")})
    return update_position(
        position,
        actor=actor,
        data={"end_date": end_date},
        expected_version=expected_version,
        reason=reason,
        batch=batch,
    )


def delete_position(position: Position, *, actor: Any, reason: str = "", batch: str = "") -> None:
    services.delete_record(position, actor=actor, reason=reason, batch=batch)


def held_on(position: Position, day: datetime.date) -> bool:
    """Whether the position was held on a day (an open start or end counts as held)."""
    return (position.start_date is None or position.start_date <= day) and (
        position.end_date is None or position.end_date >= day
    )


# Organisations


def _check_organisation(actor: Any, data: dict[str, Any], instance: Organisation | None = None) -> dict[str, Any]:
    if "name" in data:
        data = {**data, "name": clean_name(data["name"])}
    name = data.get("name", getattr(instance, "name", ""))
    pairing = data["pairing"] if "pairing" in data else getattr(instance, "pairing", None)
    if pairing is None and not scope_of(actor).everything:
        raise PermissionDenied(_("Only administrators add shared organisations; choose your pairing's ledger."))
    same = Organisation.objects.filter(pairing=pairing, name=name)
    if instance is not None:
        same = same.exclude(pk=instance.pk)
    if name and same.exists():
        message = (
            _("A shared organisation called “%(name)s” exists already.")
            if pairing is None
            else _("An organisation called “%(name)s” is in this pairing's ledger already.")
        )
        raise ValidationError({"name": message % {"name": name}})
    return data


def create_organisation(
    *, actor: Any, data: dict[str, Any], m2m: Any = None, reason: str = "", batch: str = ""
) -> Organisation:
    data = _check_organisation(actor, data)
    return services.create_record(Organisation, actor=actor, data=data, reason=reason, batch=batch)


def update_organisation(
    organisation: Organisation,
    *,
    actor: Any,
    data: dict[str, Any],
    expected_version: int,
    m2m: Any = None,
    reason: str = "",
    batch: str = "",
) -> Organisation:
    services.ensure_editable(actor, organisation)
    data = _check_organisation(actor, data, organisation)
    return services.update_record(
        organisation, actor=actor, data=data, expected_version=expected_version, reason=reason, batch=batch
    )


def delete_organisation(organisation: Organisation, *, actor: Any, reason: str = "", batch: str = "") -> None:
    """Delete an organisation nothing refers to; otherwise say what still does."""
    with transaction.atomic():
        services.ensure_editable(actor, organisation)
        uses = {
            "positions": organisation.positions.count(),  # type: ignore[attr-defined]
            "sites": organisation.visit_sites.count(),  # type: ignore[attr-defined]
            "pairings": organisation.east_pairings.count() + organisation.west_pairings.count(),  # type: ignore[attr-defined]
        }
        if any(uses.values()):
            raise ValidationError(
                _(
                    "%(organisation)s is still the organisation of %(positions)s position(s), a site of %(sites)s "
                    "visit(s) and a side of %(pairings)s pairing(s); change those records first."
                )
                % {"organisation": organisation, **uses}
            )
        services.delete_record(organisation, actor=actor, reason=reason, batch=batch)


# Matching (for the report ingester)


def _organisations_of(pairing: Any) -> Any:
    """The organisations a pairing's records may name: its own and the shared ones."""
    if pairing is None:
        return Organisation.objects.filter(pairing__isnull=True)
    return Organisation.objects.filter(Q(pairing=pairing) | Q(pairing__isnull=True))


def resolve_organisations(names: Sequence[str], pairing: Any) -> list[Organisation | None]:
    """Each name's organisation in the pairing's ledger or the shared ones (the pairing's own first), else None.

    Exact names are looked up first; the rest by `name_key`, so spacing and full-width letters do not matter.
    """
    candidates = _organisations_of(pairing)
    exact: dict[str, Organisation] = {}
    for organisation in candidates.filter(name__in={clean_name(n) for n in names}).order_by("pk"):
        if organisation.name not in exact or exact[organisation.name].pairing_id is None:
            exact[organisation.name] = organisation
    found: list[Organisation | None] = [exact.get(clean_name(n)) for n in names]
    if all(found):
        return found
    by_key: dict[str, Organisation] = {}
    for organisation in candidates.order_by("pk"):
        key = name_key(organisation.name)
        if key not in by_key or by_key[key].pairing_id is None:
            by_key[key] = organisation
    return [f if f is not None else by_key.get(name_key(n)) for f, n in zip(found, names, strict=True)]


def match_organisation(name: str, pairing: Any) -> Organisation | None:
    """The organisation of this name in the pairing's ledger, else a shared one of the name, else None."""
    if not name_key(name):
        return None
    return resolve_organisations([name], pairing)[0]


def find_or_create_organisation(
    name: str,
    pairing: Any,
    *,
    actor: Any,
    type: str = OrganisationType.OTHER,
    region: Any = None,
    reason: str = "",
    batch: str = "",
) -> tuple[Organisation, bool]:
    """The organisation of this name in the pairing's ledger (or shared), or a new one in the pairing's ledger."""
    ensure_pairing_editable(actor, pairing)
    found = match_organisation(name, pairing)
    if found is not None:
        return found, False
    data = {"name": name, "pairing": pairing, "type": type, "region": region}
    try:
        with transaction.atomic():
            return create_organisation(actor=actor, data=data, reason=reason, batch=batch), True
    except (IntegrityError, ValidationError):
        # Someone added it meanwhile: take theirs.
        found = match_organisation(name, pairing)
        if found is None:
            raise
        return found, False


def _people_named(name: str, pairing: Any) -> list[Person]:
    people = Person.objects.filter(pairing=pairing).prefetch_related("positions").order_by("pk")
    exact = list(people.filter(name=clean_name(name)))
    if exact:
        return exact
    key = name_key(name)
    ids = [pk for pk, other in people.values_list("pk", "name") if name_key(other) == key]
    return list(people.filter(pk__in=ids)) if ids else []


def _agrees(person: Person, region: Any, organisation: Any) -> bool:
    positions = person.positions.all()  # type: ignore[attr-defined]
    if region is not None and (person.region_id == region.pk or any(p.region_id == region.pk for p in positions)):
        return True
    return organisation is not None and any(p.organisation_id == organisation.pk for p in positions)


def _nothing_known(person: Person) -> bool:
    positions = person.positions.all()  # type: ignore[attr-defined]
    return person.region_id is None and not any(p.region_id or p.organisation_id for p in positions)


def match_person(name: str, pairing: Any, *, region: Any = None, organisation: Any = None) -> Person | None:
    """The person of this name in the pairing's ledger who is the one meant, or None for a new person.

    Given a region or an organisation, a person of the name matches when their region, or the region or
    organisation of one of their positions, is that one; a lone person of the name of whom nothing is
    known matches too. Without either, the only person of the name matches. Several people of the
    name and nothing to tell them apart: a ValidationError, for the reviewer to decide.
    """
    if not name_key(name):
        return None
    people = _people_named(name, pairing)
    if region is None and organisation is None:
        if len(people) > 1:
            raise ValidationError(
                _("%(count)s people are called %(name)s in this ledger; give a region or organisation.")
                % {"count": len(people), "name": clean_name(name)}
            )
        return people[0] if people else None
    agreeing = [p for p in people if _agrees(p, region, organisation)]
    if agreeing:
        return agreeing[0]
    if len(people) == 1 and _nothing_known(people[0]):
        return people[0]
    return None


def _already_holds(positions: Iterable[Position], wanted: Mapping[str, Any], on: datetime.date | None) -> bool:
    key = name_key(wanted.get("title", ""))
    organisation = wanted.get("organisation")
    for position in positions:
        if name_key(position.title) != key:
            continue
        if organisation is not None and position.organisation_id not in (None, organisation.pk):
            continue
        if on is None or position.end_date is None or position.end_date >= on:
            return True
    return False


def find_or_create_person(
    name: str,
    pairing: Any,
    *,
    actor: Any,
    region: Any = None,
    organisation: Any = None,
    positions: Iterable[str | Mapping[str, Any]] = (),
    on: datetime.date | None = None,
    reason: str = "",
    batch: str = "",
) -> tuple[Person, bool]:
    """The person meant (see `match_person`), or a new one; then any position they are not known to hold.

    `positions` are titles (“仪陇县委书记”) or dicts of Position fields. A title counts as known when the
    person has a position of that title (in that organisation, if given) not ended before `on`. New
    positions get no start date: a report tells that someone held a title, not since when.
    """
    ensure_pairing_editable(actor, pairing)
    wanted = [{"title": p} if isinstance(p, str) else dict(p) for p in positions]
    batch = batch or services.new_batch()
    with transaction.atomic():
        person = match_person(name, pairing, region=region, organisation=organisation)
        created = person is None
        if person is None:
            if region is None and organisation is not None:
                region = organisation.region
            data = {"name": name, "pairing": pairing, "region": region}
            person = create_person(actor=actor, data=data, reason=reason, batch=batch)
            held: list[Position] = []
        else:
            held = list(person.positions.all())  # type: ignore[attr-defined]
        for position in wanted:
            if name_key(position.get("title", "")) and not _already_holds(held, position, on):
                held.append(add_position(person, actor=actor, data=position, reason=reason, batch=batch))
    return person, created
