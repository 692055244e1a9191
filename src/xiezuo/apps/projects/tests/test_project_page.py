"""A project's page: its fields, its transactions with totals per type, allocated against spent, inline adding."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType

from xiezuo.apps.conftest import World
from xiezuo.apps.core.models import ChangeLog
from xiezuo.apps.projects.models import FundTransaction
from xiezuo.apps.projects.tests.conftest import Ledger


def cell(html: str, attribute: str) -> str:
    """The text of the element carrying `attribute` (e.g. data-figure="allocated")."""
    found = re.search(rf"{attribute}[^>]*>(.*?)</", html, re.S)
    assert found, attribute
    return re.sub(r"<[^>]+>", "", found.group(1)).strip()


def row(html: str, attribute: str) -> str:
    found = re.search(rf"<tr {attribute}.*?</tr>", html, re.S)
    assert found, attribute
    return re.sub(r"<[^>]+>", "", found.group(0))


def test_project_page_shows_transactions_with_totals_per_type(world: World, ledger: Ledger) -> None:
    page = world.client(world.viewer).get(f"/projects/{ledger.a1.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "A-1" in html and "项目A-1" in html
    assert html.count('data-type="') == 4  # four transaction rows
    assert "2024-03-01" in html and "1,000,000.00" in html and "800,000.00" in html
    allocations = row(html, 'data-total="allocation"')
    assert "(1 transaction)" in allocations and "1,000,000.00" in allocations and "100.00 万元" in allocations
    assert "(0 transactions)" in row(html, 'data-total="refund"')
    assert cell(html, 'data-figure="allocated"') == "1,000,000.00 yuan"
    assert cell(html, 'data-figure="spent"') == "500,000.00 yuan"
    assert cell(html, 'data-figure="unspent"') == "500,000.00 yuan"
    assert cell(html, 'data-figure="spent-share"') == "50.0%"


def test_viewer_sees_no_forms_to_add(world: World, ledger: Ledger) -> None:
    html = world.client(world.viewer).get(f"/projects/{ledger.a1.pk}/").content.decode()
    assert 'id="add-transaction"' not in html and 'id="add-evidence"' not in html


def test_west_editor_adds_a_transaction_on_the_project_page(world: World, ledger: Ledger) -> None:
    client = world.client(world.west_editor)
    assert 'id="add-transaction"' in client.get(f"/projects/{ledger.a3.pk}/").content.decode()
    response = client.post(
        f"/projects/{ledger.a3.pk}/transactions/",
        {
            "transaction-type": "expenditure",
            "transaction-date": "2024-06-30",
            "transaction-amount": "45678.90",
            "transaction-note": "第一期工程款",
            "transaction-reason": "报账",
        },
    )
    assert response.status_code == 302 and response["Location"] == f"/projects/{ledger.a3.pk}/#transactions"
    added = FundTransaction.objects.get(project=ledger.a3, type="expenditure")
    assert (added.date, added.amount, added.note) == (date(2024, 6, 30), Decimal("45678.90"), "第一期工程款")
    change = ChangeLog.objects.get(
        content_type=ContentType.objects.get_for_model(FundTransaction), object_id=str(added.pk)
    )
    assert (change.actor, change.reason) == (world.west_editor, "报账")
    html = client.get(response["Location"]).content.decode()
    assert "45,678.90" in html and "第一期工程款" in html
    assert cell(html, 'data-figure="spent"') == "45,678.90 yuan"


def test_an_invalid_transaction_shows_the_page_again_with_the_errors(world: World, ledger: Ledger) -> None:
    client = world.client(world.west_editor)
    response = client.post(
        f"/projects/{ledger.a3.pk}/transactions/",
        {"transaction-type": "refund", "transaction-date": "2024-06-30", "transaction-amount": "10"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "The transaction was not added" in html
    assert "more than the 0.00 yuan the project received" in html
    assert 'value="10"' in html  # what was typed is kept
    assert not FundTransaction.objects.filter(project=ledger.a3, type="refund").exists()

    too_early = client.post(
        f"/projects/{ledger.a3.pk}/transactions/",
        {"transaction-type": "allocation", "transaction-date": "2020-01-01", "transaction-amount": "10"},
    )
    assert "cannot be dated before 2023-01-01" in too_early.content.decode()

    missing = client.post(f"/projects/{ledger.a3.pk}/transactions/", {"transaction-type": "allocation"})
    assert missing.status_code == 200 and "errorlist" in missing.content.decode()


def test_others_cannot_post_transactions_to_our_project(world: World, ledger: Ledger) -> None:
    data = {"transaction-type": "allocation", "transaction-date": "2024-06-30", "transaction-amount": "10"}
    for persona in (world.outsider, world.viewer, world.supervisor):
        assert world.client(persona).post(f"/projects/{ledger.a3.pk}/transactions/", data).status_code == 404
    assert world.client(None).post(f"/projects/{ledger.a3.pk}/transactions/", data).status_code == 302
    assert world.client(world.west_editor).get(f"/projects/{ledger.a3.pk}/transactions/").status_code == 405
    assert FundTransaction.objects.filter(project=ledger.a3).count() == 1


def test_outsider_does_not_see_our_project_page(world: World, ledger: Ledger) -> None:
    assert world.client(world.outsider).get(f"/projects/{ledger.a1.pk}/").status_code == 404


def test_deleting_a_project_with_transactions_from_its_page_explains_why_not(world: World, ledger: Ledger) -> None:
    client = world.client(world.west_editor)
    response = client.post(f"/projects/{ledger.a1.pk}/delete/", follow=True)
    assert "4 fund transactions: delete them first" in response.content.decode()
    assert ledger.a1.__class__.objects.filter(pk=ledger.a1.pk).exists()


def test_transaction_page_links_back_to_its_project(world: World, ledger: Ledger) -> None:
    allocation = ledger.a1.transactions.get(type="allocation")
    html = world.client(world.viewer).get(f"/transactions/{allocation.pk}/").content.decode()
    assert f'href="/projects/{ledger.a1.pk}/#transactions"' in html


def test_generic_transaction_form_offers_only_projects_the_editor_edits(world: World, ledger: Ledger) -> None:
    html = world.client(world.west_editor).get("/transactions/new/").content.decode()
    assert "A-1" in html and "B-1" not in html


def test_editing_a_transaction_on_its_edit_page_goes_through_the_rules(world: World, ledger: Ledger) -> None:
    refund = ledger.a4.transactions.get(type="refund")
    response = world.client(world.west_editor).post(
        f"/transactions/{refund.pk}/edit/",
        {"project": ledger.a4.pk, "type": "refund", "date": "2024-03-01", "amount": "100000.01", "version": 1},
    )
    assert response.status_code == 200 and "more than the 100,000.00 yuan" in response.content.decode()
    assert FundTransaction.objects.get(pk=refund.pk).amount == Decimal("20000")


def test_transaction_list_shows_amounts_in_yuan_with_thousands_separators(world: World, ledger: Ledger) -> None:
    html = world.client(world.viewer).get("/transactions/?type=allocation").content.decode()
    assert "1,000,000.00" in html and "345,678.90" in html and "9,999,999.00" not in html  # B-1 is not theirs
