"""A report from the seed, in Chromium, from upload to ledger: upload the raw (mirror-damaged) file, read
it beside its repair, review what it describes, confirm; the visit, its people, sites and meeting, and the
pairing's year are in the ledger, each page links back to the report, and a second upload is recognised.

The world is built here rather than by `load_demo`: the demo already holds this visit and its people.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User

from xiezuo.apps.core.choices import Role, Side
from xiezuo.apps.core.models import Membership
from xiezuo.apps.pairings.choices import PairingLevel
from xiezuo.apps.pairings.models import Pairing
from xiezuo.apps.people.models import Person
from xiezuo.apps.regions.choices import RegionLevel
from xiezuo.apps.regions.models import Region
from xiezuo.apps.regions.services import division
from xiezuo.apps.reports import services
from xiezuo.apps.reports.models import Report
from xiezuo.apps.visits.models import Meeting, Visit

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "pw-for-tests-only"
SEED_REPORT = "000_3096654b67945219.txt"
SITES = [
    "瑞浦兰钧能源股份有限公司",
    "麦田能源股份有限公司",
    "浙江长江汽车电子有限公司",
    "万洋科技城",
    "国科温州研究院",
    "中国眼谷小镇",
]
POSITIONS = {
    "郭宗海": {"南充市政协副主席", "仪陇县委书记"},
    "周一富": {"温州湾新区管委会主任", "龙湾区委书记"},
}


def _pairing(level: str, east: list[Region], west: list[Region], parent: Pairing | None, **extra: Any) -> Pairing:
    pairing = Pairing.objects.create(level=level, parent=parent, **extra)
    pairing.east_regions.set(east)
    pairing.west_regions.set(west)
    return pairing


@pytest.fixture
def county_pairing(transactional_db: Any) -> Pairing:
    """浙江—四川 › 温州—南充 › 温州湾新区、龙湾区—仪陇县 (paired since 2021), and its west-side editor."""
    wenzhou = division("330300")
    province = _pairing(PairingLevel.PROVINCE, [division("330000")], [division("510000")], None)
    city = _pairing(PairingLevel.CITY, [wenzhou], [division("511300")], province)
    wenzhou_bay = Region.objects.create(name="温州湾新区", level=RegionLevel.FUNCTIONAL, parent=wenzhou)
    county = _pairing(
        PairingLevel.COUNTY, [wenzhou_bay, division("330303")], [division("511324")], city, start_date=date(2021, 3, 1)
    )
    west = User.objects.create_user("west", password=PASSWORD)
    Membership.objects.create(user=west, role=Role.EDITOR, pairing=county, side=Side.WEST)
    return county


def log_in(page: Any, username: str) -> None:
    page.goto("/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url("**/")


def upload(page: Any, pairing: Pairing, path: Path) -> None:
    page.goto("/reports/new/")
    page.select_option("#id_pairing", str(pairing.pk))
    page.set_input_files("#id_files", str(path))
    page.fill("#id_published", "2024-08-27")
    page.click("form.add-reports button[type=submit]")
    page.wait_for_selector("table.outcomes")


def test_the_seed_report_goes_from_upload_to_ledger_records_and_is_recognised_the_second_time(
    page: Any, county_pairing: Pairing, seed_dir: Path, artifacts: Path
) -> None:
    log_in(page, "west")
    upload(page, county_pairing, seed_dir / SEED_REPORT)
    row = page.locator("tr.outcome")
    assert row.count() == 1 and row.get_attribute("data-outcome") == "new"
    row.locator("a").click()
    page.wait_for_url("**/reports/*/")
    report = Report.objects.get()

    # The original beside its repair, every change marked and explained, and the diagnosis.
    assert "儀隴縣黨政代表團" in page.inner_text(".report-text.original")
    assert "仪陇县党政代表团" in page.inner_text(".report-text.repaired")
    marks = page.locator(".report-text.repaired mark.change")
    assert marks.count() > 100
    assert page.locator(".report-text.original mark.change").count() == marks.count()
    assert "→" in (marks.first.get_attribute("title") or "")
    assert "traditional" in page.inner_text("#diagnosis")

    # What the report describes, each item saying whether it is new or matches a record.
    proposals = page.locator("#proposals")
    for kind in ("visits", "people", "organisations", "regions", "pairings", "projects"):
        assert proposals.locator(f'.proposal-group[data-kind="{kind}"]').count() == 1, kind
    people = proposals.locator('.proposal-group[data-kind="people"]').inner_html()
    assert "郭宗海" in people and "周一富" in people
    longwan = proposals.locator('.proposal-group[data-kind="regions"] .proposal-item', has=page.locator("text=龙湾区"))
    assert longwan.locator(".match a").count() >= 1  # an existing region, linked
    assert proposals.locator('.proposal-item[data-kind="visits"] .new').count() == 1  # a new visit
    pairing = proposals.locator('.proposal-group[data-kind="pairings"] .proposal-item')
    assert pairing.locator(f'.match a[href="/pairings/{county_pairing.pk}/"]').count() == 1
    assert "2021" in pairing.inner_text() and "2024" in pairing.inner_text()  # year 4 of the pairing, checked
    page.screenshot(path=str(artifacts / "report-review.png"), full_page=True)

    page.click("#proposals button[name=confirm]")
    page.wait_for_url(f"**/reports/{report.pk}/")
    assert page.locator("[data-status=confirmed]").count() == 1
    assert page.locator("#records tbody tr").count() > 5

    visit = Visit.objects.get(delegation="仪陇县党政代表团")
    assert visit.pairing == county_pairing
    assert visit.to_region is not None and visit.to_region.code == "330303"
    assert visit.from_region is not None and visit.from_region.code == "511324"
    assert visit.leader is not None and visit.leader.name == "郭宗海"
    assert str(visit.start_date) == "2024-08-26"
    assert [site.organisation.name for site in visit.sites.order_by("order")] == SITES
    for name, titles in POSITIONS.items():
        person = Person.objects.get(name=name)
        assert set(person.positions.values_list("title", flat=True)) == titles, name
    assert Meeting.objects.filter(visit=visit, name="龙湾区—仪陇县东西部协作工作座谈会").count() == 1
    assert county_pairing.year_of_pairing(visit.start_date) == 4
    report.refresh_from_db()
    assert report.proposal["pairings"][0]["info"]["year"]["agrees"] is True
    assert county_pairing in [record for _label, record in services.records_of(report)]

    # From the visit's page to the report, and from the report's page to the visit.
    page.goto(f"/visits/{visit.pk}/")
    page.locator(f'#reports a[data-report="{report.pk}"]').click()
    page.wait_for_url(f"**/reports/{report.pk}/")
    page.locator(f'#records a[href="/visits/{visit.pk}/"]').click()
    page.wait_for_url(f"**/visits/{visit.pk}/")

    # The same file again: already there, with a link to the report.
    upload(page, county_pairing, seed_dir / SEED_REPORT)
    row = page.locator("tr.outcome")
    assert row.get_attribute("data-outcome") == "duplicate"
    assert row.locator(f'a[data-report="{report.pk}"]').count() == 1
    assert Report.objects.count() == 1
