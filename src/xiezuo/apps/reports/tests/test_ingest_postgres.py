"""`xiezuo ingest` against PostgreSQL (runs when DATABASE_URL names one, as `make test-postgres` does):
the raw seed and a folder of ../shared/corpus/clean_ewc reports go in, the seed is confirmed into the
ledger, and two reviewers confirming the same report at once write its records once."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection

from xiezuo.apps.conftest import World
from xiezuo.apps.people.models import Person
from xiezuo.apps.reports import services
from xiezuo.apps.reports.choices import ReportStatus
from xiezuo.apps.reports.models import Report
from xiezuo.apps.reports.tests import test_services_support as support
from xiezuo.apps.reports.tests.test_services_support import SEED_NAME, SITES, shared_path
from xiezuo.apps.visits.models import Meeting, Visit
from xiezuo.apps.visits.services import itinerary
from xiezuo.cli import main

# Fixtures shared by the reports tests.
english = support.english

pytestmark = [
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"],
        reason="runs on PostgreSQL (DATABASE_URL=postgres://…, `make test-postgres`)",
    ),
    pytest.mark.usefixtures("english"),
]


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "clean_ewc"
    folder.mkdir()
    for report in sorted(shared_path("corpus", "clean_ewc").glob("*.txt")):
        (folder / report.name).symlink_to(report)
    return folder


def ingest(*args: Any) -> int:
    return main(["ingest", "--progress", "never", *map(str, args)])


def test_the_seed_and_a_folder_go_in_and_the_seed_is_confirmed(
    world: World, corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert connection.vendor == "postgresql"
    seed = shared_path("seed", SEED_NAME)
    folder_size = len(list(corpus.glob("*.txt")))
    status = ingest(seed, corpus, "--pairing", world.ours.pk, "--user", "west", "--published", "2024-08-27")
    out = capsys.readouterr().out
    assert status == 0, out
    assert out.splitlines()[0] == f"{folder_size + 1} file(s): {folder_size + 1} new, 0 duplicate, 0 failed"

    report = Report.objects.get(file_name=SEED_NAME)
    services.confirm_report(report, actor=world.west_editor, expected_version=report.version)
    visit = Visit.objects.get(delegation="仪陇县党政代表团")
    assert [o.name for o in itinerary(visit)] == SITES
    assert visit.meetings.get().name == "龙湾区—仪陇县东西部协作工作座谈会"
    for name in ("郭宗海", "周一富"):
        assert Person.objects.get(name=name).positions.count() == 2

    assert ingest(seed, "--pairing", world.ours.pk, "--user", "east") == 0
    assert capsys.readouterr().out.splitlines()[0] == "1 file(s): 0 new, 1 duplicate, 0 failed"


@pytest.mark.django_db(transaction=True)
def test_two_reviewers_confirming_at_once_write_the_records_once(world: World) -> None:
    seed = shared_path("seed", SEED_NAME).read_bytes()
    report, _ = services.add_report(actor=world.west_editor, pairing=world.ours, data=seed, file_name=SEED_NAME)
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def review(user: Any) -> None:
        try:
            start.wait()
            services.confirm_report(report, actor=user, expected_version=report.version)
            outcomes.append("confirmed")
        except Exception as error:  # the loser waits for the lock, then finds a newer version
            outcomes.append(type(error).__name__)
        finally:
            connection.close()

    threads = [threading.Thread(target=review, args=(user,)) for user in (world.west_editor, world.east_editor)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(outcomes) == ["ConflictError", "confirmed"]
    assert (Visit.objects.count(), Meeting.objects.count(), Person.objects.count()) == (1, 1, 2)
    report.refresh_from_db()
    assert report.status == ReportStatus.CONFIRMED
