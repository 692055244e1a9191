"""People of the seed report, written through the services by the west-side editor of "our" pairing."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from xiezuo.apps.conftest import World
from xiezuo.apps.people import services
from xiezuo.apps.people.models import Person
from xiezuo.apps.regions.services import division


@pytest.fixture(autouse=True)
def english() -> Any:
    """Messages in the English source language, whatever translations exist by then."""
    with translation.override("en"):
        yield


def english_client(world: World, user: Any) -> Client:
    client = world.client(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def yilong(world: World) -> Any:
    return division("511324")


@pytest.fixture
def guo(world: World, yilong: Any) -> Person:
    """郭宗海 — 南充市政协副主席、仪陇县委书记, of 仪陇县."""
    return services.create_person(
        actor=world.west_editor,
        data={"name": "郭宗海", "pairing": world.ours, "region": yilong},
        positions=[
            {"title": "仪陇县委书记", "region": yilong, "start_date": date(2021, 6, 1)},
            {"title": "南充市政协副主席", "region": division("511300"), "start_date": date(2022, 1, 10)},
        ],
    )
