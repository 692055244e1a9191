"""Every kind of record, exported and imported back unchanged: the check says nothing would change."""

from __future__ import annotations

import pytest

from xiezuo.apps.conftest import World, make_record
from xiezuo.apps.core.models import ChangeLog, ImportJob
from xiezuo.apps.core.registry import ledger_types
from xiezuo.apps.core.tests.sheets import download, job_of, problems, upload

pytestmark = pytest.mark.usefixtures("import_media")

TYPES = list(ledger_types())
REFERENCE_DATA = {"Region", "Indicator", "PeriodLock"}


def _persona(ledger_type: object) -> str:
    return "admin" if ledger_type.model.__name__ in REFERENCE_DATA else "east_editor"  # type: ignore[attr-defined]


def _record(world: World, ledger_type: object) -> object:
    model = ledger_type.model  # type: ignore[attr-defined]
    return world.ours if model.__name__ == "Pairing" else make_record(model, world.ours)


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
@pytest.mark.parametrize("ledger_type", TYPES, ids=[t.slug for t in TYPES])
def test_an_exported_file_imports_back_with_nothing_to_change(world: World, ledger_type: object, fmt: str) -> None:
    record = _record(world, ledger_type)
    client = world.client(getattr(world, _persona(ledger_type)))
    slug = ledger_type.slug  # type: ignore[attr-defined]
    exported = download(client, f"/{slug}/export.{fmt}")
    changes_before = ChangeLog.objects.count()

    job = job_of(upload(client, slug, exported, name=f"export.{fmt}"))

    assert problems(job) == []
    assert job.status == ImportJob.Status.READY
    assert job.preview["created"] == 0 and job.preview["updated"] == 0
    assert job.preview["unchanged"] >= 1
    page = client.get(f"/{slug}/import/{job.pk}/").content.decode()
    assert 'id="nothing-to-change"' in page and 'id="confirm-import"' not in page
    assert ChangeLog.objects.count() == changes_before
    record.refresh_from_db()  # type: ignore[attr-defined]
    assert record.version == 1  # type: ignore[attr-defined]
