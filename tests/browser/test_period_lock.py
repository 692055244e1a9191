"""The period lock as people use it, in Chromium on the demo data: the administrator locks 2024 before the
assessment, an editor's change to a 2024 project is refused with the reason on the form and nothing is
saved; once the administrator reopens the year, the same edit goes through."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command

from xiezuo.apps.agreements.models import PeriodLock
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


def test_a_locked_year_refuses_an_edit_until_the_administrator_reopens_it(
    browser: Any, live_server: Any, demo: Pairing, artifacts: Any
) -> None:
    project = Project.objects.filter(pairing=demo, year=2024).order_by("pk").first()
    assert project is not None
    title = project.title
    admin = browser.new_context(base_url=live_server.url, locale="zh-CN")
    west = browser.new_context(base_url=live_server.url, locale="zh-CN")
    try:
        admin_page, west_page = admin.new_page(), west.new_page()
        log_in(admin_page, "admin")
        log_in(west_page, "west")

        admin_page.goto("/period-locks/new/")
        admin_page.fill("#id_year", "2024")
        admin_page.fill("#id_reason", "2024年度东西部协作考核")
        admin_page.click("form.record-form button[type=submit]")
        admin_page.wait_for_url("**/period-locks/*/")
        period_lock = PeriodLock.objects.get(year=2024)

        west_page.goto(f"/projects/{project.pk}/edit/")
        west_page.fill("#id_title", "考核锁定后改的标题")
        with west_page.expect_response(lambda r: r.request.method == "POST") as info:
            west_page.click("form.record-form button[type=submit]")
        assert info.value.status == 200  # the form again, not the project page
        assert west_page.url.endswith(f"/projects/{project.pk}/edit/")
        # The reason names the year and the project. Its Chinese text comes with the translations
        # ("2024 年度台账已锁定……"); until then the English source reads "The ledger of 2024 is locked …".
        reason = west_page.inner_text("form.record-form ul.errorlist")
        assert "2024" in reason and title in reason
        assert west_page.input_value("#id_title") == "考核锁定后改的标题"  # what they typed is kept
        west_page.screenshot(path=str(artifacts / "period-lock.png"), full_page=True)
        project.refresh_from_db()
        assert (project.title, project.version) == (title, 1)

        admin_page.goto(f"/period-locks/{period_lock.pk}/delete/")
        admin_page.fill("input[name=reason]", "补录 2024 年数据")
        admin_page.click("form button.danger")
        admin_page.wait_for_url("**/period-locks/")
        assert not PeriodLock.objects.exists()

        west_page.click("form.record-form button[type=submit]")
        west_page.wait_for_url(f"**/projects/{project.pk}/")
        project.refresh_from_db()
        assert project.title == "考核锁定后改的标题"
    finally:
        admin.close()
        west.close()
