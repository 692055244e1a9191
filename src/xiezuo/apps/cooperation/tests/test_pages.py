"""The generic pages of the cooperation ledgers write through the services."""

from __future__ import annotations

from django.urls import reverse

from xiezuo.apps.conftest import World
from xiezuo.apps.cooperation.models import LabourPlacement


def test_the_labour_page_adds_a_placement_and_says_why_it_refuses_one(world: World) -> None:
    client = world.client(world.west_editor)
    form = {
        "pairing": world.ours.pk,
        "period_start": "2024-01-01",
        "period_end": "2024-06-30",
        "workers": "100",
        "formerly_poor": "130",
        "destination": "nearby_in_province",
    }
    refused = client.post(reverse("labour-create"), form)
    assert refused.status_code == 200
    assert "Formerly poor workers (130) cannot be more than all workers (100)." in refused.content.decode()
    assert not LabourPlacement.objects.exists()
    added = client.post(reverse("labour-create"), {**form, "formerly_poor": "60"})
    placement = LabourPlacement.objects.get()
    assert added.status_code == 302 and added["Location"] == reverse("labour-detail", args=[placement.pk])
    assert (placement.workers, placement.formerly_poor) == (100, 60)


def test_the_secondment_page_says_an_end_before_the_start(world: World) -> None:
    response = world.client(world.east_editor).post(
        reverse("secondments-create"),
        {
            "pairing": world.ours.pk,
            "name": "张三",
            "kind": "cadre",
            "direction": "east_to_west",
            "start_date": "2024-03-01",
            "end_date": "2024-02-01",
        },
    )
    assert response.status_code == 200
    assert "A secondment cannot end (2024-02-01) before it starts (2024-03-01)." in response.content.decode()
