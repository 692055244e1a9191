"""Adding reports on /reports/new/: pasted text and many files in one go, each new, already there or
failed with its reason, the rest of the batch going in whatever one file does; only editors add."""

from __future__ import annotations

import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from xiezuo.apps.conftest import World
from xiezuo.apps.reports.models import Report

DAMAGED = "8月26日,,儀隴縣黨政代表團(tuán)來(lái)龍灣區(qū)考察交流,,共謀發(fā)展新機(jī)遇,。"
CLEAN = "9月3日，龙湾区党政代表团赴仪陇县考察东西部协作项目，召开联席会议。"
TRADITIONAL = "臺北市政府代表團於九月三日赴儀隴縣考察東西部協作項目，並召開聯席會議，雙方簽訂勞務協作協議。"
PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>龙湾新闻网</title></head>
<body><article><h1>仪陇县代表团来龙湾考察</h1><p>{body}</p><p>{body}</p><p>{body}</p></article></body></html>"""


def post(client: Client, world: World, *files: SimpleUploadedFile, **fields: str) -> str:
    data = {"pairing": str(world.ours.pk), "source_url": "", "published": "2024-08-27", **fields}
    response = client.post("/reports/new/", {**data, "files": list(files)})
    assert response.status_code == 200
    return response.content.decode()


def outcomes(html: str) -> dict[str, str]:
    """file name -> new | duplicate | failed, from the result page."""
    rows = re.findall(r'<tr class="outcome \w+" data-outcome="(\w+)">\s*<td class="name">([^<]*)</td>', html)
    return {name: status for status, name in rows}


def test_west_editor_pastes_a_report_and_uploads_files_in_utf8_gbk_and_big5(world: World) -> None:
    client = world.client(world.west_editor)
    html = post(
        client,
        world,
        SimpleUploadedFile("utf8.txt", DAMAGED.encode("utf-8")),
        SimpleUploadedFile("gbk.txt", CLEAN.encode("gbk")),
        SimpleUploadedFile("big5.txt", TRADITIONAL.encode("big5")),
        text="10月12日，温州湾新区管委会一行赴仪陇县回访，签订劳务协作协议。",
        source_url="https://www.longwan.gov.cn/art/2024/8/27/art_1.html",
    )
    found = outcomes(html)
    assert list(found.values()) == ["new", "new", "new", "new"]
    assert list(found)[1:] == ["utf8.txt", "gbk.txt", "big5.txt"]
    assert Report.objects.filter(pairing=world.ours).count() == 4
    assert Report.objects.get(file_name="big5.txt").original == TRADITIONAL
    gbk = Report.objects.get(file_name="gbk.txt")
    assert gbk.original == CLEAN and str(gbk.published) == "2024-08-27" and gbk.added_by == world.west_editor
    for report in Report.objects.all():
        assert f'href="/reports/{report.pk}/"' in html


def test_a_saved_web_page_goes_in_as_its_article(world: World) -> None:
    client = world.client(world.east_editor)
    html = post(client, world, SimpleUploadedFile("page.html", PAGE.format(body=CLEAN).encode("utf-8")))
    assert set(outcomes(html).values()) == {"new"}
    report = Report.objects.get()
    assert CLEAN in report.original and "<article>" not in report.original


def test_bad_files_are_named_with_their_reason_and_the_good_file_in_the_same_batch_still_goes_in(
    world: World,
) -> None:
    from xiezuo.apps.reports.ingest import MAX_REPORT_BYTES

    client = world.client(world.west_editor)
    html = post(
        client,
        world,
        SimpleUploadedFile("empty.txt", b""),
        SimpleUploadedFile("photo.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4),
        SimpleUploadedFile("garbage.txt", bytes([0xFF, 0x80, 0xFE, 0x81]) * 50),
        SimpleUploadedFile("menu.html", "<html><body><nav><a href='/'>首页</a></nav></body></html>".encode()),
        SimpleUploadedFile("huge.txt", CLEAN.encode("utf-8") * (MAX_REPORT_BYTES // 50)),
        SimpleUploadedFile("good.txt", DAMAGED.encode("utf-8")),
    )
    found = outcomes(html)
    assert found == {
        "empty.txt": "failed",
        "photo.txt": "failed",
        "garbage.txt": "failed",
        "menu.html": "failed",
        "huge.txt": "failed",
        "good.txt": "new",
    }
    reasons = re.findall(r'<td class="reason">([^<]*)</td>', html)
    assert len(reasons) == 5
    for name in ("empty.txt", "photo.txt", "garbage.txt", "menu.html", "huge.txt"):
        assert any(name in reason for reason in reasons), name  # each message names its file
    assert Report.objects.get().file_name == "good.txt"


def test_the_same_report_again_is_already_there_with_a_link_to_it(world: World) -> None:
    client = world.client(world.west_editor)
    post(client, world, SimpleUploadedFile("first.txt", DAMAGED.encode("utf-8")))
    first = Report.objects.get()
    # The same text, as GB18030 and spaced otherwise: the same report.
    html = post(client, world, SimpleUploadedFile("again.txt", f"  {DAMAGED}\n\n".encode("gb18030")))
    assert outcomes(html) == {"again.txt": "duplicate"}
    assert f'href="/reports/{first.pk}/"' in html
    assert Report.objects.count() == 1


def test_nothing_to_add_is_said_on_the_form(world: World) -> None:
    client = world.client(world.west_editor)
    response = client.post("/reports/new/", {"pairing": str(world.ours.pk), "text": "  "})
    assert response.status_code == 200
    assert 'class="errorlist' in response.content.decode()
    assert not Report.objects.exists()


def test_the_form_offers_only_pairings_the_user_edits(world: World) -> None:
    html = world.client(world.west_editor).get("/reports/new/").content.decode()
    assert f'value="{world.ours.pk}"' in html
    assert f'value="{world.theirs.pk}"' not in html
    assert 'type="file"' in html and "multiple" in html
    response = world.client(world.west_editor).post("/reports/new/", {"pairing": str(world.theirs.pk), "text": CLEAN})
    assert response.status_code == 200 and not Report.objects.exists()


def test_viewer_cannot_add_reports(world: World) -> None:
    client = world.client(world.viewer)
    assert client.get("/reports/new/").status_code == 403
    response = client.post("/reports/new/", {"pairing": str(world.ours.pk), "text": CLEAN})
    assert response.status_code == 403
    assert not Report.objects.exists()


def test_the_report_list_offers_adding_reports_to_editors_only(world: World) -> None:
    assert 'href="/reports/new/"' in world.client(world.west_editor).get("/reports/").content.decode()
    assert 'href="/reports/new/"' not in world.client(world.viewer).get("/reports/").content.decode()
