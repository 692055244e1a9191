"""An annual agreement as the west editor works on it, in Chromium: set a target, revise it with a reason,
enter an actual by hand with its evidence file, and see all three on the agreement page. On the demo data."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from xiezuo.apps.agreements import services
from xiezuo.apps.agreements.models import AnnualAgreement, Indicator, ManualActual, Target, TargetRevision
from xiezuo.apps.pairings.models import Pairing

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "xiezuo-demo"


@pytest.fixture
def agreement(transactional_db: Any, settings: Any, tmp_path: Path) -> AnnualAgreement:
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("load_demo", verbosity=0)
    pairing = Pairing.objects.get(label="温州湾新区、龙湾区 — 仪陇县")
    taken = set(AnnualAgreement.objects.filter(pairing=pairing).values_list("year", flat=True))
    year = next(y for y in range(2019, 2100) if y not in taken)  # a year the demo leaves free
    from django.contrib.auth.models import User

    admin = User.objects.get(username="admin")
    return services.create_agreement(actor=admin, data={"pairing": pairing, "year": year})


def log_in(page: Any, username: str) -> None:
    page.goto("/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url("**/")


def test_the_west_editor_sets_revises_and_enters_by_hand(
    page: Any, agreement: AnnualAgreement, artifacts: Path
) -> None:
    rural = Indicator.objects.get(code="rural_workers")
    row = f"tr[data-indicator='{rural.code}']"
    log_in(page, "west")
    page.goto(f"/agreements/{agreement.pk}/")

    page.click(f"{row} a[href$='/targets/new/?indicator={rural.pk}']")
    page.fill("#id_value", "100")
    page.click("form.record-form button[type=submit]")
    page.wait_for_url(f"**/agreements/{agreement.pk}/*")
    assert "100" in page.inner_text(f"{row} .target-value")

    target = Target.objects.get(agreement=agreement, indicator=rural)
    page.click(f"{row} a[href$='/targets/{target.pk}/revise/']")
    page.fill("#id_value", "120")
    page.fill("#id_reason", "东部新增就业岗位，目标上调")
    page.click("form.record-form button[type=submit]")
    page.wait_for_url(f"**/agreements/{agreement.pk}/*")
    assert "120" in page.inner_text(f"{row} .target-value")
    assert "东部新增就业岗位，目标上调" in page.inner_text("#targets")

    page.click(f"{row} a[href$='/manual/new/?indicator={rural.pk}']")
    page.fill("#id_value", "350")
    page.fill("#id_explanation", "含县内自行就业，据人社局统计")
    page.fill("#id_evidence_title", "人社局就业统计证明")
    page.set_input_files(
        "#id_evidence", {"name": "证明.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 test evidence"}
    )
    page.click("form.record-form button[type=submit]")
    page.wait_for_url(f"**/agreements/{agreement.pk}/*")
    assert page.locator(f"{row} .badge.manual").count() == 1
    assert "350" in page.inner_text(f"{row} .actual")
    page.screenshot(path=str(artifacts / "agreement-page.png"), full_page=True)

    target.refresh_from_db()
    assert (target.original, target.value) == (100, 120)
    assert TargetRevision.objects.get(target=target).reason == "东部新增就业岗位，目标上调"
    assert ManualActual.objects.get(agreement=agreement).evidence.read() == b"%PDF-1.4 test evidence"
