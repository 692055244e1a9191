"""The shape of a proposal: kinds, actions, editable values, notes worded for the reader, access to
its items, and the plain value helpers (dates, names) that the builder and the checks share."""

from __future__ import annotations

import copy
import datetime
import re
from collections.abc import Iterable, Iterator
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from xiezuo.apps.pairings.models import Pairing
from xiezuo.apps.people.models import Organisation, Person
from xiezuo.apps.people.services import clean_name, name_key
from xiezuo.apps.regions.models import Region
from xiezuo.apps.visits.models import Meeting, Visit

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
