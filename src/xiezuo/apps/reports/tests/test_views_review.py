"""A report's page: the original beside its repair, every change marked and explained, the diagnosis; the
proposals, each new or matching a record, edited, skipped, saved and confirmed (or the report rejected
with its reason); the records it created linked both ways. Editors review; viewers read; others get 404."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.test import Client

from xiezuo.apps.conftest import World
from xiezuo.apps.people.models import Organisation, Person
from xiezuo.apps.reports import services
from xiezuo.apps.reports.forms import ProposalForm
from xiezuo.apps.reports.models import Report
from xiezuo.apps.visits.models import Meeting, Visit
from xiezuo.textrepair.mirror import simulate

VISIT = (
    "8月26日，南充市政协副主席、仪陇县委书记郭宗海带领仪陇县党政代表团来龙湾区考察交流。"
    "温州湾新区管委会主任、龙湾区委书记周一富参加座谈会。"
    "考察中，仪陇县党政代表团一行先后前往瑞浦兰钧能源股份有限公司、麦田能源股份有限公司、万洋科技城等地。"
    "在随后召开的龙湾区—仪陇县东西部协作工作座谈会上，双方就未来合作进行了深入交流。"
)
MEETING = "龙湾区—仪陇县东西部协作工作座谈会"


@pytest.fixture
def report(world: World) -> Report:
    """The visit as a mirror site damaged it (traditional characters, pinyin, stray commas), in our pairing."""
    added, created = services.add_report(
        actor=world.west_editor,
        pairing=world.ours,
        text=simulate(VISIT, seed=3),
        file_name="longwan.txt",
        source_url="https://www.longwan.gov.cn/art/2024/8/27/art_1.html",
        published=datetime.date(2024, 8, 27),
    )
    assert created
    return added


def page(client: Client, report: Report) -> str:
    response = client.get(f"/reports/{report.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def review_data(report: Report, **changes: Any) -> dict[str, Any]:
    """The review form as the page sends it unchanged, with `changes` ({"visits.visit-1.sites": "…"})."""
    form = ProposalForm(proposal=report.proposal, initial={"version": report.version})
    data: dict[str, Any] = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        data[name] = value
    data.update(changes)
    return data


def item_of(report: Report, kind: str, **values: Any) -> dict[str, Any]:
    return next(i for i in report.proposal[kind] if all(i.get(k) == v for k, v in values.items()))


def test_the_original_is_shown_beside_the_repair_with_every_change_marked_and_explained(
    world: World, report: Report
) -> None:
    html = page(world.client(world.viewer), report)
    original = html[html.index('class="report-text original"') : html.index('class="report-text repaired"')]
    repaired = html[html.index('class="report-text repaired"') : html.index("</section>", html.index("report-text"))]
    changes_left = re.findall(r'<mark class="change[^"]*" data-change="(\d+)"', original)
    changes_right = re.findall(r'<mark class="change[^"]*" data-change="(\d+)"', repaired)
    assert changes_left and changes_left == changes_right  # each change marked on both sides
    assert len(changes_left) == len(set(changes_left))
    # Each mark says its layer, what it was and what it became.
    assert re.search(
        r'<mark class="change layer-traditional" data-change="\d+" title="[^"]*儀 → 仪[^"]*">儀</mark>', original
    )
    assert 'class="change layer-pinyin deleted"' in repaired  # an annotation removed
    assert "layer-punctuation" in repaired
    text = re.sub(r"<[^>]+>", "", original), re.sub(r"<[^>]+>", "", repaired)
    assert "儀隴(lǒng)縣黨(dǎng)政代表團(tuán)" in text[0] and "仪陇县党政代表团" in text[1]
    # The diagnosis: the layers found, with the counts.
    diagnosis = html[html.index('id="diagnosis"') : html.index('id="texts"')]
    for layer in ("traditional", "pinyin", "punctuation"):
        assert f"layer-{layer}" in diagnosis
    assert "1.00" in diagnosis
    # The header: pairing, status, publication date, source.
    assert f'href="/pairings/{world.ours.pk}/"' in html
    assert 'data-status="pending"' in html and "2024-08-27" in html
    assert 'href="https://www.longwan.gov.cn/art/2024/8/27/art_1.html"' in html


def test_each_proposal_says_whether_it_matches_a_record_or_is_new(world: World, report: Report) -> None:
    html = page(world.client(world.west_editor), report)
    for kind in ("visits", "people", "organisations", "regions", "pairings"):
        assert f'<fieldset class="proposal-group" data-kind="{kind}">' in html, kind
    longwan = item_of(report, "regions", name="龙湾区")
    assert f'data-match="regions.region:{longwan["match"]["pk"]}"' in html
    assert f'href="/regions/{longwan["match"]["pk"]}/"' in html
    assert f'data-match="pairings.pairing:{world.ours.pk}"' in html
    visit = re.search(r'data-item="visit-1".*?</div>\s*</div>', html, re.DOTALL)
    assert visit is not None and 'class="new"' in visit.group(0)
    assert 'name="visits.visit-1.sites"' in html and 'name="people.person-1.positions"' in html
    assert 'name="visits.visit-1.action"' in html


def test_west_editor_edits_and_skips_proposals_then_confirms_them(world: World, report: Report) -> None:
    client = world.client(world.west_editor)
    wanyang = item_of(report, "organisations", name="万洋科技城")["id"]
    response = client.post(
        f"/reports/{report.pk}/review/",
        review_data(
            report,
            **{
                "visits.visit-1.sites": "瑞浦兰钧能源股份有限公司\n麦田能源股份有限公司",
                f"organisations.{wanyang}.action": "skip",
                "save": "1",
            },
        ),
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.version == 2
    assert item_of(report, "visits")["sites"] == ["瑞浦兰钧能源股份有限公司", "麦田能源股份有限公司"]
    assert item_of(report, "organisations", id=wanyang)["action"] == "skip"
    assert not Visit.objects.exists()  # saved, not confirmed

    response = client.post(f"/reports/{report.pk}/review/", review_data(report, confirm="1"))
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == "confirmed"
    visit = Visit.objects.get(delegation="仪陇县党政代表团")
    assert [s.organisation.name for s in visit.sites.order_by("order")] == [
        "瑞浦兰钧能源股份有限公司",
        "麦田能源股份有限公司",
    ]
    assert not Organisation.objects.filter(name="万洋科技城").exists()
    assert Meeting.objects.filter(visit=visit, name=MEETING).exists()
    assert set(Person.objects.get(name="郭宗海").positions.values_list("title", flat=True)) == {
        "南充市政协副主席",
        "仪陇县委书记",
    }


def test_confirming_sends_the_edits_on_the_page_too(world: World, report: Report) -> None:
    client = world.client(world.east_editor)
    response = client.post(
        f"/reports/{report.pk}/review/",
        review_data(report, **{"visits.visit-1.delegation": "仪陇县考察团", "confirm": "1"}),
    )
    assert response.status_code == 302
    assert Visit.objects.get().delegation == "仪陇县考察团"


def test_a_confirmed_report_and_its_records_link_to_each_other(world: World, report: Report) -> None:
    client = world.client(world.west_editor)
    client.post(f"/reports/{report.pk}/review/", review_data(report, confirm="1"))
    visit = Visit.objects.get()
    person = Person.objects.get(name="周一富")
    meeting = Meeting.objects.get()
    html = page(client, report)
    assert 'data-status="confirmed"' in html
    records = html[html.index('id="records"') : html.index("</section>", html.index('id="records"'))]
    for url in (f"/visits/{visit.pk}/", f"/people/{person.pk}/", f"/meetings/{meeting.pk}/"):
        assert f'href="{url}"' in records, url
    assert 'data-created="1"' in records and 'data-created="0"' in records  # created, and linked regions
    assert 'name="confirm"' not in html and f'action="/reports/{report.pk}/reject/"' not in html
    for url in (f"/visits/{visit.pk}/", f"/people/{person.pk}/", f"/meetings/{meeting.pk}/"):
        record_page = client.get(url).content.decode()
        assert f'<a href="/reports/{report.pk}/" data-report="{report.pk}">' in record_page, url
    # A viewer of the pairing reaches it too; a record without reports shows no section.
    assert f'data-report="{report.pk}"' in world.client(world.viewer).get(f"/visits/{visit.pk}/").content.decode()
    assert 'id="reports"' not in client.get(f"/pairings/{world.theirs.pk}/").content.decode()


def test_a_report_is_rejected_with_its_reason_and_kept(world: World, report: Report) -> None:
    client = world.client(world.west_editor)
    refused = client.post(f"/reports/{report.pk}/reject/", {"reason": ""})
    assert refused.status_code == 200 and 'class="errorlist' in refused.content.decode()
    response = client.post(f"/reports/{report.pk}/reject/", {"reason": "转载稿，原稿已录入"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.status, report.reason) == ("rejected", "转载稿，原稿已录入")
    html = page(client, report)
    assert 'id="rejection"' in html and "转载稿，原稿已录入" in html
    assert 'name="confirm"' not in html
    assert not Visit.objects.exists() and not Person.objects.exists()


def test_an_edit_the_services_refuse_is_shown_on_its_item(world: World, report: Report) -> None:
    client = world.client(world.west_editor)
    response = client.post(
        f"/reports/{report.pk}/review/", review_data(report, **{"visits.visit-1.date": "", "confirm": "1"})
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r'class="proposal-item has-error" data-kind="visits" data-item="visit-1"', html)
    assert not Visit.objects.exists()
    report.refresh_from_db()
    assert report.status == "pending"


def test_a_review_of_an_old_version_is_refused_with_a_conflict(world: World, report: Report) -> None:
    stale = review_data(report, save="1")
    east = world.client(world.east_editor)
    assert (
        east.post(
            f"/reports/{report.pk}/review/",
            review_data(report, save="1", **{"visits.visit-1.delegation": "仪陇县考察团"}),
        ).status_code
        == 302
    )
    response = world.client(world.west_editor).post(
        f"/reports/{report.pk}/review/", {**stale, "visits.visit-1.delegation": "仪陇代表团"}
    )
    assert response.status_code == 409
    report.refresh_from_db()
    assert item_of(report, "visits")["delegation"] == "仪陇县考察团"


def test_viewer_reads_a_report_but_cannot_review_confirm_or_reject_it(world: World, report: Report) -> None:
    client = world.client(world.viewer)
    html = page(client, report)
    assert f'action="/reports/{report.pk}/review/"' not in html
    assert 'data-kind="visits"' in html  # the proposals, read-only
    assert client.post(f"/reports/{report.pk}/review/", review_data(report, confirm="1")).status_code == 404
    assert client.post(f"/reports/{report.pk}/reject/", {"reason": "不要"}).status_code == 404
    report.refresh_from_db()
    assert report.status == "pending" and not Visit.objects.exists()


def test_outsider_gets_404_on_our_reports(world: World, report: Report) -> None:
    client = world.client(world.outsider)
    for url in (f"/reports/{report.pk}/", f"/reports/{report.pk}/edit/", f"/reports/{report.pk}/history/"):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/reports/{report.pk}/review/", review_data(report, confirm="1")).status_code == 404
    assert client.post(f"/reports/{report.pk}/reject/", {"reason": "不要"}).status_code == 404
    assert f'href="/reports/{report.pk}/"' not in client.get("/reports/").content.decode()
    report.refresh_from_db()
    assert report.status == "pending"


def test_a_rejected_report_can_be_reopened_for_review(world: World, report: Report) -> None:
    client = world.client(world.west_editor)
    client.post(f"/reports/{report.pk}/reject/", {"reason": "日期不对"})
    assert world.client(world.viewer).post(f"/reports/{report.pk}/reopen/").status_code == 404
    assert client.post(f"/reports/{report.pk}/reopen/").status_code == 302
    report.refresh_from_db()
    assert report.status == "pending"
    assert 'name="confirm"' in page(client, report)
