"""The REST API (/api/): the same records, permissions, checks and change log as the pages.

The records sit in "our" county pairing (温州湾新区、龙湾区 ↔ 仪陇县); the outsider edits the neighbouring
pairing and must not learn that ours exist. Every registered ledger type is checked, so a new one is too.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from drf_spectacular.validation import validate_schema
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from xiezuo.apps.conftest import World, make_record
from xiezuo.apps.core.choices import ChangeAction
from xiezuo.apps.core.models import ChangeLog
from xiezuo.apps.core.registry import ledger_types
from xiezuo.apps.projects.models import FundTransaction, Project

TYPES = list(ledger_types())
PERSONAS = ["east_editor", "west_editor", "viewer", "supervisor", "outsider", "admin"]
REFERENCE_DATA = {"Region", "Indicator", "PeriodLock"}
# persona -> (reads our records, edits our records), as on the pages (test_permission_matrix.py)
RIGHTS = {
    "east_editor": (True, True),
    "west_editor": (True, True),
    "viewer": (True, False),
    "supervisor": (True, False),
    "outsider": (False, False),
    "admin": (True, True),
}


def api(user: User | None, language: str = "") -> APIClient:
    """A client that authenticates the way an API user does: with the user's token."""
    client = APIClient(headers={"Accept-Language": language} if language else None)
    if user is not None:
        token, _ = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def rights(ledger_type: Any, persona: str) -> tuple[bool, bool]:
    if ledger_type.model.__name__ in REFERENCE_DATA:
        return True, persona == "admin"
    return RIGHTS[persona]


def record_in_ours(world: World, ledger_type: Any) -> Any:
    """A record of the ledger type in our pairing (for pairings: ours itself, which has both sides)."""
    return world.ours if ledger_type.model.__name__ == "Pairing" else make_record(ledger_type.model, world.ours)


def ids(response: Any) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def changes(record: Any) -> Any:
    return ChangeLog.objects.filter(
        content_type=ContentType.objects.get_for_model(type(record)), object_id=str(record.pk)
    ).order_by("pk")


def project_payload(world: World, **overrides: Any) -> dict[str, Any]:
    return {
        "code": "YL-2024-001",
        "title": "仪陇县酱香土鸡产业园",
        "pairing": world.ours.pk,
        "year": 2024,
        "category": "industry",
        "status": "planned",
        **overrides,
    }


# ---------------------------------------------------------------------------------------------------------
# Who reads and writes what: every ledger type against every persona


def matrix() -> list[Any]:
    return [pytest.param(t, persona, id=f"{t.slug}-{persona}") for t in TYPES for persona in PERSONAS]


def round_trips() -> list[Any]:
    return [pytest.param(t, id=t.slug) for t in TYPES]


@pytest.mark.parametrize(("ledger_type", "persona"), matrix())
def test_reading_and_writing_through_the_api(world: World, ledger_type: Any, persona: str) -> None:
    model = ledger_type.model
    record = record_in_ours(world, ledger_type)
    reads, edits = rights(ledger_type, persona)
    client = api(getattr(world, persona))
    slug = ledger_type.slug

    assert (record.pk in ids(client.get(f"/api/{slug}/", {"page_size": 200}))) == reads
    detail = client.get(f"/api/{slug}/{record.pk}/")
    assert detail.status_code == (200 if reads else 404)

    changed = client.patch(f"/api/{slug}/{record.pk}/", {"version": record.version}, format="json")
    assert changed.status_code == (200 if edits else 403 if reads else 404), changed.content
    if edits:
        assert changed.json()["version"] == record.version + 1
        assert changes(record).last().action == ChangeAction.UPDATE

    deleted = client.delete(f"/api/{slug}/{record.pk}/")
    assert deleted.status_code == (204 if edits else 403 if reads else 404), deleted.content
    assert model.objects.filter(pk=record.pk).exists() == (not edits)
    if edits:
        assert changes(record).last().action == ChangeAction.DELETE


@pytest.mark.parametrize("ledger_type", round_trips())
def test_a_record_read_from_the_api_can_be_written_back_unchanged(world: World, ledger_type: Any) -> None:
    """Foreign keys go out and come back as ids, choices as codes, dates and amounts as text."""
    record = record_in_ours(world, ledger_type)
    editor = world.admin if ledger_type.model.__name__ in REFERENCE_DATA else world.east_editor
    client = api(editor)
    shown = client.get(f"/api/{ledger_type.slug}/{record.pk}/").json()
    assert shown["id"] == record.pk and shown["version"] == record.version

    written = client.put(f"/api/{ledger_type.slug}/{record.pk}/", shown, format="json")

    assert written.status_code == 200, written.content
    after = written.json()
    assert after["version"] == record.version + 1
    assert {k: v for k, v in after.items() if k not in ("version", "updated_at")} == {
        k: v for k, v in shown.items() if k not in ("version", "updated_at")
    }


def test_the_outsider_sees_none_of_our_records_and_cannot_tell_them_from_missing_ones(world: World) -> None:
    ours = make_record(Project, world.ours)
    theirs = make_record(Project, world.theirs)
    client = api(world.outsider)

    assert ids(client.get("/api/projects/")) == {theirs.pk}
    assert ids(client.get("/api/projects/", {"pairing__within": world.ours.pk})) == set()
    assert client.get(f"/api/projects/{ours.pk}/").json() == client.get("/api/projects/999999/").json()
    # Adding money to our project reads as adding it to a project that does not exist.
    transaction = {"type": "allocation", "date": "2024-03-01", "amount": "1000.00"}
    to_ours = client.post("/api/transactions/", {**transaction, "project": ours.pk}, format="json")
    to_none = client.post("/api/transactions/", {**transaction, "project": 999999}, format="json")
    assert to_ours.status_code == to_none.status_code == 400
    assert to_ours.json()["project"][0].replace(str(ours.pk), "N") == to_none.json()["project"][0].replace(
        "999999", "N"
    )
    assert not FundTransaction.objects.filter(project=ours).exists()


# ---------------------------------------------------------------------------------------------------------
# Writing: the services, their change log and their checks


def test_an_editor_adds_a_project_and_the_change_log_says_who(world: World) -> None:
    response = api(world.east_editor).post(
        "/api/projects/", {**project_payload(world), "reason": "年度计划"}, format="json"
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["version"] == 1 and body["pairing"] == world.ours.pk and body["category"] == "industry"
    assert "reason" not in body
    project = Project.objects.get(pk=body["id"])
    assert project.title == "仪陇县酱香土鸡产业园"
    change = changes(project).get()
    assert (change.action, change.actor, change.reason) == (ChangeAction.CREATE, world.east_editor, "年度计划")


def test_an_update_based_on_an_old_version_is_refused_and_writes_nothing(world: World) -> None:
    project = make_record(Project, world.ours)
    east, west = api(world.east_editor), api(world.west_editor)
    assert (
        east.patch(f"/api/projects/{project.pk}/", {"title": "东部的标题", "version": 1}, format="json").status_code
        == 200
    )

    stale = west.patch(f"/api/projects/{project.pk}/", {"title": "西部的标题", "version": 1}, format="json")

    assert stale.status_code == 409
    assert stale.json()["current_version"] == 2
    assert "1" in stale.json()["detail"] and "2" in stale.json()["detail"]
    project.refresh_from_db()
    assert (project.title, project.version) == ("东部的标题", 2)
    assert changes(project).count() == 1


def test_the_version_may_come_in_an_if_match_header_and_must_come_somehow(world: World) -> None:
    project = make_record(Project, world.ours)
    client = api(world.east_editor)
    etag = client.get(f"/api/projects/{project.pk}/")["ETag"]
    assert etag == '"1"'

    missing = client.patch(f"/api/projects/{project.pk}/", {"title": "新标题"}, format="json")
    assert missing.status_code == 400 and "version" in missing.json()

    ok = client.patch(f"/api/projects/{project.pk}/", {"title": "新标题"}, format="json", headers={"If-Match": etag})
    assert ok.status_code == 200 and ok["ETag"] == '"2"'
    stale = client.patch(f"/api/projects/{project.pk}/", {"title": "又一个"}, format="json", headers={"If-Match": etag})
    assert stale.status_code == 409


def test_invalid_data_is_refused_with_the_field_named(world: World) -> None:
    client = api(world.east_editor)

    wrong_type = client.post("/api/projects/", project_payload(world, year="明年"), format="json")
    unknown_choice = client.post("/api/projects/", project_payload(world, category="tourism"), format="json")
    missing = client.post("/api/projects/", {"title": "没有编号"}, format="json")
    # A cross-field check of the page's form applies too.
    too_many_poor = client.post(
        "/api/labour/",
        {
            "pairing": world.ours.pk,
            "period_start": "2024-01-01",
            "period_end": "2024-06-30",
            "workers": 10,
            "formerly_poor": 20,
            "destination": "eastern_partner",
        },
        format="json",
    )

    assert wrong_type.status_code == 400 and "year" in wrong_type.json()
    assert unknown_choice.status_code == 400 and "category" in unknown_choice.json()
    assert missing.status_code == 400 and {"code", "pairing", "year"} <= set(missing.json())
    assert too_many_poor.status_code == 400 and "formerly_poor" in too_many_poor.json()
    assert "20" in too_many_poor.json()["formerly_poor"][0]
    assert not Project.objects.exists()


def test_an_editor_cannot_add_to_a_pairing_they_only_see_or_move_a_record_there(world: World) -> None:
    """The city pairing is visible to the editors of ours (it is above it) but not theirs to edit."""
    client = api(world.east_editor)
    response = client.post("/api/projects/", project_payload(world, pairing=world.theirs.pk), format="json")
    assert response.status_code == 400 and "pairing" in response.json()

    project = make_record(Project, world.ours)
    moved = client.patch(f"/api/projects/{project.pk}/", {"pairing": world.city.pk, "version": 1}, format="json")
    assert moved.status_code == 400 and "pairing" in moved.json()
    project.refresh_from_db()
    assert project.pairing == world.ours and project.version == 1


def test_a_viewer_cannot_add_and_is_told_so_in_their_language(world: World) -> None:
    chinese = api(world.viewer).post("/api/projects/", project_payload(world), format="json")
    english = api(world.viewer, language="en").post("/api/projects/", project_payload(world), format="json")

    assert chinese.status_code == english.status_code == 403
    assert chinese.json()["detail"] == "您无权在此添加记录。"
    assert english.json()["detail"] == "You may not add records here."
    assert not Project.objects.exists()


def test_a_record_others_depend_on_is_not_deleted_and_the_answer_says_why(world: World) -> None:
    transaction = make_record(FundTransaction, world.ours)
    client = api(world.east_editor, language="en")

    project_refused = client.delete(f"/api/projects/{transaction.project.pk}/")
    pairing_refused = api(world.admin, language="en").delete(f"/api/pairings/{world.city.pk}/")

    assert project_refused.status_code == 409
    assert "fund transaction" in project_refused.json()["detail"]
    assert pairing_refused.status_code == 409
    assert pairing_refused.json()["detail"] == "Other records depend on this one: delete them first."
    assert Project.objects.filter(pk=transaction.project.pk).exists()


def test_a_locked_year_is_not_changed_through_the_api(world: World) -> None:
    from xiezuo.apps.agreements.models import PeriodLock

    project = make_record(Project, world.ours)  # of 2024
    PeriodLock.objects.create(year=2024, reason="考核前锁定")
    client = api(world.east_editor, language="en")

    changed = client.patch(f"/api/projects/{project.pk}/", {"title": "改名", "version": 1}, format="json")
    deleted = client.delete(f"/api/projects/{project.pk}/")
    added = client.post("/api/projects/", project_payload(world), format="json")

    for response in (changed, deleted, added):
        assert response.status_code == 409, response.content
        assert "2024" in response.json()["detail"] and "locked" in response.json()["detail"]
    project.refresh_from_db()
    assert (project.title, project.version) == ("测试项目1", 1)
    assert Project.objects.count() == 1


def test_the_reason_for_a_deletion_is_kept(world: World) -> None:
    project = make_record(Project, world.ours)
    assert api(world.east_editor).delete(f"/api/projects/{project.pk}/?reason=重复录入").status_code == 204
    assert changes(project).last().reason == "重复录入"


def test_reports_are_not_added_through_the_api(world: World) -> None:
    response = api(world.east_editor).post("/api/reports/", {"title": "一篇报道"}, format="json")
    assert response.status_code == 405


# ---------------------------------------------------------------------------------------------------------
# Lists: pagination, filters, search and sort, as on the list page


@pytest.fixture
def thirty_projects(world: World) -> list[Project]:
    return [
        Project.objects.create(
            code=f"YL-{n:03d}",
            title=f"{'劳务' if n % 3 == 0 else '产业'}项目{n}",
            pairing=world.ours,
            year=2023 + n % 2,
            category="labour" if n % 3 == 0 else "industry",
        )
        for n in range(1, 31)
    ]


def test_lists_come_in_pages(world: World, thirty_projects: list[Project]) -> None:
    client = api(world.east_editor)

    first = client.get("/api/projects/").json()
    second = client.get("/api/projects/", {"page": 2}).json()
    small = client.get("/api/projects/", {"page_size": 10, "page": 3}).json()

    assert first["count"] == 30 and len(first["results"]) == 25 and "page=2" in first["next"]
    assert len(second["results"]) == 5 and second["next"] is None
    assert {r["id"] for r in first["results"]} | {r["id"] for r in second["results"]} == {p.pk for p in thirty_projects}
    assert len(small["results"]) == 10
    assert client.get("/api/projects/", {"page": 9}).status_code == 404


def test_a_page_is_never_larger_than_the_maximum(world: World, thirty_projects: list[Project]) -> None:
    from xiezuo.apps.core import api as core_api

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(core_api.LedgerPagination, "max_page_size", 20)
        assert len(api(world.east_editor).get("/api/projects/", {"page_size": 1000}).json()["results"]) == 20


def test_lists_filter_search_and_sort(world: World, thirty_projects: list[Project]) -> None:
    client = api(world.east_editor)
    labour = {p.pk for p in thirty_projects if p.category == "labour"}

    assert ids(client.get("/api/projects/", {"category": "labour", "page_size": 100})) == labour
    assert ids(client.get("/api/projects/", {"category": "labour", "year": 2024, "page_size": 100})) == {
        p.pk for p in thirty_projects if p.category == "labour" and p.year == 2024
    }
    assert ids(client.get("/api/projects/", {"q": "劳务", "page_size": 100})) == labour
    assert ids(client.get("/api/projects/", {"pairing__within": world.city.pk, "page_size": 100})) == {
        p.pk for p in thirty_projects
    }
    codes = [r["code"] for r in client.get("/api/projects/", {"o": "-code"}).json()["results"]]
    assert codes[:3] == ["YL-030", "YL-029", "YL-028"]
    codes = [r["code"] for r in client.get("/api/projects/", {"ordering": "code"}).json()["results"]]
    assert codes[:3] == ["YL-001", "YL-002", "YL-003"]


@pytest.mark.parametrize(
    "query",
    [
        {"year": "明年"},
        {"year": str(2**70)},
        {"pairing__within": "abc"},
        {"pairing__within": str(2**70)},
        {"category": "tourism"},
        {"category": "labour\x00"},
        {"o": "pairing__east_regions"},
        {"o": "-description"},
        {"q": "\x00"},
        {"page_size": "lots"},
    ],
)
def test_a_filter_the_field_cannot_hold_is_ignored(world: World, thirty_projects: list[Project], query: Any) -> None:
    response = api(world.east_editor).get("/api/projects/", {**query, "page_size": query.get("page_size", 100)})
    assert response.status_code == 200
    assert response.json()["count"] == 30


# ---------------------------------------------------------------------------------------------------------
# Signing in, and the schema


def test_a_user_gets_their_token_with_their_password_and_reads_with_it(world: World) -> None:
    project = make_record(Project, world.ours)
    anonymous = APIClient()

    refused = anonymous.post("/api/token/", {"username": "east", "password": "wrong"}, format="json")
    given = anonymous.post("/api/token/", {"username": "east", "password": "pw-for-tests-only"}, format="json")

    assert refused.status_code == 400 and "token" not in refused.json()
    assert given.status_code == 200
    token = given.json()["token"]
    assert token == Token.objects.get(user=world.east_editor).key
    assert anonymous.get("/api/projects/").status_code == 401
    anonymous.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    assert anonymous.get("/api/projects/").status_code == 401
    anonymous.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert ids(anonymous.get("/api/projects/")) == {project.pk}


def test_a_signed_in_session_reads_the_api_too_and_can_browse_it(world: World) -> None:
    project = make_record(Project, world.ours)
    client = world.client(world.viewer)

    assert ids(client.get("/api/projects/")) == {project.pk}
    page = client.get("/api/projects/", headers={"Accept": "text/html"})
    assert page.status_code == 200 and page["Content-Type"].startswith("text/html")
    assert project.code in page.content.decode()
    root = client.get("/api/", headers={"Accept": "application/json"}).json()
    assert {f"/api/{t.slug}/" for t in TYPES} <= {url.removeprefix("http://testserver") for url in root.values()}


def test_the_schema_is_valid_openapi_and_describes_every_ledger(world: World) -> None:
    response = APIClient().get("/api/schema/", {"format": "json"})

    assert response.status_code == 200
    schema = response.json()
    validate_schema(schema)
    assert schema["openapi"].startswith("3.")
    for ledger_type in TYPES:
        assert f"/api/{ledger_type.slug}/" in schema["paths"], ledger_type.slug
        assert f"/api/{ledger_type.slug}/{{id}}/" in schema["paths"], ledger_type.slug
    assert "post" not in schema["paths"]["/api/reports/"]
    assert "/api/token/" in schema["paths"]
    parameters = {p["name"] for p in schema["paths"]["/api/projects/"]["get"]["parameters"]}
    assert {"page", "page_size", "q", "o", "ordering", "category", "status", "year", "pairing__within"} <= parameters
    assert "409" in schema["paths"]["/api/projects/{id}/"]["patch"]["responses"]


def test_the_documentation_page_is_served_from_local_files(world: World) -> None:
    response = world.client(world.viewer).get("/api/docs/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "/api/schema/" in html
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "http://" not in html and "https://" not in html  # no CDN, no online validator


def test_amounts_and_dates_are_exact_text(world: World) -> None:
    transaction = FundTransaction.objects.create(
        project=make_record(Project, world.ours), type="allocation", date=date(2024, 3, 1), amount=Decimal("1234.5")
    )
    shown = api(world.east_editor).get(f"/api/transactions/{transaction.pk}/").json()
    assert (shown["amount"], shown["date"], shown["type"]) == ("1234.50", "2024-03-01", "allocation")
