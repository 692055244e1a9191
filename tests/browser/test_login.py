"""Smoke test in a real browser: log in through the form and land on the home page."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_log_in_through_the_form_and_land_on_home(
    page: Any, live_server: Any, django_user_model: Any, artifacts: Path
) -> None:
    django_user_model.objects.create_user("wang.fang", password="pw-for-browser-tests")

    page.goto("/login/")
    assert page.locator("form button[type=submit]").is_visible()
    page.fill("input[name=username]", "wang.fang")
    page.fill("input[name=password]", "pw-for-browser-tests")
    page.click("form button[type=submit]")

    page.wait_for_url(re.compile(re.escape(live_server.url) + "/$"))
    assert page.locator(".who").inner_text() == "wang.fang"
    page.screenshot(path=str(artifacts / "home.png"), full_page=True)
    assert (artifacts / "home.png").stat().st_size > 0
