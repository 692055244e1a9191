"""A pairing's editors save its page without touching what they may not change (its parent, its sides)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from xiezuo.apps.conftest import World
from xiezuo.apps.pairings.models import Pairing


@pytest.fixture(autouse=True)
def _english(settings: Any) -> None:
    settings.LANGUAGE_CODE = "en"


def form_data(pairing: Pairing, **changes: object) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": pairing.name,
        "level": pairing.level,
        "kind": pairing.kind,
        "parent": pairing.parent_id or "",
        "east_regions": [r.pk for r in pairing.east_regions.all()],
        "west_regions": [r.pk for r in pairing.west_regions.all()],
        "start_date": pairing.start_date.isoformat() if pairing.start_date else "",
        "note": "2024年起共建产业园",
        "version": pairing.version,
    }
    data.update(changes)
    return data


def test_an_editor_saves_their_county_pairing_inside_a_city_pairing_they_do_not_edit(world: World) -> None:
    client = world.client(world.west_editor)
    response = client.post(reverse("pairings-update", args=[world.ours.pk]), form_data(world.ours))
    assert response.status_code == 302, response.content.decode()[:2000]
    world.ours.refresh_from_db()
    assert (world.ours.note, world.ours.parent_id) == ("2024年起共建产业园", world.city.pk)


def test_the_parent_offered_is_only_the_current_one_or_one_they_edit(world: World) -> None:
    client = world.client(world.west_editor)
    response = client.post(
        reverse("pairings-update", args=[world.ours.pk]), form_data(world.ours, parent=world.theirs.pk)
    )
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    world.ours.refresh_from_db()
    assert world.ours.parent_id == world.city.pk
