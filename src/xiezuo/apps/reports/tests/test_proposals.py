"""Proposals from facts: regions by code or by name among the pairing's regions, people by name and region,
the direction of a visit, pairings by their sides, the year check; JSON all through."""

from __future__ import annotations

import json
from typing import Any

import pytest

from xiezuo.apps.conftest import World
from xiezuo.apps.people.models import Person
from xiezuo.apps.regions.choices import RegionLevel
from xiezuo.apps.regions.models import Region
from xiezuo.apps.regions.services import division
from xiezuo.apps.reports import matching, proposals
from xiezuo.apps.reports.proposals import build_proposal
from xiezuo.apps.reports.tests import test_services_support as support
from xiezuo.apps.reports.tests.test_services_support import item, shared_path

# Fixtures shared by the reports tests.
english = support.english

pytestmark = pytest.mark.usefixtures("english")


def facts(**fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "schema": "xiezuo.report-facts/1",
        "dates": [],
        "people": [],
        "regions": [],
        "organisations": [],
        "visits": [],
        "pairings": [],
        "projects": [],
        "amounts": [],
        "meetings": [],
    }
    return {**base, **fields}


def visit(**fields: Any) -> dict[str, Any]:
    return {
        "date": {"text": "2024年5月9日", "year": 2024, "month": 5, "day": 9},
        "delegation": None,
        "leader": None,
        "from_region": None,
        "to_region": None,
        "sites": [],
        "meetings": [],
        **fields,
    }


def test_the_seed_facts_give_a_proposal_that_is_plain_json(world: World) -> None:
    seed = json.loads(shared_path("seed", "000_3096654b67945219.facts.json").read_text(encoding="utf-8"))
    proposal = build_proposal(seed, world.ours, world.west_editor)
    assert json.loads(json.dumps(proposal)) == proposal
    assert [kind for kind in proposals.KINDS if proposal[kind]] == [
        "regions",
        "organisations",
        "people",
        "visits",
        "pairings",
        "projects",
    ]
    ids = [i["id"] for _, i in proposals.items(proposal)]
    assert len(ids) == len(set(ids)) and ids[:2] == ["region-1", "region-2"]
    assert all({"id", "match", "action", "info"} <= set(i) for _, i in proposals.items(proposal))


def test_a_division_not_yet_in_the_ledger_is_created_from_its_code(world: World) -> None:
    proposal = build_proposal(facts(regions=[{"name": "松桃县", "code": "520628"}]), world.ours, world.west_editor)
    region = item(proposal, "regions", name="松桃县")
    assert (region["match"], region["action"], region["level"]) == (None, "create", "county")


def test_a_town_is_found_by_name_among_the_pairings_regions(world: World) -> None:
    xinzheng = Region.objects.create(name="新政镇", level=RegionLevel.TOWN, parent=division("511324"))
    Region.objects.create(name="新政镇", level=RegionLevel.TOWN, parent=division("330302"))  # elsewhere
    proposal = build_proposal(facts(regions=[{"name": "新政镇", "code": None}]), world.ours, world.west_editor)
    assert item(proposal, "regions", name="新政镇")["match"]["pk"] == xinzheng.pk


def test_only_administrators_are_offered_to_create_regions_without_a_code(world: World) -> None:
    stated = facts(regions=[{"name": "沙田镇", "code": None}])
    for_editor = item(build_proposal(stated, world.ours, world.west_editor), "regions", name="沙田镇")
    assert (for_editor["action"], for_editor["level"], for_editor["parent"]) == ("skip", "town", "")
    assert proposals.notes_of(for_editor) == ["Only administrators add regions without a code; skip it or ask one."]
    assert item(build_proposal(stated, world.ours, world.admin), "regions", name="沙田镇")["action"] == "create"


def test_several_people_of_the_name_are_left_for_the_reviewer(world: World) -> None:
    first = Person.objects.create(name="王强", pairing=world.ours)
    second = Person.objects.create(name="王强", pairing=world.ours)
    proposal = build_proposal(facts(people=[{"name": "王强", "positions": []}]), world.ours, world.west_editor)
    wang = item(proposal, "people", name="王强")
    assert (wang["match"], wang["action"]) == (None, "create")
    assert [c["pk"] for c in wang["candidates"]] == [first.pk, second.pk]
    assert "Several people called 王强" in proposals.notes_of(wang)[0]


def test_the_direction_comes_from_the_sides_of_the_pairing(world: World) -> None:
    regions = [{"name": "龙湾区", "code": "330303"}, {"name": "仪陇县", "code": "511324"}]
    east_west = visit(delegation="龙湾区党政代表团", from_region="龙湾区", to_region="仪陇县")
    to_town = visit(delegation="温州市考察团", from_region="温州市", to_region=None)
    by_name = visit(delegation="仪陇县考察团")
    proposal = build_proposal(
        facts(regions=regions, visits=[east_west, to_town, by_name]), world.ours, world.west_editor
    )
    assert [v["direction"] for v in proposal["visits"]] == ["east_to_west", "east_to_west", "west_to_east"]


def test_a_direction_that_cannot_be_told_is_left_to_the_reviewer(world: World) -> None:
    proposal = build_proposal(facts(visits=[visit(delegation="考察团")]), world.ours, world.west_editor)
    assert proposal["visits"][0]["direction"] == ""
    assert "choose the direction" in proposals.notes_of(proposal["visits"][0])[-1]


def test_pairings_are_found_by_their_sides_short_names_too(world: World) -> None:
    stated = facts(
        pairings=[
            {"east": ["龙湾"], "west": ["仪陇"], "year_index": None, "since": 2020},
            {"east": ["浙江"], "west": ["四川"], "year_index": None, "since": None},
        ]
    )
    for_admin = build_proposal(stated, world.ours, world.admin)
    county, province = for_admin["pairings"]
    assert (county["match"]["pk"], province["match"]["pk"]) == (world.ours.pk, world.province.pk)
    assert county["info"]["year"]["since_agrees"] is False
    assert "began in 2020; the ledger says 2021" in proposals.notes_of(county)[0]
    # The west editor does not see the province pairing: nothing to link to.
    hidden = build_proposal(stated, world.ours, world.west_editor)["pairings"][1]
    assert (hidden["match"], hidden["action"]) == (None, "skip")


def test_counts_and_amounts_are_shown_not_created(world: World) -> None:
    stated = facts(
        projects=[{"count": 53, "categories": ["industry"], "text": "53个项目"}],
        amounts=[{"text": "1.2亿元", "value_yuan": 120000000, "what": "财政援助资金"}],
    )
    proposal = build_proposal(stated, world.ours, world.west_editor)
    assert item(proposal, "amounts", text="1.2亿元") == {
        "id": "amount-1",
        "text": "1.2亿元",
        "value_yuan": 120000000,
        "what": "财政援助资金",
        "match": None,
        "action": "skip",
        "info": {"notes": [{"code": "not_recordable"}], "recordable": False},
    }
    assert item(proposal, "projects", count=53)["action"] == "skip"


def test_a_report_names_the_pairing_it_belongs_to(world: World) -> None:
    seed = json.loads(shared_path("seed", "000_3096654b67945219.facts.json").read_text(encoding="utf-8"))
    from xiezuo.apps.pairings.models import Pairing

    assert matching.pairing_for_facts(seed, Pairing.objects.all()) == world.ours
    assert matching.pairing_for_facts(seed, Pairing.objects.editable_by(world.outsider)) is None
    assert matching.pairing_for_facts(facts(), Pairing.objects.all()) is None
