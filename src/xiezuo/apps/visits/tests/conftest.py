"""The seed report's visit: 仪陇县党政代表团 led by 郭宗海 to 龙湾区, six sites in order, a symposium."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from xiezuo.apps.conftest import World
from xiezuo.apps.people import services as people
from xiezuo.apps.people.models import Organisation, Person
from xiezuo.apps.people.tests.conftest import english, guo, yilong  # noqa: F401  (fixtures)
from xiezuo.apps.regions.services import division
from xiezuo.apps.visits import services
from xiezuo.apps.visits.models import Visit

DAY = date(2024, 8, 26)
SITES = [
    ("瑞浦兰钧能源股份有限公司", "enterprise"),
    ("麦田能源股份有限公司", "enterprise"),
    ("浙江长江汽车电子有限公司", "enterprise"),
    ("万洋科技城", "park"),
    ("国科温州研究院", "research_institute"),
    ("中国眼谷小镇", "park"),
]


@pytest.fixture
def sites(world: World) -> list[Organisation]:
    longwan = division("330303")
    return [
        people.create_organisation(
            actor=world.east_editor, data={"name": name, "type": kind, "region": longwan, "pairing": world.ours}
        )
        for name, kind in SITES
    ]


@pytest.fixture
def zhou(world: World) -> Person:
    """周一富 — 温州湾新区管委会主任、龙湾区委书记 (the host)."""
    return people.create_person(
        actor=world.east_editor,
        data={"name": "周一富", "pairing": world.ours, "region": division("330303")},
        positions=[{"title": "温州湾新区管委会主任"}, {"title": "龙湾区委书记"}],
    )


@pytest.fixture
def member(world: World, yilong: Any) -> Person:  # noqa: F811
    return people.create_person(actor=world.west_editor, data={"name": "李明", "pairing": world.ours, "region": yilong})


@pytest.fixture
def seed_visit(world: World, guo: Person, member: Person, sites: list[Organisation], yilong: Any) -> Visit:  # noqa: F811
    return services.create_visit(
        actor=world.west_editor,
        data={
            "pairing": world.ours,
            "direction": "west_to_east",
            "delegation": "仪陇县党政代表团",
            "leader": guo,
            "from_region": yilong,
            "to_region": division("330303"),
            "start_date": DAY,
        },
        m2m={"members": [member]},
        sites=sites,
    )
