"""A person's page: positions held today first, then the rest; an inline form to add one, another to end one."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from xiezuo.apps.conftest import World
from xiezuo.apps.core.models import ChangeLog
from xiezuo.apps.people.models import Person, Position
from xiezuo.apps.people.tests.conftest import english_client


def test_positions_held_today_come_before_past_ones(world: World, guo: Person) -> None:
    Position.objects.create(person=guo, title="仪陇县县长", start_date=date(2016, 1, 1), end_date=date(2021, 5, 31))
    page = english_client(world, world.viewer).get(f"/people/{guo.pk}/").content.decode()
    today = page.index("Held today")
    assert today < page.index("仪陇县委书记") < page.index("Held before") < page.index("仪陇县县长")
    assert today < page.index("南充市政协副主席") < page.index("Held before")
    assert "2016-01-01" in page and "2021-05-31" in page


def test_a_position_starting_later_is_not_shown_as_held_today(world: World, guo: Person) -> None:
    later = timezone.localdate() + timedelta(days=30)
    Position.objects.create(person=guo, title="南充市委常委", start_date=later)
    page = english_client(world, world.viewer).get(f"/people/{guo.pk}/").content.decode()
    assert page.index("Held today") < page.index("Starting later") < page.index("南充市委常委")


def test_the_inline_form_adds_a_position(world: World, guo: Person) -> None:
    response = english_client(world, world.west_editor).post(
        f"/people/{guo.pk}/positions/add/",
        {"position-title": "仪陇县党政代表团团长", "position-start_date": "2024-08-26", "position-reason": "据报道"},
    )
    assert response.status_code == 302 and response["Location"] == f"/people/{guo.pk}/#positions"
    added = guo.positions.get(title="仪陇县党政代表团团长")
    assert added.start_date == date(2024, 8, 26)
    assert ChangeLog.objects.get(content_type__model="position", object_id=str(added.pk)).reason == "据报道"


def test_the_inline_form_shows_an_end_before_the_start_clearly_and_saves_nothing(world: World, guo: Person) -> None:
    response = english_client(world, world.west_editor).post(
        f"/people/{guo.pk}/positions/add/",
        {"position-title": "仪陇县县长", "position-start_date": "2020-03-01", "position-end_date": "2019-03-01"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "A position cannot end (2019-03-01) before it starts (2020-03-01)." in page
    assert 'value="仪陇县县长"' in page  # what they typed is still there
    assert guo.positions.count() == 2


def test_a_viewer_sees_no_forms_and_cannot_add_a_position(world: World, guo: Person) -> None:
    client = english_client(world, world.viewer)
    page = client.get(f"/people/{guo.pk}/").content.decode()
    assert f"/people/{guo.pk}/positions/add/" not in page and "/end/" not in page
    assert client.post(f"/people/{guo.pk}/positions/add/", {"position-title": "县长"}).status_code == 404
    assert guo.positions.count() == 2


def test_outsider_cannot_see_or_change_our_people(world: World, guo: Person) -> None:
    client = english_client(world, world.outsider)
    assert client.get(f"/people/{guo.pk}/").status_code == 404
    assert client.post(f"/people/{guo.pk}/positions/add/", {"position-title": "县长"}).status_code == 404
    secretary = guo.positions.get(title="仪陇县委书记")
    assert client.post(f"/positions/{secretary.pk}/end/", {"end_date": "2025-01-01"}).status_code == 404


def test_ending_a_position_from_the_person_page(world: World, guo: Person) -> None:
    client = english_client(world, world.west_editor)
    secretary = guo.positions.get(title="仪陇县委书记")
    page = client.get(f"/people/{guo.pk}/").content.decode()
    assert f'action="/positions/{secretary.pk}/end/"' in page
    response = client.post(f"/positions/{secretary.pk}/end/", {"end_date": "2025-01-05", "version": "1"})
    assert response.status_code == 302 and response["Location"] == f"/people/{guo.pk}/#positions"
    assert Position.objects.get(pk=secretary.pk).end_date == date(2025, 1, 5)


def test_ending_a_position_before_it_started_is_reported(world: World, guo: Person) -> None:
    client = english_client(world, world.west_editor)
    secretary = guo.positions.get(title="仪陇县委书记")
    response = client.post(f"/positions/{secretary.pk}/end/", {"end_date": "2020-01-01", "version": "1"}, follow=True)
    assert "before it starts (2021-06-01)" in response.content.decode()
    assert Position.objects.get(pk=secretary.pk).end_date is None


def test_the_person_page_lists_their_visits_and_meetings(world: World, guo: Person) -> None:
    from xiezuo.apps.visits.models import Meeting, Visit

    visit = Visit.objects.create(
        pairing=world.ours,
        direction="west_to_east",
        delegation="仪陇县党政代表团",
        leader=guo,
        start_date=date(2024, 8, 26),
    )
    meeting = Meeting.objects.create(
        pairing=world.ours, visit=visit, name="东西部协作工作座谈会", date=date(2024, 8, 26)
    )
    meeting.participants.set([guo])
    page = english_client(world, world.viewer).get(f"/people/{guo.pk}/").content.decode()
    assert f'href="/visits/{visit.pk}/"' in page and f'href="/meetings/{meeting.pk}/"' in page


def test_the_person_page_queries_do_not_grow_with_positions(world: World, guo: Person) -> None:
    client = english_client(world, world.west_editor)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"/people/{guo.pk}/").status_code == 200
        return len(captured)

    client.get(f"/people/{guo.pk}/")  # warm caches (content types, sessions)
    few = queries()
    for n in range(8):
        Position.objects.create(
            person=guo, title=f"职务{n}", start_date=date(2010 + n, 1, 1), end_date=date(2011 + n, 1, 1)
        )
    assert queries() == few


def test_adding_a_person_can_give_their_first_position(world: World, yilong: object) -> None:
    response = english_client(world, world.west_editor).post(
        "/people/new/",
        {
            "name": "郭宗海",
            "region": str(yilong.pk),  # type: ignore[attr-defined]
            "pairing": str(world.ours.pk),
            "position_title": "仪陇县委书记",
            "position_start_date": "2021-06-01",
        },
    )
    person = Person.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/people/{person.pk}/"
    assert [(p.title, p.start_date) for p in person.positions.all()] == [("仪陇县委书记", date(2021, 6, 1))]
    edit = english_client(world, world.west_editor).get(f"/people/{person.pk}/edit/").content.decode()
    assert "position_title" not in edit  # positions are edited on their own, once the person exists


def test_the_position_form_says_clearly_when_the_end_is_before_the_start(world: World, guo: Person) -> None:
    response = english_client(world, world.west_editor).post(
        "/positions/new/",
        {"person": str(guo.pk), "title": "仪陇县县长", "start_date": "2020-03-01", "end_date": "2019-03-01"},
    )
    assert response.status_code == 200
    assert "A position cannot end (2019-03-01) before it starts (2020-03-01)." in response.content.decode()
    assert guo.positions.count() == 2
