"""Evidence: documents uploaded to a project's page, stored under MEDIA_ROOT, downloaded only by those who
may see the project (everyone else gets 404, as if it did not exist)."""

from __future__ import annotations

from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse

from xiezuo.apps.conftest import World
from xiezuo.apps.core.models import ChangeLog
from xiezuo.apps.core.services import revert_change
from xiezuo.apps.projects.models import Evidence
from xiezuo.apps.projects.tests.conftest import Ledger

PDF = b"%PDF-1.4\n% evidence for tests\n"


def upload(
    world: World, ledger: Ledger, name: str = "验收报告.pdf", title: str = "竣工验收报告", content: bytes = PDF
) -> HttpResponse:
    return world.client(world.east_editor).post(
        f"/projects/{ledger.a1.pk}/evidence/",
        {"evidence-title": title, "evidence-file": SimpleUploadedFile(name, content, "application/pdf")},
    )


def test_east_editor_uploads_evidence_stored_under_media_root(
    world: World, ledger: Ledger, _media_in_tmp: Path
) -> None:
    response = upload(world, ledger)
    assert response.status_code == 302 and response["Location"] == f"/projects/{ledger.a1.pk}/#evidence"
    evidence = Evidence.objects.get()
    assert evidence.project == ledger.a1 and evidence.title == "竣工验收报告"
    stored = Path(evidence.file.path)
    assert stored.is_relative_to(_media_in_tmp / "evidence") and stored.read_bytes() == PDF
    change = ChangeLog.objects.get(content_type=ContentType.objects.get_for_model(Evidence))
    assert change.actor == world.east_editor and change.after["file"] == evidence.file.name
    html = world.client(world.viewer).get(f"/projects/{ledger.a1.pk}/").content.decode()
    assert f'href="/projects/evidence/{evidence.pk}/"' in html and "竣工验收报告" in html


def test_those_who_see_the_project_download_its_evidence(world: World, ledger: Ledger) -> None:
    upload(world, ledger)
    evidence = Evidence.objects.get()
    for persona in (world.west_editor, world.viewer, world.supervisor, world.admin):
        response = world.client(persona).get(f"/projects/evidence/{evidence.pk}/")
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Disposition"].startswith("attachment")
        assert "filename*=utf-8''%E7%AB%A3" in response["Content-Disposition"]  # 竣工验收报告.pdf
        assert "private" in response["Cache-Control"]


def test_outsider_gets_404_for_our_evidence_and_anonymous_visitors_log_in(world: World, ledger: Ledger) -> None:
    upload(world, ledger)
    evidence = Evidence.objects.get()
    assert world.client(world.outsider).get(f"/projects/evidence/{evidence.pk}/").status_code == 404
    anonymous = world.client(None).get(f"/projects/evidence/{evidence.pk}/")
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/login/")


def test_media_files_are_not_served_publicly(world: World, ledger: Ledger) -> None:
    upload(world, ledger)
    evidence = Evidence.objects.get()
    assert world.client(world.admin).get(f"/media/{evidence.file.name}").status_code == 404


def test_outsider_and_viewer_cannot_upload_to_our_project(world: World, ledger: Ledger) -> None:
    for persona in (world.outsider, world.viewer):
        response = world.client(persona).post(
            f"/projects/{ledger.a1.pk}/evidence/", {"evidence-file": SimpleUploadedFile("a.pdf", PDF)}
        )
        assert response.status_code == 404
    assert not Evidence.objects.exists()


def test_a_file_of_a_kind_not_allowed_is_refused_with_the_page_again(world: World, ledger: Ledger) -> None:
    response = upload(world, ledger, name="page.html", content=b"<script>alert(1)</script>")
    assert response.status_code == 200
    html = response.content.decode()
    assert "The document was not added" in html and "cannot be attached" in html
    assert not Evidence.objects.exists()


def test_the_title_defaults_to_the_file_name(world: World, ledger: Ledger) -> None:
    upload(world, ledger, name="立项批复.pdf", title="")
    assert Evidence.objects.get().title == "立项批复"


def test_deleting_evidence_is_logged_and_a_revert_brings_the_file_back(world: World, ledger: Ledger) -> None:
    upload(world, ledger)
    evidence = Evidence.objects.get()
    client = world.client(world.west_editor)
    assert world.client(world.outsider).post(f"/projects/evidence/{evidence.pk}/delete/").status_code == 404
    response = client.post(f"/projects/evidence/{evidence.pk}/delete/", {"reason": "传错了"})
    assert response.status_code == 302 and not Evidence.objects.exists()
    deletion = ChangeLog.objects.get(content_type=ContentType.objects.get_for_model(Evidence), action="delete")
    assert deletion.reason == "传错了"
    revert_change(deletion, actor=world.west_editor)
    restored = Evidence.objects.get()
    assert b"".join(client.get(f"/projects/evidence/{restored.pk}/").streaming_content) == PDF
