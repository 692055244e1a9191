"""The ledger as a person uses it, in Chromium: log in, add a project with two fund transactions, see it
on the pairing's home page, run into an edit conflict, switch the language. On the demo data."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command

from xiezuo.apps.pairings.models import Pairing
from xiezuo.apps.projects.models import Project

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "xiezuo-demo"


@pytest.fixture
def demo(transactional_db: Any) -> Pairing:
    call_command("load_demo", verbosity=0)
    return Pairing.objects.get(label="温州湾新区、龙湾区 — 仪陇县")


def log_in(page: Any, username: str) -> None:
    page.goto("/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url("**/")


def test_west_editor_adds_a_project_with_two_transactions_and_sees_it_on_the_home_page(
    page: Any, demo: Pairing, artifacts: Any
) -> None:
    log_in(page, "west")
    before = Project.objects.filter(pairing=demo).count()

    page.goto("/projects/new/")
    page.fill("#id_code", "YL-2024-900")
    page.fill("#id_title", "仪陇县柑橘冷链仓储中心")
    page.select_option("#id_pairing", str(demo.pk))
    page.select_option("#id_year", "2024")
    page.select_option("#id_category", "industry")
    page.click("form.record-form button[type=submit]")
    page.wait_for_url("**/projects/*/")
    assert "仪陇县柑橘冷链仓储中心" in page.inner_text("h1")

    for kind, amount in (("allocation", "1200000"), ("expenditure", "450000")):
        page.select_option("#id_transaction-type", kind)
        page.fill("#id_transaction-date", "2024-09-01")
        page.fill("#id_transaction-amount", amount)
        page.click("#add-transaction button[type=submit]")
        page.wait_for_load_state()
    project = Project.objects.get(code="YL-2024-900")
    assert sorted(project.transactions.values_list("type", flat=True)) == ["allocation", "expenditure"]
    assert "1,200,000" in page.content() and "450,000" in page.content()

    page.goto(f"/pairings/{demo.pk}/")
    board = page.inner_text(".board")
    assert str(before + 1) in board  # the project count on the pairing's home page
    page.goto("/")
    page.screenshot(path=str(artifacts / "home.png"), full_page=True)


def test_a_stale_edit_is_refused_with_a_conflict_message(browser: Any, live_server: Any, demo: Pairing) -> None:
    project = Project.objects.filter(pairing=demo).order_by("pk").first()
    assert project is not None
    east = browser.new_context(base_url=live_server.url)
    west = browser.new_context(base_url=live_server.url)
    try:
        east_page, west_page = east.new_page(), west.new_page()
        log_in(east_page, "east")
        log_in(west_page, "west")
        # Both open the edit form of the same project version.
        east_page.goto(f"/projects/{project.pk}/edit/")
        west_page.goto(f"/projects/{project.pk}/edit/")
        east_page.fill("#id_title", "东部改过的标题")
        east_page.click("form.record-form button[type=submit]")
        east_page.wait_for_url(f"**/projects/{project.pk}/")
        west_page.fill("#id_title", "西部基于旧版本的修改")
        response = west_page.expect_response(lambda r: r.request.method == "POST")
        with response as info:
            west_page.click("form.record-form button[type=submit]")
        assert info.value.status == 409
        assert west_page.locator(".conflict").is_visible()
        project.refresh_from_db()
        assert project.title == "东部改过的标题"  # nothing lost
    finally:
        east.close()
        west.close()


def test_switching_to_english_and_back(page: Any, demo: Pairing) -> None:
    log_in(page, "viewer")
    page.goto("/projects/")
    assert not page.is_visible("details.nav-ledger a[href='/projects/']")  # menus open on a click
    page.click("details.nav-ledger summary")
    assert page.is_visible("details.nav-ledger a[href='/projects/']")
    page.click("h1")  # a click elsewhere closes it
    assert not page.is_visible("details.nav-ledger a[href='/projects/']")
    chinese = page.text_content("nav.main-nav")  # the menus' items too, open or closed
    with page.expect_navigation():
        page.select_option("select[name=language]", "en")
    assert "Projects" in page.text_content("nav.main-nav")
    with page.expect_navigation():
        page.select_option("select[name=language]", "zh-hans")
    assert page.text_content("nav.main-nav") == chinese
