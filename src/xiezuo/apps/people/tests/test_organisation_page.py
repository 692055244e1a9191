"""An organisation's page: its type and region, its people through positions, the visits it was a site of."""

from __future__ import annotations

from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext

from xiezuo.apps.conftest import World
from xiezuo.apps.people.models import Organisation, Person, Position
from xiezuo.apps.people.tests.conftest import english_client
from xiezuo.apps.regions.services import division
from xiezuo.apps.visits.models import Visit, VisitSite


def ruipu(world: World) -> Organisation:
    return Organisation.objects.create(
        name="瑞浦兰钧能源股份有限公司", type="enterprise", region=division("330303"), pairing=world.ours
    )


def visit_to(organisation: Organisation, pairing: object, name: str, order: int = 1) -> Visit:
    visit = Visit.objects.create(
        pairing=pairing, direction="west_to_east", delegation=name, start_date=date(2024, 8, 26)
    )
    VisitSite.objects.create(visit=visit, order=order, organisation=organisation)
    return visit


def test_the_page_shows_type_region_people_and_visits(world: World) -> None:
    organisation = ruipu(world)
    chair = Person.objects.create(name="曹辉", pairing=world.ours)
    Position.objects.create(person=chair, title="董事长", organisation=organisation, start_date=date(2017, 1, 1))
    former = Person.objects.create(name="张三", pairing=world.ours)
    Position.objects.create(
        person=former, title="总经理", organisation=organisation, start_date=date(2017, 1, 1), end_date=date(2020, 1, 1)
    )
    visit = visit_to(organisation, world.ours, "仪陇县党政代表团", order=1)
    page = english_client(world, world.viewer).get(f"/organisations/{organisation.pk}/").content.decode()
    assert "Enterprise" in page and "龙湾区" in page
    assert page.index("曹辉") < page.index("张三")  # the current holder first
    assert f'href="/people/{chair.pk}/"' in page and "董事长" in page and "2020-01-01" in page
    assert f'href="/visits/{visit.pk}/"' in page and "仪陇县党政代表团" in page


def test_a_shared_organisation_shows_only_the_visits_the_reader_may_see(world: World) -> None:
    shared = Organisation.objects.create(name="中国眼谷小镇", type="park", pairing=None)
    ours = visit_to(shared, world.ours, "仪陇县党政代表团")
    theirs = visit_to(shared, world.theirs, "长宁县党政代表团")
    page = english_client(world, world.outsider).get(f"/organisations/{shared.pk}/").content.decode()
    assert f'href="/visits/{theirs.pk}/"' in page and f'href="/visits/{ours.pk}/"' not in page
    assert "仪陇县党政代表团" not in page


def test_the_organisation_page_queries_do_not_grow_with_people_or_visits(world: World) -> None:
    organisation = ruipu(world)
    client = english_client(world, world.viewer)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"/organisations/{organisation.pk}/").status_code == 200
        return len(captured)

    client.get(f"/organisations/{organisation.pk}/")
    few = queries()
    for n in range(6):
        person = Person.objects.create(name=f"员工{n}", pairing=world.ours)
        Position.objects.create(person=person, title="工程师", organisation=organisation)
        visit_to(organisation, world.ours, f"代表团{n}")
    assert queries() == few
