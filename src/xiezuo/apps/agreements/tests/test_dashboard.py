"""The assessment dashboard: target against actual for a pairing and rolled up over a city or a region's side,
every number opening the rows it counts, manual actuals marked, what is missing, the printable report; who
sees what, bad parameters, and a page that costs the same number of queries however many rows it counts."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from html import unescape
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from xiezuo.apps.agreements import services
from xiezuo.apps.agreements.models import AnnualAgreement, Indicator
from xiezuo.apps.conftest import World
from xiezuo.apps.cooperation.models import LabourPlacement
from xiezuo.apps.pairings.models import Pairing
from xiezuo.apps.projects.models import Evidence, FundTransaction, Project
from xiezuo.apps.regions.services import division

YEAR = 2024


def indicator(code: str) -> Indicator:
    return Indicator.objects.get(code=code)


def agreement(world: World, pairing: Pairing, year: int = YEAR) -> AnnualAgreement:
    return services.create_agreement(actor=world.admin, data={"pairing": pairing, "year": year})


def target(world: World, deal: AnnualAgreement, code: str, value: int) -> Any:
    return services.set_target(deal, actor=world.admin, indicator=indicator(code), value=Decimal(value))


def place(pairing: Pairing, start: date, workers: int, poor: int = 0, destination: str = "eastern_partner") -> int:
    return LabourPlacement.objects.create(
        pairing=pairing,
        period_start=start,
        period_end=start,
        workers=workers,
        formerly_poor=poor,
        destination=destination,
    ).pk


@pytest.fixture
def ledgers(world: World) -> dict[str, Any]:
    """Our 2024 agreement: 150 workers, 200万元 of funds revised to 250万元; theirs: 40 workers.

    Ours placed 120 workers in January (80 formerly poor, to the eastern partner) and 30 in July (nearby),
    and 99 in 2023; theirs placed 30 in May. Ours received 1,000,000 yuan in March for a project without
    evidence (and 500,000 in 2023)."""
    ours = agreement(world, world.ours)
    target(world, ours, "rural_workers", 150)
    funds = target(world, ours, "fiscal_aid_funds", 200)
    services.revise_target(funds, actor=world.admin, value=Decimal(250), reason="追加资金", expected_version=1)
    target(world, agreement(world, world.theirs), "rural_workers", 40)
    counted = [
        place(world.ours, date(YEAR, 1, 10), 120, 80),
        place(world.ours, date(YEAR, 7, 1), 30, 0, "nearby_in_province"),
    ]
    other_year = place(world.ours, date(YEAR - 1, 6, 1), 99, 99)
    theirs = place(world.theirs, date(YEAR, 5, 1), 30)
    project = Project.objects.create(code="YL-1", title="冷链仓储", pairing=world.ours, year=YEAR, category="industry")
    FundTransaction.objects.create(project=project, type="receipt", date=date(YEAR, 3, 1), amount=Decimal(1000000))
    FundTransaction.objects.create(project=project, type="receipt", date=date(2023, 3, 1), amount=Decimal(500000))
    return {"counted": counted, "other_year": other_year, "theirs": theirs, "project": project}


def page(world: World, user: Any, url: str) -> str:
    response = world.client(user).get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def dashboard(world: World, user: Any, query: str) -> str:
    return page(world, user, f"/assessment/?{query}")


def row(html: str, code: str) -> str:
    """The HTML of an indicator's row in its area's table."""
    start = html.index(f'<tr data-indicator="{code}"')
    return html[start : html.index("</tr>", start)]


def cell(html: str, css: str) -> str:
    """The text of the first element with this class, tags removed."""
    found = re.search(rf'class="[^"]*\b{css}\b[^"]*"[^>]*>(.*?)</(td|span|a)>', html, re.S)
    assert found, css
    return re.sub(r"<[^>]+>", "", found.group(1)).strip()


def link(html: str, css: str = "actual") -> str:
    found = re.search(rf'<a class="{css}" href="([^"]+)"', html)
    assert found, css
    return unescape(found.group(1))


def counted_rows(html: str) -> set[int]:
    return {int(pk) for pk in re.findall(r'<tr data-row="(\d+)"', html)}


# --- the numbers ---------------------------------------------------------------------------------------------


def test_the_table_shows_target_actual_and_completion_of_a_pairing(world: World, ledgers: dict[str, Any]) -> None:
    html = dashboard(world, world.west_editor, f"pairing={world.ours.pk}&year={YEAR}")

    labour = row(html, "rural_workers")
    assert (cell(labour, "target-value"), cell(labour, "actual"), cell(labour, "pct")) == ("150", "150", "100.0%")
    assert "completion met" in labour
    assert 'data-split="formerly_poor"' in labour and 'data-split="destination"' in labour

    funds = row(html, "fiscal_aid_funds")
    assert cell(funds, "original") == "orig. 200.00" and cell(funds, "target-value") == "250.00"
    assert "追加资金" in funds  # the revision's reason, in the tooltip
    assert (cell(funds, "actual"), cell(funds, "pct")) == ("100.00", "40.0%")  # 1,000,000 yuan in 万元
    assert "completion behind" in funds

    volunteers = row(html, "volunteers")
    assert cell(volunteers, "actual") == "0" and "—" in volunteers  # no target, no completion


def test_the_charts_have_their_data_and_tables_of_the_same_numbers(world: World, ledgers: dict[str, Any]) -> None:
    html = dashboard(world, world.east_editor, f"pairing={world.ours.pk}&year={YEAR}")

    assert 'data-assessment-chart="completion"' in html and 'data-assessment-chart="trend"' in html
    assert 'id="completion-data"' in html and 'id="trend-data"' in html
    completion = html[html.index('id="completion-table"') :]
    assert re.search(r'data-completion="rural_workers">.*?100\.0%', completion, re.S)
    trend = html[html.index('id="trend-table"') :]
    labour = trend[trend.index('data-trend-row="rural_workers"') :]
    months = re.findall(r'<td class="num">([^<]*)</td>', labour[: labour.index("</tr>")])
    assert months == ["150"] + ["120"] * 6 + ["150"] * 6  # the target, then cumulative January to December
    assert "echarts.min.js" in html and "http" not in re.sub(r'href="[^"]*"', "", html.split("<main>")[1])


def test_a_city_adds_up_its_pairings_and_a_province_takes_the_target_from_the_top(
    world: World, ledgers: dict[str, Any]
) -> None:
    city = row(dashboard(world, world.admin, f"pairing={world.city.pk}&year={YEAR}"), "rural_workers")
    assert (cell(city, "target-value"), cell(city, "actual"), cell(city, "pct")) == ("190", "180", "94.7%")

    target(world, agreement(world, world.province), "rural_workers", 1000)
    sichuan = division("510000")
    html = dashboard(world, world.supervisor, f"region={sichuan.pk}&side=west&year={YEAR}")
    labour = row(html, "rural_workers")
    assert (cell(labour, "target-value"), cell(labour, "actual"), cell(labour, "pct")) == ("1,000", "180", "18.0%")
    assert "四川省" in html and "West side" in html


def test_a_region_rollup_shows_the_outsider_only_what_they_may_read(world: World, ledgers: dict[str, Any]) -> None:
    sichuan = division("510000")
    html = dashboard(world, world.outsider, f"region={sichuan.pk}&side=west&year={YEAR}")
    labour = row(html, "rural_workers")
    assert (cell(labour, "target-value"), cell(labour, "actual")) == ("40", "30")  # theirs only

    rows = page(world, world.outsider, link(labour))
    assert counted_rows(rows) == {ledgers["theirs"]}
    assert str(world.ours) not in html  # neither in the numbers nor among the form's choices


def test_the_form_offers_the_pairings_and_the_divisions_on_either_side(world: World, ledgers: dict[str, Any]) -> None:
    html = dashboard(world, world.supervisor, f"pairing={world.ours.pk}&year={YEAR}")
    pairings = html[html.index('name="pairing"') : html.index("</select>", html.index('name="pairing"'))]
    assert all(f'value="{p.pk}"' in pairings for p in (world.province, world.city, world.ours, world.theirs))
    regions = html[html.index('name="region"') : html.index("</select>", html.index('name="region"'))]
    for code in ("510000", "511300", "511324", "330000", "330300", "330303"):
        assert f'value="{division(code).pk}"' in regions, code
    assert regions.index('data-side="west"') < regions.index('data-side="east"')
    assert re.search(rf'<option value="{world.ours.pk}" selected>', pairings)
    assert f'<option value="{YEAR}" selected>' in html


# --- the rows behind the numbers ------------------------------------------------------------------------------


def test_an_actual_opens_exactly_the_rows_it_counts(world: World, ledgers: dict[str, Any]) -> None:
    labour = row(dashboard(world, world.west_editor, f"pairing={world.ours.pk}&year={YEAR}"), "rural_workers")
    url = link(labour)
    assert url.startswith("/assessment/rows/rural_workers/?")

    html = page(world, world.west_editor, url)
    assert counted_rows(html) == set(ledgers["counted"])  # not 2023's, not theirs
    assert "帮助农村劳动力就业" in html and str(world.ours) in html and "2024" in html
    assert "<strong>150</strong>" in html and "2 rows" in html
    assert indicator("rural_workers").counting_rule in html
    assert f'href="/labour/{ledgers["counted"][0]}/"' in html  # each row opens its record


def test_a_breakdown_number_opens_the_rows_of_that_part(world: World, ledgers: dict[str, Any]) -> None:
    labour = row(dashboard(world, world.west_editor, f"pairing={world.ours.pk}&year={YEAR}"), "rural_workers")
    links = {unescape(u) for u in re.findall(r'href="(/assessment/rows/rural_workers/\?[^"]*split=[^"]*)"', labour)}
    nearby = next(u for u in links if "value=nearby_in_province" in u)
    poor = next(u for u in links if "split=formerly_poor" in u)

    assert counted_rows(page(world, world.west_editor, nearby)) == {ledgers["counted"][1]}
    poor_page = page(world, world.west_editor, poor)
    assert counted_rows(poor_page) == {ledgers["counted"][0]} and "<strong>80</strong>" in poor_page


def test_the_rows_page_is_paginated(world: World, ledgers: dict[str, Any]) -> None:
    for day in range(1, 61):
        place(world.ours, date(YEAR, 2, 1 + day % 28), 1)
    url = f"/assessment/rows/rural_workers/?pairing={world.ours.pk}&year={YEAR}"
    first = page(world, world.admin, url)
    second = page(world, world.admin, f"{url}&page=2")
    assert len(counted_rows(first)) == 50 and len(counted_rows(second)) == 12
    assert not counted_rows(first) & counted_rows(second)
    assert "<strong>210</strong>" in first  # the total of every page


def test_a_manual_actual_shows_as_manual_and_its_rows_are_left_out(world: World, ledgers: dict[str, Any]) -> None:
    manual = services.record_manual_actual(
        AnnualAgreement.objects.get(pairing=world.ours, year=YEAR),
        actor=world.west_editor,
        data={
            "indicator": indicator("rural_workers"),
            "value": Decimal(300),
            "explanation": "含县内自行就业",
            "evidence": SimpleUploadedFile("证明.pdf", b"%PDF-1.4", content_type="application/pdf"),
            "evidence_title": "人社局就业证明",
        },
    )

    labour = row(dashboard(world, world.viewer, f"pairing={world.ours.pk}&year={YEAR}"), "rural_workers")
    assert cell(labour, "actual") == "300" and 'class="badge manual"' in labour
    assert f'href="/agreements/manual/{manual.pk}/evidence/"' in labour and "人社局就业证明" in labour
    assert cell(labour, "pct") == "200.0%"
    rows = page(world, world.viewer, link(labour))
    assert counted_rows(rows) == set() and 'data-note="replaced"' in rows and "人社局就业证明" in rows

    city = row(dashboard(world, world.admin, f"pairing={world.city.pk}&year={YEAR}"), "rural_workers")
    assert cell(city, "actual") == "330" and "30 counted from the ledgers" in city
    assert counted_rows(page(world, world.admin, link(city))) == {ledgers["theirs"]}


# --- what is missing, the printable report ---------------------------------------------------------------------


def test_the_missing_panel_lists_what_is_missing(world: World, ledgers: dict[str, Any]) -> None:
    html = dashboard(world, world.admin, f"pairing={world.city.pk}&year={YEAR}")
    missing = html[html.index('id="missing"') :]

    without_data = missing[missing.index('data-missing="without-data"') : missing.index("without-target")]
    assert "志愿服务人次" in without_data and "帮助农村劳动力就业" not in without_data
    assert 'href="/volunteering/"' in without_data  # where the missing records are added
    without_target = missing[missing.index('data-missing="without-target"') : missing.index("without-agreement")]
    assert "志愿服务人次" in without_target and "帮助农村劳动力就业" not in without_target
    without_agreement = missing[missing.index('data-missing="without-agreement"') : missing.index("without-evidence")]
    assert str(world.city) in without_agreement and str(world.ours) not in without_agreement
    evidence = missing[missing.index('data-missing="without-evidence"') :]
    assert "(1)" in evidence and "/assessment/missing-evidence/?" in evidence

    listing = page(world, world.admin, link(evidence.replace("<a href", '<a class="actual" href'), "actual"))
    assert "YL-1" in listing and f'href="/projects/{ledgers["project"].pk}/#evidence"' in listing
    Evidence.objects.create(project=ledgers["project"], title="验收报告", file=SimpleUploadedFile("a.pdf", b"%PDF"))
    listing = page(world, world.admin, f"/assessment/missing-evidence/?pairing={world.city.pk}&year={YEAR}")
    assert "YL-1" not in listing


def test_the_print_page_has_the_numbers_without_navigation(world: World, ledgers: dict[str, Any]) -> None:
    html = page(world, world.east_editor, f"/assessment/print/?pairing={world.ours.pk}&year={YEAR}")

    labour = row(html, "rural_workers")
    assert (cell(labour, "target-value"), cell(labour, "actual"), cell(labour, "pct")) == ("150", "150", "100.0%")
    funds = row(html, "fiscal_aid_funds")
    assert cell(funds, "original") == "orig. 200.00" and cell(funds, "target-value") == "250.00"
    assert "Nearby" in labour or "nearby" in labour.lower()  # the breakdowns are printed too
    assert "Printed on" in html and "data-print" in html and "Print / save as PDF" in html
    assert 'id="missing"' in html and "@page" not in html  # the print CSS is a stylesheet
    assert "main-nav" not in html and "echarts" not in html


def test_the_dashboard_links_to_print_export_and_agreements(world: World, ledgers: dict[str, Any]) -> None:
    html = dashboard(world, world.east_editor, f"pairing={world.ours.pk}&year={YEAR}")
    query = f"pairing={world.ours.pk}&amp;year={YEAR}"
    assert f'href="/assessment/print/?{query}"' in html
    assert f'href="/assessment/export.xlsx?{query}"' in html
    assert f'href="/agreements/?year={YEAR}"' in html


def test_the_dashboard_is_in_the_navigation_and_on_the_pairing_pages(world: World) -> None:
    assert 'href="/assessment/"' in page(world, world.viewer, "/")
    assert f'href="/assessment/?pairing={world.ours.pk}"' in page(world, world.viewer, f"/pairings/{world.ours.pk}/")


def test_without_parameters_the_dashboard_shows_the_users_pairing_and_latest_year(
    world: World, ledgers: dict[str, Any]
) -> None:
    html = dashboard(world, world.west_editor, "")
    assert "2024 assessment" in html and 'data-indicator="rural_workers"' in html


# --- who sees what, bad parameters ----------------------------------------------------------------------------


def test_the_outsider_cannot_see_our_pairings_assessment(world: World, ledgers: dict[str, Any]) -> None:
    client = world.client(world.outsider)
    query = f"pairing={world.ours.pk}&year={YEAR}"
    for url in (
        f"/assessment/?{query}",
        f"/assessment/rows/rural_workers/?{query}",
        f"/assessment/print/?{query}",
        f"/assessment/missing-evidence/?{query}",
    ):
        assert client.get(url).status_code == 404, url
    assert world.client(None).get(f"/assessment/?{query}").status_code == 302  # to the login page


@pytest.mark.parametrize(
    "url",
    [
        "/assessment/?pairing=abc",
        "/assessment/?pairing=999999",
        "/assessment/?year=1800",
        "/assessment/?year=twenty",
        "/assessment/?region=999999&side=west",
        "/assessment/?region={sichuan}&side=north",
        "/assessment/print/?pairing=abc",
        "/assessment/rows/no_such_indicator/?pairing={ours}",
        "/assessment/rows/rural_workers/?pairing={ours}&split=no_such_split",
        "/assessment/rows/rural_workers/?pairing=-1",
        "/assessment/missing-evidence/?year=99999",
    ],
)
def test_bad_parameters_are_not_found(world: World, url: str) -> None:
    url = url.format(ours=world.ours.pk, sichuan=division("510000").pk)
    assert world.client(world.admin).get(url).status_code == 404


def test_a_user_without_a_pairing_is_told_so(world: World) -> None:
    from django.contrib.auth.models import User

    nobody = User.objects.create_user("nobody", password="pw-for-tests-only")
    response = world.client(nobody).get("/assessment/")
    assert response.status_code == 200 and "You have no pairing yet" in response.content.decode()


# --- cost ------------------------------------------------------------------------------------------------------


def queries(world: World, user: Any, url: str) -> int:
    client = world.client(user)
    client.get(url)  # warm what is filled once per process
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def add_rows(world: World, n: int) -> None:
    start = Project.objects.count()
    for i in range(start, start + n):
        pairing = world.ours if i % 2 else world.theirs
        place(pairing, date(YEAR, 1 + i % 12, 1), 1 + i, i % 3, "elsewhere" if i % 3 else "eastern_partner")
        project = Project.objects.create(code=f"Q-{i}", title=f"项目{i}", pairing=pairing, year=YEAR, category="labour")
        FundTransaction.objects.create(project=project, type="receipt", date=date(YEAR, 1 + i % 12, 2), amount=100)


@pytest.mark.parametrize("persona", ["west_editor", "admin"])
def test_the_dashboard_costs_the_same_queries_for_few_and_many_rows(
    world: World, ledgers: dict[str, Any], persona: str
) -> None:
    user = getattr(world, persona)
    pairing = world.city if persona == "admin" else world.ours
    sichuan = division("510000")
    urls = [
        f"/assessment/?pairing={pairing.pk}&year={YEAR}",
        f"/assessment/?region={sichuan.pk}&side=west&year={YEAR}",
        f"/assessment/print/?pairing={pairing.pk}&year={YEAR}",
        f"/assessment/rows/rural_workers/?pairing={pairing.pk}&year={YEAR}",
        f"/assessment/missing-evidence/?pairing={pairing.pk}&year={YEAR}",
    ]
    add_rows(world, 2)
    few = [queries(world, user, url) for url in urls]
    add_rows(world, 30)
    assert [queries(world, user, url) for url in urls] == few
