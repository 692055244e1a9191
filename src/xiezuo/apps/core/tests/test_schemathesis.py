"""The API against its own OpenAPI schema, with requests generated from it (schemathesis, in process).

The schema is loaded from the Django application (`/api/schema/` over WSGI, nothing served), and every
operation of every ledger type is called with generated requests as the east editor of our pairing,
over a database with records in our pairing and in the neighbouring one. Every answer must be no
server error and match the schema (a documented status code and content type, a conforming body),
and none may carry a record the editor cannot see: no id of theirs, none of the marker text written
into their records. Then the neighbouring records' ids are
put in the URL of every operation that takes one: each must answer 404, as if there were no record.

Deterministic (derandomized, no example database) and small: a few examples per operation.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, models
from django.urls import resolve
from hypothesis import HealthCheck, Phase, given, settings
from rest_framework.authtoken.models import Token
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from xiezuo.apps.conftest import World, make_record
from xiezuo.apps.core.registry import LedgerType, ledger_types

TYPES = list(ledger_types())
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
EXAMPLES_PER_OPERATION = 10
MARKER = "鹿城区机密"  # written into every text field of the neighbouring pairing's records
SETTINGS = settings(
    max_examples=EXAMPLES_PER_OPERATION,
    derandomize=True,
    database=None,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],  # a failure is reported as found, unshrunk: it stays quick
    suppress_health_check=list(HealthCheck),
)


@contextmanager
def connections_kept_open() -> Iterator[None]:
    """Django closes the database connection after each request, and with it the test's transaction
    (on PostgreSQL): the requests here go through WSGI, not Django's test client, which keeps it open
    the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture(scope="session")
def api_schema(django_db_setup: Any, django_db_blocker: Any) -> Any:
    """The OpenAPI schema as the application serves it (generating it reads no records)."""
    with django_db_blocker.unblock(), connections_kept_open():
        schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application())
    # The editor's token is sent with every request; the generator need not invent credentials.
    schema.config.generation.update(with_security_parameters=False)
    return schema


class Ledgers:
    """Records of every kind in our pairing and in theirs, and the token of our east editor."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.user = world.east_editor
        self.headers = {"Authorization": f"Token {Token.objects.create(user=self.user).key}"}
        self.theirs: dict[str, set[int]] = {}
        self.ours: dict[str, int] = {}
        for ledger_type in TYPES:
            self.ours[ledger_type.slug] = make_record(ledger_type.model, world.ours).pk
            if not getattr(ledger_type.model, "pairing_path", ""):
                continue  # reference data: everyone reads it
            records = [world.theirs] if ledger_type.model.__name__ == "Pairing" else []
            records.append(make_record(ledger_type.model, world.theirs))
            for record in records:
                _mark(record)
            self.theirs[ledger_type.slug] = {record.pk for record in records}

    def assert_nothing_of_theirs(self, ledger_type: LedgerType, response: Any) -> None:
        text = response.text or ""
        assert MARKER not in text, f"{response.request.method} {response.request.url} shows their records"
        try:
            body = json.loads(text)
        except ValueError:
            return
        rows = body.get("results", [body]) if isinstance(body, dict) else []
        shown = {row["id"] for row in rows if isinstance(row, dict) and isinstance(row.get("id"), int)}
        assert not shown & self.theirs.get(ledger_type.slug, set()), response.request.url
        visible = ledger_type.model.objects.visible_to(self.user).filter(pk__in=shown).count()  # type: ignore[attr-defined]
        assert visible == len(shown), f"{response.request.url} shows records the editor cannot see"

    def refer_to_ours(self, ledger_type: LedgerType, case: Any) -> None:
        """Point the generated body's references at records the editor uses, and name the version of
        the record it changes, so that the request reaches the form and the services."""
        if not isinstance(case.body, dict):
            return
        serializer = resolve(f"/api/{ledger_type.slug}/").func.cls.serializer_class()
        for name, field in serializer.fields.items():
            relation = getattr(field, "child_relation", field)
            queryset = getattr(relation, "queryset", None)
            if name not in case.body or case.body[name] is None or queryset is None or field.read_only:
                continue
            pk = _usable(queryset.model, self.user)
            if pk is not None:
                case.body[name] = [pk] if relation is not field else pk
        if case.method in ("PUT", "PATCH"):
            record = ledger_type.model._default_manager.filter(pk=case.path_parameters["id"]).first()
            if record is not None:
                case.body["version"] = record.version


def _usable(model: type[models.Model], user: Any) -> int | None:
    """A record the user may refer to: one they edit if there is one, else one they see."""
    objects = model._default_manager
    if not hasattr(objects.all(), "visible_to"):
        return objects.order_by("pk").values_list("pk", flat=True).first()
    for queryset in (objects.all().editable_by(user), objects.all().visible_to(user)):
        pk = queryset.order_by("pk").values_list("pk", flat=True).first()
        if pk is not None:
            return pk  # type: ignore[no-any-return]
    return None


def _mark(record: models.Model) -> None:
    """Write the marker into the record's free text fields (directly: the fixture, not the test)."""
    values = {}
    for field in record._meta.concrete_fields:
        if type(field) in (models.CharField, models.TextField) and not field.choices and not field.unique:
            values[field.name] = f"{MARKER}{record.pk}"[: field.max_length or None]
    type(record)._default_manager.filter(pk=record.pk).update(**values)


@pytest.fixture
def ledgers(world: World) -> Iterator[Ledgers]:
    with connections_kept_open():
        yield Ledgers(world)


def operations(schema: Any, ledger_type: LedgerType) -> list[Any]:
    found = []
    for result in schema.get_all_operations():
        operation = result.ok()
        if operation.path.startswith(f"/api/{ledger_type.slug}/"):
            found.append(operation)
    assert found, f"no operations for /api/{ledger_type.slug}/ in the schema"
    return found


def run(strategy: Any, check: Any, examples: int = EXAMPLES_PER_OPERATION) -> None:
    """Call `check` on the cases Hypothesis draws from a schemathesis strategy."""

    @settings(SETTINGS, max_examples=examples)
    @given(case=strategy)
    def call(case: Any) -> None:
        check(case)

    call()


@pytest.mark.parametrize("ledger_type", TYPES, ids=[t.slug for t in TYPES])
def test_generated_requests_get_answers_that_match_the_schema(
    api_schema: Any, ledgers: Ledgers, ledger_type: LedgerType
) -> None:
    """Lists with generated filters, searches, sorts and pages; adds, reads, changes and finally
    deletes our record with generated bodies (which refer to usable records and the current version)."""
    ours = {"id": ledgers.ours[ledger_type.slug]}

    def check(case: Any) -> None:
        ledgers.refer_to_ours(ledger_type, case)
        response = case.call(headers=ledgers.headers)
        case.validate_response(response, checks=CHECKS, headers=ledgers.headers)
        ledgers.assert_nothing_of_theirs(ledger_type, response)

    order = ("GET", "POST", "PUT", "PATCH", "DELETE")
    for operation in sorted(operations(api_schema, ledger_type), key=lambda op: order.index(op.method.upper())):
        on_ours = "{id}" in operation.path
        strategy = operation.as_strategy(GenerationMode.POSITIVE, path_parameters=ours if on_ours else None)
        run(strategy, check, examples=2 if operation.method.upper() == "DELETE" else EXAMPLES_PER_OPERATION)


@pytest.mark.parametrize("ledger_type", TYPES, ids=[t.slug for t in TYPES])
def test_their_records_are_not_found_by_any_operation(
    api_schema: Any, ledgers: Ledgers, ledger_type: LedgerType
) -> None:
    theirs = sorted(ledgers.theirs.get(ledger_type.slug, ()))
    if not theirs:
        pytest.skip("reference data: every signed-in user reads it")

    def check(case: Any) -> None:
        response = case.call(headers=ledgers.headers)
        case.validate_response(response, checks=CHECKS, headers=ledgers.headers)
        assert response.status_code == 404, f"{case.method} {case.formatted_path}: {response.status_code}"
        ledgers.assert_nothing_of_theirs(ledger_type, response)

    for operation in operations(api_schema, ledger_type):
        if "{id}" in operation.path:
            for pk in theirs:
                run(operation.as_strategy(GenerationMode.POSITIVE, path_parameters={"id": pk}), check, examples=2)


def test_signing_in_for_a_token_with_generated_credentials(api_schema: Any, ledgers: Ledgers) -> None:
    def check(case: Any) -> None:
        response = case.call()
        case.validate_response(response, checks=CHECKS)
        assert response.status_code in (200, 400)

    run(api_schema["/api/token/"]["POST"].as_strategy(GenerationMode.POSITIVE), check)
