"""Checking a reviewer's edits to a proposal against the ledger as it is now."""

from __future__ import annotations

import copy
import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from xiezuo.apps.core.scoping import scope_of
from xiezuo.apps.pairings.models import Pairing
from xiezuo.apps.people.choices import OrganisationType
from xiezuo.apps.people.services import clean_name, match_person, name_key
from xiezuo.apps.regions.choices import RegionLevel
from xiezuo.apps.regions.models import Region
from xiezuo.apps.reports import matching
from xiezuo.apps.reports.proposal_shape import (
    ACTIONS,
    CODE_RE,
    CREATE,
    EDITABLE,
    KINDS,
    LINK,
    LINK_ONLY,
    MAX_LENGTH,
    SKIP,
    items,
    parse_date,
)
from xiezuo.apps.visits.choices import Direction
from xiezuo.divisions import by_code


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
    # proposals imports this module: its matcher is imported here, when it is first needed.
    from xiezuo.apps.reports.proposals import refresh_matches

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
