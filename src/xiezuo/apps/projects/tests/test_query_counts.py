"""Pages cost the same number of queries for 2 projects as for 20: no query per row."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from xiezuo.apps.conftest import World
from xiezuo.apps.pairings.choices import PairingLevel
from xiezuo.apps.pairings.models import Pairing
from xiezuo.apps.projects.models import Evidence, FundTransaction, Project
from xiezuo.apps.regions.services import division

CATEGORIES = ["industry", "labour", "talent", "consumption", "livelihood"]
STATUSES = ["planned", "in_progress", "completed", "accepted"]


def add_projects(pairings: list[Pairing], upto: int) -> None:
    """Projects (with every kind of transaction, a location and a document) until there are `upto`."""
    location = division("511324")
    for n in range(Project.objects.count(), upto):
        project = Project.objects.create(
            code=f"Q-{n:03d}",
            title=f"项目{n}",
            pairing=pairings[n % len(pairings)],
            year=2024,
            category=CATEGORIES[n % len(CATEGORIES)],
            status=STATUSES[n % len(STATUSES)],
            location=location,
        )
        for kind in ("allocation", "receipt", "disbursement", "expenditure", "refund"):
            FundTransaction.objects.create(project=project, type=kind, date=date(2024, 4, 1), amount=Decimal("100"))
        Evidence.objects.create(project=project, title=f"材料{n}", file=SimpleUploadedFile(f"m{n}.pdf", b"%PDF"))


def queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


@pytest.fixture
def pairings(world: World) -> list[Pairing]:
    """Our pairing and two sub-pairings below it (one without a name: its label reads its sides)."""
    named = Pairing.objects.create(level=PairingLevel.SUB, parent=world.ours, name="村企结对")
    unnamed = Pairing.objects.create(level=PairingLevel.SUB, parent=world.ours)
    unnamed.east_regions.set([division("330303")])
    unnamed.west_regions.set([division("511324")])
    return [world.ours, named, unnamed]


PAGES: dict[str, Callable[[World], str]] = {
    "pairing page": lambda world: f"/pairings/{world.ours.pk}/",
    "home page": lambda world: "/",
    "project list": lambda world: "/projects/",
    "filtered project list": lambda world: f"/projects/?pairing__within={world.ours.pk}&category=industry",
    "transaction list": lambda world: "/transactions/",
}


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("persona", ["west_editor", "admin"])
def test_pages_cost_the_same_for_2_and_20_projects(
    world: World, pairings: list[Pairing], page: str, persona: str
) -> None:
    client = world.client(getattr(world, persona))
    url = PAGES[page](world)
    add_projects(pairings, 2)
    queries(client, url)  # warm caches that are filled once per process (content types)
    with_2 = queries(client, url)
    add_projects(pairings, 20)
    assert queries(client, url) == with_2


def test_project_page_costs_the_same_for_2_and_20_transactions_and_documents(
    world: World, pairings: list[Pairing]
) -> None:
    add_projects(pairings, 1)
    project = Project.objects.get()
    client = world.client(world.west_editor)
    url = f"/projects/{project.pk}/"
    queries(client, url)
    with_few = queries(client, url)
    for n in range(15):
        FundTransaction.objects.create(project=project, type="expenditure", date=date(2024, 5, n + 1), amount=1)
        Evidence.objects.create(project=project, title=f"附件{n}", file=SimpleUploadedFile(f"f{n}.pdf", b"%PDF"))
    assert queries(client, url) == with_few


def test_the_board_is_two_queries_besides_the_users_scope(world: World, pairings: list[Pairing]) -> None:
    from xiezuo.apps.core.scoping import scope_of
    from xiezuo.apps.projects.figures import pairing_figures

    add_projects(pairings, 20)
    scope_of(world.west_editor)  # computed once per request, outside the board
    with CaptureQueriesContext(connection) as captured:
        pairing_figures(world.ours, world.west_editor)
    assert len(captured.captured_queries) == 2
