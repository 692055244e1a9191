"""A pairing's figures: projects by category and status, funds allocated against spent, on a ledger whose
answer is known (see conftest.py), for the pairing and the pairings below it, as the user may see them."""

from __future__ import annotations

import json
import re
from datetime import date
from decimal import Decimal

from xiezuo.apps.conftest import World
from xiezuo.apps.projects.figures import pairing_figures, project_funds
from xiezuo.apps.projects.tests.conftest import Ledger


def counts(rows: list) -> dict[str, int]:  # type: ignore[type-arg]
    return {row.value: row.projects for row in rows if row.projects}


def test_our_figures_count_our_projects_and_the_village_pairing_below_ours(world: World, ledger: Ledger) -> None:
    figures = pairing_figures(world.ours, world.west_editor)
    assert figures["total"] == 4
    assert counts(figures["categories"]) == {"industry": 2, "labour": 1, "livelihood": 1}
    assert counts(figures["statuses"]) == {"in_progress": 1, "completed": 1, "planned": 1, "accepted": 1}
    money = figures["money"]
    assert money.allocated == Decimal("3445678.90")
    assert (money.received, money.disbursed, money.spent, money.refunded) == (
        Decimal("900000"),
        Decimal("600000"),
        Decimal("2500000"),
        Decimal("20000"),
    )
    assert money.net_received == Decimal("880000")
    assert round(figures["spent_share"], 2) == Decimal("72.55")
    industry = next(row for row in figures["categories"] if row.value == "industry")
    assert (industry.funds.allocated, industry.funds.spent) == (Decimal("3000000"), Decimal("2500000"))
    assert industry.url == f"/projects/?pairing__within={world.ours.pk}&category=industry"


def test_city_figures_add_the_neighbouring_county_for_those_who_see_it(world: World, ledger: Ledger) -> None:
    assert pairing_figures(world.city, world.admin)["total"] == 5
    assert pairing_figures(world.city, world.admin)["money"].allocated == Decimal("13445677.90")
    # our editors read only their own pairing and below: the city's figures are theirs to that extent
    assert pairing_figures(world.city, world.east_editor)["total"] == 4
    assert pairing_figures(world.ours, world.outsider)["total"] == 0
    assert pairing_figures(world.ours, world.outsider)["money"].allocated == 0


def test_the_village_pairing_counts_only_its_own(world: World, ledger: Ledger) -> None:
    figures = pairing_figures(ledger.village, world.viewer)
    assert figures["total"] == 1 and figures["money"].refunded == Decimal("20000")


def test_project_funds_are_allocated_against_spent_per_type(world: World, ledger: Ledger) -> None:
    funds = project_funds(ledger.a1)
    assert (funds.allocated, funds.spent, funds.unspent, funds.spent_share) == (
        Decimal("1000000"),
        Decimal("500000"),
        Decimal("500000"),
        Decimal("50"),
    )
    assert [(kind, n) for kind, _label, n, _total in funds.by_type] == [
        ("allocation", 1),
        ("receipt", 1),
        ("disbursement", 1),
        ("expenditure", 1),
        ("refund", 0),
    ]
    assert project_funds(ledger.a3).spent_share == 0
    assert world.ours.projects.create(code="E", title="空", year=2024, category="talent").pk
    assert project_funds(world.ours.projects.get(code="E")).spent_share is None


def test_pairing_page_shows_the_board_with_numbers_linking_to_the_filtered_list(world: World, ledger: Ledger) -> None:
    html = world.client(world.viewer).get(f"/pairings/{world.ours.pk}/").content.decode()
    within = f"pairing__within={world.ours.pk}"
    assert re.search(rf'<a href="/projects/\?{within}&amp;category=industry">2</a>', html)
    assert re.search(rf'<a href="/projects/\?{within}&amp;status=accepted">1</a>', html)
    assert re.search(r'data-figure="allocated"><a [^>]*>344.57 万元</a>', html)
    assert re.search(r'data-figure="spent"><a [^>]*>250.00 万元</a>', html)
    chart = json.loads(re.search(r'<script id="projects-by-category-\d+-data"[^>]*>(.*?)</script>', html).group(1))  # type: ignore[union-attr]
    assert chart["series"][0]["values"][:3] == [2, 1, 0]  # industry, labour, talent
    funds = json.loads(re.search(r'<script id="funds-by-category-\d+-data"[^>]*>(.*?)</script>', html).group(1))  # type: ignore[union-attr]
    assert funds["series"][0]["values"] == [300.0, 34.57, 10.0] and funds["series"][1]["values"] == [250.0, 0.0, 0.0]
    assert "/static/vendor/echarts/echarts.min.js" in html


def test_the_numbers_of_the_board_are_the_rows_of_the_list_they_link_to(world: World, ledger: Ledger) -> None:
    client = world.client(world.west_editor)
    industry = client.get(f"/projects/?pairing__within={world.ours.pk}&category=industry").content.decode()
    assert "A-1" in industry and "A-2" in industry and "A-3" not in industry and "B-1" not in industry
    below = client.get(f"/projects/?pairing__within={world.ours.pk}").content.decode()
    assert all(code in below for code in ("A-1", "A-2", "A-3", "A-4"))


def test_west_editor_adds_two_transactions_and_sees_them_on_the_pairing_page(world: World, ledger: Ledger) -> None:
    client = world.client(world.west_editor)
    before = pairing_figures(world.ours, world.west_editor)["money"]
    for kind, amount in (("allocation", "500000"), ("expenditure", "123456.78")):
        response = client.post(
            f"/projects/{ledger.a3.pk}/transactions/",
            {"transaction-type": kind, "transaction-date": date(2024, 9, 1).isoformat(), "transaction-amount": amount},
        )
        assert response.status_code == 302
    html = client.get(f"/pairings/{world.ours.pk}/").content.decode()
    assert before.allocated + 500000 == Decimal("3945678.90")
    assert re.search(r'data-figure="allocated"><a [^>]*>394.57 万元</a>', html)
    assert re.search(r'data-figure="spent"><a [^>]*>262.35 万元</a>', html)  # 2,623,456.78 yuan
    funds_table = html.split("funds-by-category")[-1]
    labour = re.search(r'<tr data-category="labour"><td>[^<]*</td>(.*?)</tr>', funds_table, re.S)
    assert labour and "84.57" in labour.group(1) and "12.35" in labour.group(1)


def test_home_page_shows_the_board_of_each_pairing(world: World, ledger: Ledger) -> None:
    html = world.client(world.west_editor).get("/").content.decode()
    assert f"projects-by-category-{world.ours.pk}" in html
    assert html.count("projects/charts.js") >= 1
