"""Every ledger page against every persona: who may list, read, add, edit, delete, see the history.

The records sit in "our" county pairing (温州湾新区、龙湾区 ↔ 仪陇县). The east and west editors of that
pairing edit them; its viewer and the Sichuan supervisor read them; the editor of the neighbouring
pairing neither reads nor edits them. Regions, the indicator catalogue and period locks are reference
data: everyone reads, administrators write.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from xiezuo.apps.conftest import World, make_record
from xiezuo.apps.core.registry import ledger_types

TYPES = [t for t in ledger_types()]
# Reference data: every signed-in user reads it, administrators write it.
REFERENCE_DATA = {"Region", "Indicator", "PeriodLock"}
PERSONAS = ["east_editor", "west_editor", "viewer", "supervisor", "outsider", "admin"]

# persona -> (reads our records, edits our records)
RIGHTS = {
    "east_editor": (True, True),
    "west_editor": (True, True),
    "viewer": (True, False),
    "supervisor": (True, False),
    "outsider": (False, False),
    "admin": (True, True),
}


def record_in_ours(world: World, ledger_type: object) -> object:
    model = ledger_type.model  # type: ignore[attr-defined]
    if model.__name__ == "Pairing":
        return world.ours
    return make_record(model, world.ours)


def expected_rights(ledger_type: object, persona: str) -> tuple[bool, bool]:
    if ledger_type.model.__name__ in REFERENCE_DATA:  # type: ignore[attr-defined]
        return True, persona == "admin"
    return RIGHTS[persona]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("ledger_type", TYPES, ids=[t.slug for t in TYPES])
def test_reading_pages(world: World, ledger_type: object, persona: str) -> None:
    record = record_in_ours(world, ledger_type)
    client = world.client(getattr(world, persona))
    reads, _ = expected_rights(ledger_type, persona)
    slug = ledger_type.slug  # type: ignore[attr-defined]
    listing = client.get(reverse(f"{slug}-list"))
    assert listing.status_code == 200
    link = reverse(f"{slug}-detail", args=[record.pk])  # type: ignore[attr-defined]
    assert (f'href="{link}"' in listing.content.decode()) == reads
    for page in ("detail", "history"):
        response = client.get(reverse(f"{slug}-{page}", args=[record.pk]))  # type: ignore[attr-defined]
        assert response.status_code == (200 if reads else 404), page


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("ledger_type", TYPES, ids=[t.slug for t in TYPES])
def test_writing_pages(world: World, ledger_type: object, persona: str) -> None:
    record = record_in_ours(world, ledger_type)
    client = world.client(getattr(world, persona))
    _, edits = expected_rights(ledger_type, persona)
    slug = ledger_type.slug  # type: ignore[attr-defined]
    for page in ("update", "delete"):
        response = client.get(reverse(f"{slug}-{page}", args=[record.pk]))  # type: ignore[attr-defined]
        assert response.status_code == (200 if edits else 404), page
    deleted = client.post(reverse(f"{slug}-delete", args=[record.pk]))  # type: ignore[attr-defined]
    model = ledger_type.model  # type: ignore[attr-defined]
    if edits:
        assert deleted.status_code == 302
        assert not model.objects.filter(pk=record.pk).exists()  # type: ignore[attr-defined]
    else:
        assert deleted.status_code == 404
        assert model.objects.filter(pk=record.pk).exists()  # type: ignore[attr-defined]


def test_anonymous_visitors_are_sent_to_log_in(world: World) -> None:
    client = world.client(None)
    for ledger_type in TYPES:
        response = client.get(reverse(f"{ledger_type.slug}-list"))
        assert response.status_code == 302 and reverse("login") in response["Location"]
