"""The project list: filters by category, status, year and pairing (with the pairings below it), and search."""

from __future__ import annotations

import re

from xiezuo.apps.conftest import World
from xiezuo.apps.projects.models import Project
from xiezuo.apps.projects.tests.conftest import Ledger, project
from xiezuo.apps.regions.services import division


def codes(world: World, query: str, user: str = "admin") -> set[str]:
    response = world.client(getattr(world, user)).get(f"/projects/{query}")
    assert response.status_code == 200
    return set(re.findall(r'<a href="/projects/\d+/">([^<]+)</a>', response.content.decode()))


def test_list_filters_by_category(world: World, ledger: Ledger) -> None:
    assert codes(world, "?category=industry") == {"A-1", "A-2", "B-1"}
    assert codes(world, "?category=labour") == {"A-3"}


def test_list_filters_by_status(world: World, ledger: Ledger) -> None:
    assert codes(world, "?status=planned") == {"A-3", "B-1"}
    assert codes(world, "?status=planned&category=labour") == {"A-3"}


def test_list_filters_by_year_and_offers_the_years_to_choose(world: World, ledger: Ledger) -> None:
    project(world.ours, "A-5", "talent", "planned", year=2023)
    assert codes(world, "?year=2023") == {"A-5"}
    assert codes(world, "?year=2024") == {"A-1", "A-2", "A-3", "A-4", "B-1"}
    # in Chinese, the default: English option values read "2,023" until core/list.html unlocalizes them
    html = world.client(world.admin).get("/projects/?year=2023", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert '<option value="2023" selected>2023</option>' in html


def test_list_filters_by_pairing_with_the_pairings_below_it(world: World, ledger: Ledger) -> None:
    assert codes(world, f"?pairing__within={world.ours.pk}") == {"A-1", "A-2", "A-3", "A-4"}
    assert codes(world, f"?pairing__within={ledger.village.pk}") == {"A-4"}
    assert codes(world, f"?pairing__within={world.province.pk}") == {"A-1", "A-2", "A-3", "A-4", "B-1"}
    assert codes(world, f"?pairing__within={world.theirs.pk}") == {"B-1"}


def test_the_pairing_filter_never_shows_more_than_the_user_may_see(world: World, ledger: Ledger) -> None:
    assert codes(world, f"?pairing__within={world.city.pk}", user="outsider") == {"B-1"}
    assert codes(world, "", user="west_editor") == {"A-1", "A-2", "A-3", "A-4"}


def test_list_search_finds_code_title_and_location(world: World, ledger: Ledger) -> None:
    Project.objects.filter(pk=ledger.a2.pk).update(title="仪陇县蚕桑产业园", location=division("511324"))
    assert codes(world, "?q=a-1") == {"A-1"}
    assert codes(world, "?q=蚕桑") == {"A-2"}
    assert codes(world, "?q=仪陇") == {"A-2"}
    assert codes(world, "?q=蚕桑&category=labour") == set()
