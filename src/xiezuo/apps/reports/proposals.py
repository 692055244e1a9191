"""Proposals: what a report's facts would add to the ledger, item by item, for a person to review.

A proposal is JSON (stored on the report). Its kinds are lists of items, in the order a reviewer reads
them: ``regions``, ``organisations``, ``people``, ``visits``, ``meetings`` (those not part of a visit),
``pairings``, ``projects`` (counts by category) and ``amounts``. Every item has

- ``id`` — stable within the report (``person-1``);
- its values, which the reviewer may change (`EDITABLE`); items refer to each other by *name*, as the
  report does: a visit's ``leader`` is a person's name, its ``sites`` organisation names in order, a
  person's ``region`` and a visit's ``from_region``/``to_region`` region names;
- ``match`` — the existing record it is, ``{"model": "people.person", "pk": 3, "label": "郭宗海"}``, or null;
- ``action`` — ``create``, ``link`` (to the match) or ``skip``;
- ``info`` — read-only: notes (`notes_of`), what was known already, the pairing's year check.

Projects counts and amounts are what the report states, not ledger records: they are shown, and can only
be skipped. A name that refers to a skipped item is left out on confirmation (a skipped organisation is
no site; a skipped leader leaves the visit without one).

`build_proposal` makes a proposal from facts; `clean_proposal` checks a reviewer's edits against the
ledger as it is now (matching again, so that a record added meanwhile is linked, not duplicated).
"""

from __future__ import annotations

import copy
import datetime
import re
from collections.abc import Iterable, Iterator
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from xiezuo.apps.core.scoping import scope_of
from xiezuo.apps.pairings.models import Pairing
from xiezuo.apps.people.choices import OrganisationType
from xiezuo.apps.people.models import Organisation, Person
from xiezuo.apps.people.services import clean_name, match_organisation, match_person, name_key
from xiezuo.apps.regions.choices import RegionLevel
from xiezuo.apps.regions.models import Region
from xiezuo.apps.reports import matching
from xiezuo.apps.reports.matching import Place, reference
from xiezuo.apps.visits.choices import Direction
from xiezuo.apps.visits.models import Meeting, Visit
from xiezuo.divisions import by_code

SCHEMA = "xiezuo.report-proposal/1"
KINDS = ("regions", "organisations", "people", "visits", "meetings", "pairings", "projects", "amounts")
CREATE, LINK, SKIP = "create", "link", "skip"
ACTIONS = (CREATE, LINK, SKIP)
# The model each kind creates or links to; kinds without one are facts of the report, only shown.
MODELS = {
    "regions": Region,
    "organisations": Organisation,
    "people": Person,
    "visits": Visit,
    "meetings": Meeting,
    "pairings": Pairing,
}
# Kinds that are only ever linked (a report does not create a pairing).
LINK_ONLY = frozenset({"pairings"})
# The values a reviewer may change, by kind; the rest of an item is kept as the proposal made it.
EDITABLE: dict[str, tuple[str, ...]] = {
    "regions": ("name", "code", "level", "parent"),
    "organisations": ("name", "type"),
    "people": ("name", "region", "positions"),
    "visits": (
        "date",
        "delegation",
        "leader",
        "direction",
        "from_region",
        "to_region",
        "sites",
        "meetings",
        "participants",
    ),
    "meetings": ("name", "date"),
    "pairings": ("east", "west", "year_index", "since"),
    "projects": ("count", "categories", "text"),
    "amounts": ("text", "value_yuan", "what"),
}
ID_PREFIX = {
    "regions": "region",
    "organisations": "organisation",
    "people": "person",
    "visits": "visit",
    "meetings": "meeting",
    "pairings": "pairing",
    "projects": "projects",
    "amounts": "amount",
}
# Lengths of the fields the values go into.
MAX_LENGTH = {"region": 100, "organisation": 200, "person": 50, "title": 120, "delegation": 200, "meeting": 200}
CODE_RE = re.compile(r"^[0-9]{6}$")


# Notes: stored as codes with their values, worded when shown (in the reader's language).

NOTE_TEXTS = {
    "ambiguous_person": "Several people called %(name)s are in this ledger; choose which one, or create a new one.",
    "admin_only_region": "Only administrators add regions without a code; skip it or ask one.",
    "no_date": "The report gives no full date for the visit; give it before confirming.",
    "year_from_pairing": (
        "The report gives no year: %(year)s is the pairing's year %(index)s, counted from its start in %(start)s."
    ),
    "year_from_published": "The year comes from the publication date.",
    "no_direction": "Which side visited which is not clear from the report; choose the direction.",
    "year_agrees": "Year %(index)s of the pairing (since %(start)s) is %(year)s, as the report says.",
    "year_disagrees": (
        "The report says year %(index)s of the pairing, which would be %(expected)s by its start in %(start)s; "
        "the report is from %(year)s."
    ),
    "since_disagrees": "The report says the pairing began in %(since)s; the ledger says %(start)s.",
    "no_pairing_start": "The pairing has no start date in the ledger, so its year %(index)s cannot be checked.",
    "no_report_year": "The year of the report is not known, so year %(index)s of the pairing cannot be checked.",
    "not_recordable": "Stated by the report; not a ledger record (shown, not created).",
    "known_positions": "Already known: %(titles)s.",
    "rematched": "Matched again against the ledger as it is now.",
}


def notes_of(item: dict[str, Any]) -> list[str]:
    """An item's notes, worded in the active language."""
    texts = []
    for note in (item.get("info") or {}).get("notes", []):
        template = NOTE_TEXTS.get(note.get("code", ""))
        if template is None:
            continue
        values = {k: v for k, v in note.items() if k != "code"}
        try:
            texts.append(_(template) % values)
        except (KeyError, TypeError, ValueError):
            texts.append(_(template))
    return texts


def _note(code: str, **values: Any) -> dict[str, Any]:
    return {"code": code, **values}


# Walking a proposal


def items(proposal: dict[str, Any], kind: str | None = None) -> Iterator[tuple[str, dict[str, Any]]]:
    """(kind, item) for every item, in reading order (of one kind, if given)."""
    for name in KINDS if kind is None else (kind,):
        for item in proposal.get(name) or []:
            yield name, item


def item_by_id(proposal: dict[str, Any], item_id: str) -> dict[str, Any] | None:
    return next((item for _, item in items(proposal) if item.get("id") == item_id), None)


def apply_edits(proposal: dict[str, Any], edits: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """A copy of `proposal` with `{item id: {field: value}}` applied (only editable fields and ``action``).

    For callers that edit a few items: `save_proposal(report, proposal=apply_edits(report.proposal, {...}))`.
    """
    result = copy.deepcopy(proposal)
    unknown = set(edits)
    for kind, item in items(result):
        changes = edits.get(item.get("id", ""))
        if changes is None:
            continue
        unknown.discard(item["id"])
        for field, value in changes.items():
            if field != "action" and field not in EDITABLE[kind]:
                raise ValidationError({item["id"]: _("“%(field)s” cannot be changed.") % {"field": field}})
            item[field] = value
    if unknown:
        raise ValidationError(_("No such items: %(ids)s.") % {"ids": ", ".join(sorted(unknown))})
    return result


# Building


def build_proposal(
    facts: dict[str, Any], pairing: Pairing, user: Any, *, published: datetime.date | None = None
) -> dict[str, Any]:
    """What the facts of a report would add to `pairing`'s ledger, matched against it, for `user` to review."""
    builder = _Builder(facts, pairing, user, published)
    return builder.build()


class _Builder:
    def __init__(self, facts: dict[str, Any], pairing: Pairing, user: Any, published: datetime.date | None) -> None:
        self.facts = facts
        self.pairing = pairing
        self.user = user
        self.published = published
        self.visit_dates: list[dict[str, Any]] = []
        self.proposal: dict[str, Any] = {"schema": SCHEMA, "pairing": pairing.pk}
        for kind in KINDS:
            self.proposal[kind] = []

    def add(self, kind: str, values: dict[str, Any]) -> dict[str, Any]:
        listed = self.proposal[kind]
        item = {"id": f"{ID_PREFIX[kind]}-{len(listed) + 1}", **values}
        listed.append(item)
        return item

    def build(self) -> dict[str, Any]:
        facts = self.facts
        for region in facts.get("regions", []):
            self.add("regions", region_values(region.get("name", ""), region.get("code")))
        visits = facts.get("visits", [])
        organisations = list(facts.get("organisations", []))
        for visit in visits:
            organisations += visit.get("sites", [])
        for name in _unique(organisations):
            self.add("organisations", {"name": name, "type": matching.guess_organisation_type(name)})
        people = [(p.get("name", ""), list(p.get("positions", []))) for p in facts.get("people", [])]
        named = {name_key(n) for n, _ in people}
        people += [(v["leader"], []) for v in visits if v.get("leader") and name_key(v["leader"]) not in named]
        regions = self.proposal["regions"]
        for name, positions in _unique_people(people):
            titles = [clean_name(t) for t in positions if clean_name(t)]
            self.add("people", {"name": name, "region": person_region(titles, regions), "positions": titles})
        year_index = next((p["year_index"] for p in facts.get("pairings", []) if p.get("year_index")), None)
        everyone = [p["name"] for p in self.proposal["people"]]
        for visit in visits:
            self.add("visits", self.visit_values(visit, year_index, everyone))
        for meeting in facts.get("meetings", []):
            self.add("meetings", {"name": meeting.get("name", ""), "date": _iso(_date_of(meeting.get("date")))})
        for stated in facts.get("pairings", []):
            self.add(
                "pairings",
                {
                    "east": list(stated.get("east", [])),
                    "west": list(stated.get("west", [])),
                    "year_index": stated.get("year_index"),
                    "since": stated.get("since"),
                },
            )
        for count in facts.get("projects", []):
            self.add(
                "projects",
                {
                    "count": count.get("count"),
                    "categories": list(count.get("categories", [])),
                    "text": count.get("text", ""),
                },
            )
        for amount in facts.get("amounts", []):
            self.add(
                "amounts",
                {"text": amount.get("text", ""), "value_yuan": amount.get("value_yuan"), "what": amount.get("what")},
            )
        for _kind, item in items(self.proposal):
            item["match"] = None
            item["action"] = SKIP
            item["info"] = {"notes": []}
        for item, date_info in zip(self.proposal["visits"], self.visit_dates, strict=True):
            item["info"]["date"] = date_info
        refresh_matches(self.proposal, self.pairing, self.user, published=self.published, initial=True)
        return self.proposal

    def visit_values(self, visit: dict[str, Any], year_index: int | None, everyone: list[str]) -> dict[str, Any]:
        stated = visit.get("date") or {}
        day = _date_of(stated)
        source = None
        if day is not None:
            source = "published" if stated.get("year_source") == "reference" else "report"
        elif stated.get("month") and stated.get("day"):
            year, source = self.year_without_one(year_index)
            day = _safe_date(year, stated["month"], stated["day"]) if year else None
            source = source if day else None
        values = {
            "date": _iso(day),
            "delegation": clean_name(visit.get("delegation") or ""),
            "leader": visit.get("leader") or "",
            "direction": "",
            "from_region": visit.get("from_region") or "",
            "to_region": visit.get("to_region") or "",
            "sites": _unique(visit.get("sites", [])),
            "meetings": _unique(visit.get("meetings", [])),
            # Who took part in the visit's meetings: the people the report names, for the reviewer to trim.
            "participants": list(everyone) if visit.get("meetings") else [],
        }
        values["direction"] = self.direction(values) or ""
        self.visit_dates.append({"text": stated.get("text"), "source": source})
        return values

    def year_without_one(self, year_index: int | None) -> tuple[int | None, str | None]:
        """A year for a date the report gives without one: the publication's, else the pairing's Nth year."""
        if self.published is not None:
            return self.published.year, "published"
        if year_index and self.pairing.start_date is not None:
            return self.pairing.start_date.year + year_index - 1, "pairing"
        return None, None

    def direction(self, visit: dict[str, Any]) -> str | None:
        return visit_direction(visit, self.pairing, self.proposal["regions"])


def region_values(name: str, code: str | None) -> dict[str, Any]:
    values: dict[str, Any] = {"name": name, "code": code or "", "level": matching.region_level(name, code)}
    if not code:
        values["parent"] = ""
    return values


def person_region(titles: list[str], regions: list[dict[str, Any]]) -> str:
    """The region a person belongs to: the most specific division their titles name (郭宗海, 南充市政协副主席、
    仪陇县委书记: 仪陇县), else the first region a title names, else ""."""
    found = [r for r in (title_region(t, regions) for t in titles) if r is not None]
    if not found:
        return ""
    coded = [r for r in found if r.get("code")]
    if coded:
        return str(max(coded, key=lambda r: _rank(r.get("code", "")))["name"])
    return str(found[0]["name"])


def _rank(code: str) -> int:
    found = by_code(code)
    return found.level.rank if found is not None else -1


def title_region(title: str, regions: Iterable[dict[str, Any]]) -> dict[str, Any] | None:
    """The region item a title names first (仪陇县委书记 → 仪陇县), by any of its names, longest first."""
    best: tuple[int, int, dict[str, Any]] | None = None
    for region in regions:
        for alias in matching.region_aliases(region.get("name", ""), region.get("code")):
            at = title.find(alias)
            if at >= 0 and (best is None or (at, -len(alias)) < (best[0], -best[1])):
                best = (at, len(alias), region)
    return best[2] if best else None


def visit_direction(visit: dict[str, Any], pairing: Pairing, regions: list[dict[str, Any]]) -> str | None:
    """west_to_east or east_to_west: from the sides its from and to regions are on, else the delegation's name."""
    codes = {name_key(r["name"]): r.get("code") or None for r in regions}

    def side(name: str) -> str | None:
        if not name:
            return None
        return matching.side_of(Place.of(name, codes.get(name_key(name)), pairing), pairing)

    origin, destination = side(visit.get("from_region", "")), side(visit.get("to_region", ""))
    if origin is None and destination is None:
        delegation = visit.get("delegation", "")
        for region in [*pairing.east_regions.all(), *pairing.west_regions.all()]:
            if any(delegation.startswith(a) for a in matching.region_aliases(region.name, region.code or None)):
                origin = matching.side_of(Place(region.name, region.code or None, region.area_code), pairing)
                break
    if origin == "west" or destination == "east":
        return str(Direction.WEST_TO_EAST) if origin != "east" and destination != "west" else None
    if origin == "east" or destination == "west":
        return str(Direction.EAST_TO_WEST)
    return None


# Matching (at building, after each edit and again on confirmation)


def refresh_matches(
    proposal: dict[str, Any],
    pairing: Pairing,
    user: Any,
    *,
    published: datetime.date | None = None,
    initial: bool = False,
    changed: frozenset[str] = frozenset(),
) -> None:
    """Match every item against the ledger as it is now and settle its action.

    On building (`initial`) an item links to its match or is created. Later a reviewer's choice stands,
    except that an item to be created which now has a match (someone added it meanwhile, or the reviewer's
    edit named an existing record) links to it, and an item to be linked whose match is gone is created.
    A person or visit the reviewer chose to create beside the match they saw is created anew.
    """
    is_admin = scope_of(user).everything
    regions = proposal.get("regions", [])
    region_records: dict[str, Region | None] = {}
    for item in regions:
        notes = _reset_notes(item)
        found = matching.match_region(item.get("name", ""), item.get("code") or None, pairing)
        region_records[name_key(item.get("name", ""))] = found
        _settle(item, found, initial=initial, changed=item["id"] in changed, explicit_new=False)
        if found is None and not item.get("code") and not is_admin:
            if initial:
                item["action"] = SKIP
            notes.append(_note("admin_only_region"))
    for item in proposal.get("organisations", []):
        _reset_notes(item)
        found_org = match_organisation(item.get("name", ""), pairing)
        _settle(item, found_org, initial=initial, changed=item["id"] in changed, explicit_new=False)
    for item in proposal.get("people", []):
        notes = _reset_notes(item)
        region_name = item.get("region") or ""
        region = region_records.get(name_key(region_name))
        if region is None and region_name and name_key(region_name) not in region_records:
            region = (resolve_place(region_name, pairing) or (None, None))[0]
        item.pop("candidates", None)
        try:
            person = match_person(item.get("name", ""), pairing, region=region)
        except ValidationError:
            person = None
            same = [
                p
                for p in Person.objects.filter(pairing=pairing).order_by("pk")
                if name_key(p.name) == name_key(item["name"])
            ]
            item["candidates"] = [reference(p) for p in same]
            notes.append(_note("ambiguous_person", name=item["name"]))
        _settle(item, person, initial=initial, changed=item["id"] in changed, explicit_new=True)
        if person is not None:
            held = {name_key(p.title) for p in person.positions.all() if p.end_date is None}  # type: ignore[attr-defined]
            known = [t for t in item.get("positions", []) if name_key(t) in held]
            if known:
                notes.append(_note("known_positions", titles="、".join(known)))
    for item in proposal.get("visits", []):
        notes = _reset_notes(item)
        day = parse_date(item.get("date"))
        visit = matching.match_visit(pairing, item.get("delegation", ""), day)
        _settle(item, visit, initial=initial, changed=item["id"] in changed, explicit_new=True)
        date_info = item["info"].get("date") or {}
        if day is None:
            notes.append(_note("no_date"))
        elif date_info.get("source") == "pairing":
            start = pairing.start_date.year if pairing.start_date else ""
            index = day.year - start + 1 if start else ""
            notes.append(_note("year_from_pairing", year=day.year, index=index, start=start))
        elif date_info.get("source") == "published":
            notes.append(_note("year_from_published"))
        if not item.get("direction"):
            notes.append(_note("no_direction"))
        item["info"]["meetings"] = {
            name: reference(matching.match_meeting(pairing, name, day, visit)) for name in item.get("meetings", [])
        }
    for item in proposal.get("meetings", []):
        _reset_notes(item)
        found_meeting = matching.match_meeting(pairing, item.get("name", ""), parse_date(item.get("date")))
        _settle(item, found_meeting, initial=initial, changed=item["id"] in changed, explicit_new=True)
    report_year = _report_year(proposal, published)
    candidates = Pairing.objects.visible_to(user)  # type: ignore[attr-defined]
    codes = {name_key(r["name"]): r.get("code") or None for r in regions}
    for item in proposal.get("pairings", []):
        _reset_notes(item)

        def places(names: Iterable[str]) -> list[Place]:
            return [Place.of(n, codes.get(name_key(n)), pairing) for n in names if n]

        found_pairings = matching.pairings_named(
            places(item.get("east", [])), places(item.get("west", [])), candidates, prefer=pairing
        )
        found_pairing = found_pairings[0] if found_pairings else None
        _settle(item, found_pairing, initial=initial, changed=item["id"] in changed, explicit_new=False)
        if item["action"] == CREATE:
            item["action"] = SKIP
        item["info"]["year"] = year_check(item, found_pairing, report_year)
    for kind in ("projects", "amounts"):
        for item in proposal.get(kind, []):
            _reset_notes(item).append(_note("not_recordable"))
            item["match"], item["action"] = None, SKIP
            item["info"]["recordable"] = False


def _reset_notes(item: dict[str, Any]) -> list[dict[str, Any]]:
    info = item.setdefault("info", {})
    if not isinstance(info, dict):
        info = item["info"] = {}
    info["notes"] = []
    return info["notes"]  # type: ignore[no-any-return]


def _settle(item: dict[str, Any], found: Any, *, initial: bool, changed: bool, explicit_new: bool) -> None:
    """Set the item's match and action (see `refresh_matches`)."""
    before = item.get("match")
    now = reference(found)
    item["match"] = now
    action = item.get("action")
    if initial or action not in ACTIONS:
        item["action"] = LINK if now is not None else CREATE
        return
    if action == SKIP:
        return
    if action == LINK and now is None:
        item["action"] = CREATE
    elif action == CREATE and now is not None:
        # A person or visit the reviewer chose to create beside the record they were shown stays new.
        seen_and_refused = explicit_new and before is not None and before.get("pk") == now["pk"] and not changed
        if not seen_and_refused:
            item["action"] = LINK
    if now != before and not initial:
        item["info"]["notes"].append(_note("rematched"))


def _report_year(proposal: dict[str, Any], published: datetime.date | None) -> int | None:
    """The year the report is from: its visit's stated date (or the publication's year)."""
    for visit in proposal.get("visits", []):
        day = parse_date(visit.get("date"))
        source = ((visit.get("info") or {}).get("date") or {}).get("source")
        if day is not None and source in ("report", "published", "reviewer"):
            return day.year
    return published.year if published is not None else None


def year_check(item: dict[str, Any], pairing: Pairing | None, report_year: int | None) -> dict[str, Any]:
    """Whether "the Nth year of the pairing" (and "since YYYY") agree with the pairing's start date."""
    index, since = item.get("year_index"), item.get("since")
    start = pairing.start_date if pairing is not None else None
    check: dict[str, Any] = {
        "year_index": index,
        "start_date": _iso(start),
        "expected_year": start.year + index - 1 if start and index else None,
        "report_year": report_year,
        "agrees": None,
    }
    notes = item["info"]["notes"]
    if index:
        if start is None:
            notes.append(_note("no_pairing_start", index=index))
        elif report_year is None:
            notes.append(_note("no_report_year", index=index))
        else:
            check["agrees"] = report_year == check["expected_year"]
            code = "year_agrees" if check["agrees"] else "year_disagrees"
            notes.append(_note(code, index=index, start=start.year, year=report_year, expected=check["expected_year"]))
    if since and start is not None:
        check["since_agrees"] = since == start.year
        if not check["since_agrees"]:
            notes.append(_note("since_disagrees", since=since, start=start.year))
    return check


# Checking a reviewer's edits


def clean_proposal(
    stored: dict[str, Any],
    submitted: dict[str, Any],
    pairing: Pairing,
    user: Any,
    *,
    published: datetime.date | None = None,
) -> dict[str, Any]:
    """The stored proposal with the submitted values and actions, checked and matched again.

    Items are found by id; an item left out keeps its stored values. Only `EDITABLE` values and the
    action are taken from `submitted`. Raises ValidationError keyed by item id, listing every problem.
    """
    if not isinstance(submitted, dict):
        raise ValidationError(_("A proposal is a JSON object."))
    result = copy.deepcopy(stored)
    errors: dict[str, list[str]] = {}
    known = {item["id"]: (kind, item) for kind, item in items(result)}
    changed: set[str] = set()
    for kind in KINDS:
        listed = submitted.get(kind, [])
        if not isinstance(listed, list):
            errors.setdefault(kind, []).append(_("Expected a list of items."))
            continue
        for entry in listed:
            item_id = entry.get("id") if isinstance(entry, dict) else None
            if item_id not in known or known[item_id][0] != kind:
                errors.setdefault(str(item_id), []).append(_("There is no such item in this proposal."))
                continue
            item = known[item_id][1]
            for field in EDITABLE[kind]:
                if field in entry and field in item and entry[field] != item[field]:
                    item[field] = entry[field]
                    changed.add(item_id)
                    if kind == "visits" and field == "date":
                        item.setdefault("info", {})["date"] = {"text": None, "source": "reviewer"}
            if "action" in entry:
                item["action"] = entry["action"]
    for kind, item in items(result):
        problems = _check_item(kind, item, user)
        if problems:
            errors.setdefault(item["id"], []).extend(problems)
    if errors:
        raise ValidationError(errors)
    refresh_matches(result, pairing, user, published=published, changed=frozenset(changed))
    errors = check_references(result, pairing)
    if errors:
        raise ValidationError(errors)
    return result


def _check_item(kind: str, item: dict[str, Any], user: Any) -> list[str]:
    """Normalise an item's values in place; the problems found, worded for the reviewer."""
    problems: list[str] = []
    action = item.get("action")
    if action not in ACTIONS:
        return [_("Choose create, link or skip.")]
    if kind in ("projects", "amounts") and action != SKIP:
        problems.append(_("This is what the report states, not a record: it can only be skipped."))
    if kind in LINK_ONLY and action == CREATE:
        problems.append(_("A pairing is not created from a report: link it or skip it."))
    if action == LINK and not (item.get("match") or {}).get("pk"):
        problems.append(_("There is no existing record to link to: create it or skip it."))
    try:
        for field in EDITABLE[kind]:
            if field in item:
                item[field] = _normalise(field, item[field])
    except (TypeError, ValueError) as error:
        return [*problems, str(error)]
    if action == SKIP:
        return problems
    if kind == "regions":
        problems += _check_name(item, "name", MAX_LENGTH["region"])
        code = item.get("code") or ""
        if code and (not CODE_RE.match(code) or by_code(code) is None):
            problems.append(_("%(code)s is not a GB/T 2260 division code.") % {"code": code})
        if item.get("level") not in RegionLevel.values:
            problems.append(_("Choose the region's level."))
        if not code and action == CREATE and not scope_of(user).everything:
            problems.append(_("Only administrators add regions without a code; skip it or ask one."))
    elif kind == "organisations":
        problems += _check_name(item, "name", MAX_LENGTH["organisation"])
        if item.get("type") not in OrganisationType.values:
            problems.append(_("Choose the organisation's type."))
    elif kind == "people":
        problems += _check_name(item, "name", MAX_LENGTH["person"])
        for title in item.get("positions", []):
            if len(title) > MAX_LENGTH["title"]:
                problems.append(_("A position may have at most %(n)s characters.") % {"n": MAX_LENGTH["title"]})
    elif kind == "visits":
        problems += _check_name(item, "delegation", MAX_LENGTH["delegation"])
        if parse_date(item.get("date")) is None:
            problems.append(_("Give the date of the visit (YYYY-MM-DD)."))
        if item.get("direction") not in Direction.values:
            problems.append(_("Choose the direction of the visit."))
        keys = [name_key(s) for s in item.get("sites", [])]
        twice = sorted({s for s, k in zip(item.get("sites", []), keys, strict=True) if keys.count(k) > 1})
        if twice:
            problems.append(_("Listed more than once: %(names)s.") % {"names": "、".join(twice)})
        for name in item.get("meetings", []):
            if len(name) > MAX_LENGTH["meeting"]:
                problems.append(_("A meeting's name may have at most %(n)s characters.") % {"n": MAX_LENGTH["meeting"]})
    elif kind == "meetings":
        problems += _check_name(item, "name", MAX_LENGTH["meeting"])
        if parse_date(item.get("date")) is None:
            problems.append(_("Give the date of the meeting (YYYY-MM-DD)."))
    return problems


def _check_name(item: dict[str, Any], field: str, limit: int) -> list[str]:
    value = item.get(field) or ""
    if not value:
        return [_("Give the name.") if field == "name" else _("Give the delegation's name.")]
    if len(value) > limit:
        return [_("“%(value)s” is longer than %(n)s characters.") % {"value": value, "n": limit}]
    return []


def _normalise(field: str, value: Any) -> Any:
    """A value as the proposal keeps it: names cleaned, lists of names, ISO dates, whole numbers."""
    if field in ("positions", "sites", "meetings", "participants", "categories", "east", "west"):
        if isinstance(value, str):
            value = value.splitlines()
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise TypeError(_("Expected a list of names, one a line."))
        return [clean_name(v) for v in value if clean_name(v)]
    if field in ("year_index", "since", "count", "value_yuan"):
        if value in (None, ""):
            return None
        if isinstance(value, bool) or not isinstance(value, int | str):
            raise TypeError(_("Expected a whole number."))
        try:
            return int(value)
        except ValueError:
            raise ValueError(_("“%(value)s” is not a whole number.") % {"value": value}) from None
    if field == "date":
        if value in (None, ""):
            return None
        if parse_date(value) is None:
            raise ValueError(_("“%(value)s” is not a date (YYYY-MM-DD).") % {"value": value})
        return value
    if value is None:
        return ""
    if not isinstance(value, str):
        raise TypeError(_("Expected text."))
    return clean_name(value)


def check_references(proposal: dict[str, Any], pairing: Pairing) -> dict[str, list[str]]:
    """Names that refer to nothing: a leader or participant who is neither among the people nor in the
    ledger, a region that is neither among the regions nor a known place."""
    errors: dict[str, list[str]] = {}
    people = {name_key(i["name"]) for _, i in items(proposal, "people")}
    regions = set()
    for _kind, item in items(proposal, "regions"):
        regions |= {name_key(a) for a in matching.region_aliases(item["name"], item.get("code") or None)}

    def person_known(name: str) -> bool:
        if name_key(name) in people:
            return True
        try:
            return match_person(name, pairing) is not None
        except ValidationError:
            return True  # several: the reviewer links the person item instead

    def region_known(name: str) -> bool:
        return name_key(name) in regions or resolve_place(name, pairing) is not None

    for kind, item in items(proposal):
        if item.get("action") == SKIP:
            continue
        problems = []
        if kind == "regions" and item.get("parent") and not region_known(item["parent"]):
            problems.append(_("No region is called “%(name)s”.") % {"name": item["parent"]})
        if kind == "people" and item.get("region") and not region_known(item["region"]):
            problems.append(_("No region is called “%(name)s”.") % {"name": item["region"]})
        if kind == "visits":
            if item.get("leader") and not person_known(item["leader"]):
                problems.append(
                    _("The leader %(name)s is neither among the people of the report nor in the ledger.")
                    % {"name": item["leader"]}
                )
            for name in item.get("participants", []):
                if not person_known(name):
                    problems.append(
                        _("%(name)s is neither among the people of the report nor in the ledger.") % {"name": name}
                    )
            for field in ("from_region", "to_region"):
                if item.get(field) and not region_known(item[field]):
                    problems.append(_("No region is called “%(name)s”.") % {"name": item[field]})
        if problems:
            errors[item["id"]] = problems
    return errors


def resolve_place(name: str, pairing: Pairing) -> tuple[Region | None, str | None] | None:
    """A region name outside the proposal's regions: (existing region, None) or (None, division code to add)."""
    code = matching.code_of(name)
    found = matching.match_region(name, code, pairing)
    if found is not None:
        return found, None
    if code:
        return None, code
    return None


# Small helpers


def parse_date(value: Any) -> datetime.date | None:
    if isinstance(value, datetime.date):
        return value
    if not isinstance(value, str) or not value:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        return None


def _iso(day: datetime.date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _date_of(stated: dict[str, Any] | None) -> datetime.date | None:
    if not stated or not stated.get("year") or not stated.get("month") or not stated.get("day"):
        return None
    return _safe_date(stated["year"], stated["month"], stated["day"])


def _safe_date(year: int, month: int, day: int) -> datetime.date | None:
    try:
        return datetime.date(year, month, day)
    except (TypeError, ValueError):
        return None


def _unique(names: Iterable[str]) -> list[str]:
    seen: dict[str, str] = {}
    for name in names:
        cleaned = clean_name(name or "")
        if cleaned and name_key(cleaned) not in seen:
            seen[name_key(cleaned)] = cleaned
    return list(seen.values())


def _unique_people(people: Iterable[tuple[str, list[str]]]) -> list[tuple[str, list[str]]]:
    merged: dict[str, tuple[str, list[str]]] = {}
    for name, positions in people:
        cleaned = clean_name(name or "")
        if not cleaned:
            continue
        entry = merged.setdefault(name_key(cleaned), (cleaned, []))
        entry[1].extend(p for p in positions if p not in entry[1])
    return list(merged.values())
