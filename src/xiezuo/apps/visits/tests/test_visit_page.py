"""A visit's page: delegation, leader, members, from/to, dates, the itinerary in order, its meetings, and
inline forms to reorder the itinerary and add a meeting."""

from __future__ import annotations

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from xiezuo.apps.conftest import World
from xiezuo.apps.people.models import Organisation, Person
from xiezuo.apps.people.tests.conftest import english_client
from xiezuo.apps.visits import services
from xiezuo.apps.visits.models import Meeting, Visit, VisitSite
from xiezuo.apps.visits.tests.conftest import DAY, SITES


def test_the_visit_page_shows_the_delegation_and_the_itinerary_in_order(world: World, seed_visit: Visit) -> None:
    page = english_client(world, world.viewer).get(f"/visits/{seed_visit.pk}/").content.decode()
    for text in ("仪陇县党政代表团", "郭宗海", "李明", "仪陇县", "龙湾区", "2024-08-26", "West side visits east"):
        assert text in page, text
    itinerary = page[page.index('id="itinerary"') :]
    positions = [itinerary.index(name) for name, _ in SITES]
    assert positions == sorted(positions)
    first = Organisation.objects.get(name=SITES[0][0])
    assert f'href="/organisations/{first.pk}/"' in page


def test_the_visit_page_lists_its_meetings_with_participants(
    world: World, seed_visit: Visit, guo: Person, zhou: Person
) -> None:
    meeting = Meeting.objects.create(
        pairing=world.ours,
        visit=seed_visit,
        name="龙湾区—仪陇县东西部协作工作座谈会",
        date=DAY,
        outcome="共谋发展新机遇",
    )
    meeting.participants.set([guo, zhou])
    page = english_client(world, world.viewer).get(f"/visits/{seed_visit.pk}/").content.decode()
    meetings = page[page.index('id="meetings"') :]
    assert f'href="/meetings/{meeting.pk}/"' in meetings and "周一富" in meetings and "共谋发展新机遇" in meetings


def test_the_itinerary_form_reorders_the_sites(world: World, seed_visit: Visit) -> None:
    client = english_client(world, world.east_editor)
    page = client.get(f"/visits/{seed_visit.pk}/").content.decode()
    assert f'action="/visits/{seed_visit.pk}/itinerary/"' in page
    assert "瑞浦兰钧能源股份有限公司\n麦田能源股份有限公司" in page  # the current order, one a line
    reordered = "\n".join(name for name, _ in reversed(SITES))
    response = client.post(
        f"/visits/{seed_visit.pk}/itinerary/", {"itinerary-sites": reordered, "itinerary-version": "1"}
    )
    assert response.status_code == 302 and response["Location"] == f"/visits/{seed_visit.pk}/#itinerary"
    assert [o.name for o in services.itinerary(seed_visit)] == [name for name, _ in reversed(SITES)]


def test_the_itinerary_form_names_the_unknown_organisations(world: World, seed_visit: Visit) -> None:
    response = english_client(world, world.east_editor).post(
        f"/visits/{seed_visit.pk}/itinerary/",
        {"itinerary-sites": "中国眼谷小镇\n温州机场\n温州南站", "itinerary-version": "1"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Not found among the organisations of this pairing or the shared ones: 温州机场、温州南站." in page
    assert "中国眼谷小镇\n温州机场\n温州南站" in page  # what they typed is kept
    assert VisitSite.objects.filter(visit=seed_visit).count() == 6


def test_a_stale_itinerary_form_says_so_and_keeps_the_text(world: World, seed_visit: Visit) -> None:
    services.set_itinerary(seed_visit, services.itinerary(seed_visit)[:2], actor=world.west_editor, expected_version=1)
    response = english_client(world, world.east_editor).post(
        f"/visits/{seed_visit.pk}/itinerary/", {"itinerary-sites": "万洋科技城", "itinerary-version": "1"}
    )
    page = response.content.decode()
    assert response.status_code == 200 and "changed by someone else" in page
    assert 'name="itinerary-version" value="2"' in page
    assert VisitSite.objects.filter(visit=seed_visit).count() == 2


def test_the_inline_form_adds_a_meeting_to_the_visit(
    world: World, seed_visit: Visit, guo: Person, zhou: Person
) -> None:
    client = english_client(world, world.east_editor)
    response = client.post(
        f"/visits/{seed_visit.pk}/meetings/add/",
        {
            "meeting-name": "龙湾区—仪陇县东西部协作工作座谈会",
            "meeting-date": "2024-08-26",
            "meeting-participants": [str(guo.pk), str(zhou.pk)],
            "meeting-outcome": "双方就未来合作进行了深入交流",
        },
    )
    assert response.status_code == 302 and response["Location"] == f"/visits/{seed_visit.pk}/#meetings"
    meeting = Meeting.objects.get()
    assert (meeting.visit, meeting.pairing) == (seed_visit, world.ours)
    assert sorted(p.name for p in meeting.participants.all()) == ["周一富", "郭宗海"]


def test_the_add_meeting_form_starts_with_the_delegation_and_the_first_day(world: World, seed_visit: Visit) -> None:
    page = english_client(world, world.east_editor).get(f"/visits/{seed_visit.pk}/").content.decode()
    form = page[page.index(f'action="/visits/{seed_visit.pk}/meetings/add/"') :]
    assert 'value="2024-08-26"' in form
    assert f'value="{seed_visit.leader_id}" selected' in form


def test_the_add_meeting_form_reports_a_date_outside_the_visit(world: World, seed_visit: Visit) -> None:
    response = english_client(world, world.east_editor).post(
        f"/visits/{seed_visit.pk}/meetings/add/", {"meeting-name": "座谈会", "meeting-date": "2024-08-20"}
    )
    assert response.status_code == 200
    assert "The meeting (2024-08-20) is before its visit starts (2024-08-26)." in response.content.decode()
    assert not Meeting.objects.exists()


def test_outsider_cannot_add_a_meeting_to_our_visit_through_the_page(world: World, seed_visit: Visit) -> None:
    client = english_client(world, world.outsider)
    response = client.post(
        f"/visits/{seed_visit.pk}/meetings/add/", {"meeting-name": "座谈会", "meeting-date": "2024-08-26"}
    )
    assert response.status_code == 404
    assert client.post(f"/visits/{seed_visit.pk}/itinerary/", {"itinerary-sites": ""}).status_code == 404
    assert not Meeting.objects.exists() and VisitSite.objects.count() == 6


def test_a_viewer_sees_no_inline_forms(world: World, seed_visit: Visit) -> None:
    client = english_client(world, world.viewer)
    page = client.get(f"/visits/{seed_visit.pk}/").content.decode()
    assert "/itinerary/" not in page and "/meetings/add/" not in page
    assert client.post(f"/visits/{seed_visit.pk}/meetings/add/", {"meeting-name": "x"}).status_code == 404


def test_the_visit_page_queries_do_not_grow_with_sites_or_meetings(world: World, seed_visit: Visit) -> None:
    client = english_client(world, world.east_editor)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"/visits/{seed_visit.pk}/").status_code == 200
        return len(captured)

    services.set_itinerary(seed_visit, services.itinerary(seed_visit)[:1], actor=world.east_editor, expected_version=1)
    Meeting.objects.create(pairing=world.ours, visit=seed_visit, name="座谈会", date=DAY)  # one, to compare with many
    client.get(f"/visits/{seed_visit.pk}/")
    few = queries()
    organisations = list(Organisation.objects.all())
    services.set_itinerary(seed_visit, organisations, actor=world.east_editor, expected_version=2)
    for n in range(5):
        meeting = Meeting.objects.create(pairing=world.ours, visit=seed_visit, name=f"座谈会{n}", date=DAY)
        meeting.participants.set(Person.objects.all())
    assert queries() == few


def test_the_visit_form_says_clearly_when_the_end_is_before_the_start(world: World, guo: Person) -> None:
    response = english_client(world, world.west_editor).post(
        "/visits/new/",
        {
            "pairing": str(world.ours.pk),
            "direction": "west_to_east",
            "delegation": "仪陇县党政代表团",
            "leader": str(guo.pk),
            "start_date": "2024-08-26",
            "end_date": "2024-08-24",
        },
    )
    assert response.status_code == 200
    assert "A visit cannot end (2024-08-24) before it starts (2024-08-26)." in response.content.decode()
    assert not Visit.objects.exists()


def test_a_visit_recorded_through_the_form_opens_on_its_page(world: World, guo: Person) -> None:
    response = english_client(world, world.west_editor).post(
        "/visits/new/",
        {
            "pairing": str(world.ours.pk),
            "direction": "west_to_east",
            "delegation": "仪陇县党政代表团",
            "leader": str(guo.pk),
            "members": [str(guo.pk)],
            "start_date": "2024-08-26",
        },
    )
    visit = Visit.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/visits/{visit.pk}/"
    page = english_client(world, world.west_editor).get(f"/visits/{visit.pk}/").content.decode()
    assert "No sites recorded." in page and "<details open>" in page  # the itinerary form is ready to fill


def test_the_participants_are_punctuated_in_the_page_s_language(
    world: World, seed_visit: Visit, guo: Person, zhou: Person
) -> None:
    meeting = Meeting.objects.create(pairing=world.ours, visit=seed_visit, name="东西部协作工作座谈会", date=DAY)
    meeting.participants.set([guo, zhou])
    names = [str(p) for p in meeting.participants.all()]

    chinese = world.client(world.viewer).get(f"/visits/{seed_visit.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    english = english_client(world, world.viewer).get(f"/visits/{seed_visit.pk}/")

    assert f"参会人员：{names[0]}</a>、" in re.sub(r"<a [^>]*>", "", chinese.content.decode())
    assert f"Participants: {names[0]}</a>, " in re.sub(r"<a [^>]*>", "", english.content.decode())
