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

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError

from xiezuo.apps.core.scoping import scope_of
from xiezuo.apps.pairings.models import Pairing
from xiezuo.apps.people.models import Person
from xiezuo.apps.people.services import clean_name, match_organisation, match_person, name_key
from xiezuo.apps.regions.models import Region
from xiezuo.apps.reports import matching
from xiezuo.apps.reports.matching import Place, reference
from xiezuo.apps.reports.proposal_checks import check_references, clean_proposal, resolve_place
from xiezuo.apps.reports.proposal_shape import (
    ACTIONS,
    CREATE,
    EDITABLE,
    ID_PREFIX,
    KINDS,
    LINK,
    LINK_ONLY,
    SCHEMA,
    SKIP,
    _date_of,
    _iso,
    _note,
    _safe_date,
    _unique,
    _unique_people,
    apply_edits,
    item_by_id,
    items,
    notes_of,
    parse_date,
)
from xiezuo.apps.visits.choices import Direction
from xiezuo.divisions import by_code

# The proposal API the services, views and forms use (its shape and checks live beside it).
__all__ = [
    "ACTIONS",
    "CREATE",
    "EDITABLE",
    "KINDS",
    "LINK",
    "LINK_ONLY",
    "SCHEMA",
    "SKIP",
    "apply_edits",
    "build_proposal",
    "check_references",
    "clean_proposal",
    "item_by_id",
    "items",
    "notes_of",
    "parse_date",
    "refresh_matches",
    "resolve_place",
    "title_region",
]


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
