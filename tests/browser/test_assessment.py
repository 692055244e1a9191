"""The assessment dashboard as the west editor uses it, in Chromium, on the demo data: the charts are drawn
(ECharts, served locally), an actual opens the rows it counts, and the printable report becomes a PDF."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from xiezuo.apps.agreements import services
from xiezuo.apps.agreements.models import AnnualAgreement, Indicator, Target
from xiezuo.apps.cooperation.models import LabourPlacement
from xiezuo.apps.pairings.models import Pairing

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "xiezuo-demo"
YEAR = 2024


@pytest.fixture
def pairing(transactional_db: Any) -> Pairing:
    """The seed's pairing with a 2024 agreement that has a target for rural workers, and a placement to count."""
    from django.contrib.auth.models import User

    call_command("load_demo", verbosity=0)
    pairing = Pairing.objects.get(label="温州湾新区、龙湾区 — 仪陇县")
    admin = User.objects.get(username="admin")
    deal = AnnualAgreement.objects.filter(pairing=pairing, year=YEAR).first() or services.create_agreement(
        actor=admin, data={"pairing": pairing, "year": YEAR}
    )
    rural = Indicator.objects.get(code="rural_workers")
    if not Target.objects.filter(agreement=deal, indicator=rural).exists():
        services.set_target(deal, actor=admin, indicator=rural, value=Decimal(500))
    LabourPlacement.objects.create(
        pairing=pairing,
        period_start=date(YEAR, 4, 1),
        period_end=date(YEAR, 9, 30),
        workers=45,
        formerly_poor=20,
        destination="eastern_partner",
    )
    return pairing


def log_in(page: Any, username: str) -> None:
    page.goto("/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url("**/")


def test_the_dashboard_draws_its_charts_opens_the_rows_and_prints_a_pdf(
    page: Any, pairing: Pairing, artifacts: Path, live_server: Any
) -> None:
    external: list[str] = []
    page.on("request", lambda r: None if r.url.startswith(live_server.url) else external.append(r.url))
    log_in(page, "west")
    page.click("nav.main-nav a[href='/assessment/']")
    page.wait_for_url("**/assessment/")
    page.goto(f"/assessment/?pairing={pairing.pk}&year={YEAR}")

    for chart in ("#completion-chart", "#trend-chart"):
        page.wait_for_selector(f"{chart}[data-drawn] svg")
        assert page.locator(f"{chart} svg path").count() > 3, chart  # bars, lines and axes are drawn
    trend = page.locator("#trend-indicator")
    choices = trend.locator("option").evaluate_all("options => options.map(o => o.value)")
    assert "rural_workers" in choices
    trend.select_option("rural_workers")
    assert page.locator("tr.chosen[data-trend-row='rural_workers']").count() == 1
    page.screenshot(path=str(artifacts / "assessment-dashboard.png"), full_page=True)

    row = "tr[data-indicator='rural_workers']"
    actual = page.inner_text(f"{row} a.actual").strip()
    page.click(f"{row} a.actual")
    page.wait_for_url("**/assessment/rows/rural_workers/?*")
    assert page.locator("table.counted-rows tbody tr[data-row]").count() >= 1
    assert page.inner_text("[data-field='total'] strong").strip() == actual
    page.screenshot(path=str(artifacts / "assessment-rows.png"), full_page=True)

    page.goto(f"/assessment/print/?pairing={pairing.pk}&year={YEAR}")
    button = page.locator("button[data-print]")
    assert button.is_visible()
    page.evaluate("window.print = () => { window.printed = true; }")
    button.click()
    assert page.evaluate("window.printed") is True
    pdf = page.pdf(format="A4", landscape=True, print_background=True)
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
    assert re.search(rb"/Type\s*/Page\b", pdf)
    (artifacts / "assessment-report.pdf").write_bytes(pdf)
    assert external == []  # nothing is loaded from outside the site
