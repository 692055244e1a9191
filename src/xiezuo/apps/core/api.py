"""The REST API: every registered ledger type at /api/<slug>/, read and written like its pages.

- Reads go through `Model.objects.visible_to(user)`: a record outside the user's scope is a 404, as if
  it did not exist. Lists paginate (`page`, `page_size`), filter by the ledger type's filter fields,
  search (`q`) and sort (`o` or `ordering`) the way the list page does.
- Writes are checked by the ledger type's own form (the scoped choices and cross-field checks of the
  add and edit pages) and saved by the same service functions as the pages, so the change log, the
  optimistic lock and every domain rule apply. An update names the version it was based on (`version`
  in the body, or an `If-Match` header); a stale one is refused with 409.
- The serializer is the form's model fields plus `id`, `version` and the columns the list page shows;
  foreign keys are ids, choices their codes. It describes the records (and the OpenAPI schema); it
  never saves them.

An app's `api.py` may replace the generated view set of one of its ledger types by listing a subclass
of `ledger_viewset(...)` in `VIEWSETS` (reports do: they come in through the ingester, not the API).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import import_module
from importlib.util import find_spec
from typing import Any

from django.apps import apps
from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ObjectDoesNotExist, ValidationError
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db import connection, models
from django.db.models import ProtectedError, Q
from django.forms.models import model_to_dict
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import exceptions, serializers, status, viewsets
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.filters import BaseFilterBackend
from rest_framework.pagination import PageNumberPagination
from rest_framework.parsers import JSONParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter
from rest_framework.validators import UniqueValidator

from xiezuo.apps.core import services
from xiezuo.apps.core.registry import LedgerType, ledger_types
from xiezuo.apps.core.scoping import scope_of
from xiezuo.apps.core.views import PAGE_SIZE

MAX_PAGE_SIZE = 200
SEARCH_PARAM = "q"
ORDERING_PARAMS = ("o", "ordering")
REASON_MAX_LENGTH = 500  # as the pages' "reason for the change" (core.forms.LedgerForm)
NOT_SERIALIZED = {"id", "version", "created_at", "updated_at"}
_ETAG = re.compile(r'^\s*(?:W/)?"?(\d{1,10})"?\s*$')


# ---------------------------------------------------------------------------------------------------------
# Serializers


class LedgerSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    """A ledger record as the API shows it; `ledger_serializer` makes one subclass per ledger type."""

    ledger_type: LedgerType

    def get_fields(self) -> dict[str, Any]:
        fields = super().get_fields()
        user = getattr(self.context.get("request"), "user", None)
        for name, field in fields.items():
            # Uniqueness is the model's to check (full_clean in the form and the services), once.
            field.validators = [v for v in field.validators if not isinstance(v, UniqueValidator)]
            relation = getattr(field, "child_relation", field)
            queryset = getattr(relation, "queryset", None)
            if queryset is not None and user is not None and hasattr(queryset, "visible_to"):
                # An id outside the user's scope reads as "does not exist", never as "not yours"; what
                # the record already refers to may stay (a pairing's parent the user does not see).
                visible = Q(pk__in=queryset.model.objects.visible_to(user).values("pk"))
                relation.queryset = queryset.model.objects.filter(visible | Q(pk__in=self._current_ids(name)))
        return fields

    def _current_ids(self, name: str) -> list[Any]:
        if not isinstance(self.instance, models.Model) or not hasattr(self, "initial_data"):
            return []  # only a write to an existing record checks its references
        field = self.instance._meta.get_field(name)
        if field.many_to_many:
            return list(getattr(self.instance, name).values_list("pk", flat=True))
        value = getattr(self.instance, field.attname, None)
        return [value] if value is not None else []

    def get_validators(self) -> list[Any]:
        return []  # unique-together is the model's to check too

    def create(self, validated_data: dict[str, Any]) -> Any:
        raise AssertionError("ledger records are written through their services (LedgerViewSet)")

    def update(self, instance: Any, validated_data: dict[str, Any]) -> Any:
        raise AssertionError("ledger records are written through their services (LedgerViewSet)")


def form_model_fields(ledger_type: LedgerType) -> list[str]:
    """The model fields the ledger type's form writes, in the form's order."""
    names = {f.name for f in ledger_type.model._meta.get_fields() if f.concrete or f.many_to_many}
    return [name for name in ledger_type.form.base_fields if name in names and name not in NOT_SERIALIZED]


def shown_fields(ledger_type: LedgerType) -> list[str]:
    """Fields the pages show but the form does not write (a report's pairing and status): read-only."""
    model = ledger_type.model
    written = set(form_model_fields(ledger_type))
    shown: list[str] = []
    for name in (*ledger_type.list_columns, *ledger_type.detail_fields, *ledger_type.filter_fields):
        root = name.split("__")[0]
        try:
            field = model._meta.get_field(root)
        except FieldDoesNotExist:
            continue
        if (field.concrete or field.many_to_many) and root not in written | NOT_SERIALIZED and root not in shown:
            shown.append(root)
    return shown


def ledger_serializer(ledger_type: LedgerType) -> type[LedgerSerializer]:
    """The serializer of one ledger type, named after its model (the schema's component names)."""
    model = ledger_type.model
    written = form_model_fields(ledger_type)
    read_only = shown_fields(ledger_type)
    present = {f.name for f in model._meta.concrete_fields}
    meta_fields = ["id", "version", *written, *read_only, *(n for n in ("created_at", "updated_at") if n in present)]
    for name in written:
        if isinstance(model._meta.get_field(name), models.FileField):
            read_only.append(name)  # files are uploaded on the pages, not in JSON

    attrs: dict[str, Any] = {
        "__module__": __name__,
        "__doc__": f"{str(model._meta.verbose_name).capitalize()} ({model.__name__}).",
        "ledger_type": ledger_type,
        "version": serializers.IntegerField(
            min_value=1,
            max_value=2**31 - 1,
            required=False,
            help_text=gettext_lazy("The version of the record; an update sends the version it was based on."),
        ),
        "Meta": type("Meta", (), {"model": model, "fields": meta_fields, "read_only_fields": read_only}),
    }
    if "reason" not in written:
        attrs["reason"] = serializers.CharField(
            write_only=True,
            required=False,
            allow_blank=True,
            max_length=REASON_MAX_LENGTH,
            help_text=gettext_lazy("Reason for the change, kept in the change log."),
        )
        attrs["Meta"].fields.append("reason")
    return type(f"{model.__name__}Serializer", (LedgerSerializer,), attrs)


class ErrorSerializer(serializers.Serializer):  # type: ignore[type-arg]
    detail = serializers.CharField()


FIELD_ERRORS = OpenApiResponse(
    response=OpenApiTypes.OBJECT,
    description=gettext_lazy(
        "The data is not valid: each field named with its messages (non_field_errors for the record)."
    ),
)


# ---------------------------------------------------------------------------------------------------------
# Listing: pagination, filters, search and sort as on the list pages


class LedgerPagination(PageNumberPagination):
    page_size = PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE


class LedgerFilter(BaseFilterBackend):
    """`?<filter field>=value`, `?q=text`, `?o=field` / `?o=-field`, as the list page (core.views.list_view).

    A value the field cannot hold (`?year=abc`, an unknown choice, an id out of range) is ignored, as the
    list page ignores it.
    """

    def filter_queryset(self, request: Request, queryset: Any, view: Any) -> Any:
        ledger_type: LedgerType = view.ledger_type
        query = request.query_params.get(SEARCH_PARAM, "").replace("\x00", "").strip()
        if query and ledger_type.search_fields:
            condition = Q()
            for name in ledger_type.search_fields:
                condition |= Q(**{f"{name}__icontains": query})
            # A subquery, not a join: a record matching through two related rows is listed once.
            queryset = queryset.filter(pk__in=ledger_type.model.objects.filter(condition).values("pk"))
        for name in ledger_type.filter_fields:
            value = filter_value(ledger_type.model, name, request.query_params.get(name, ""))
            if value is not None:
                queryset = queryset.filter(**{name: value})
        ordering = ordering_of(request, ledger_type)
        return queryset.order_by(*ordering, "pk") if ordering else queryset

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        ledger_type: LedgerType = view.ledger_type
        parameters = [
            {
                "name": name,
                "in": "query",
                "required": False,
                "description": filter_description(ledger_type.model, name),
                "schema": filter_schema(ledger_type.model, name),
            }
            for name in ledger_type.filter_fields
        ]
        if ledger_type.search_fields:
            parameters.append(
                {
                    "name": SEARCH_PARAM,
                    "in": "query",
                    "required": False,
                    "description": _("Search: records containing this text in %(fields)s.")
                    % {"fields": ", ".join(ledger_type.search_fields)},
                    "schema": {"type": "string"},
                }
            )
        if ledger_type.ordering_fields:
            choices = [prefix + name for name in ledger_type.ordering_fields for prefix in ("", "-")]
            for param in ORDERING_PARAMS:
                parameters.append(
                    {
                        "name": param,
                        "in": "query",
                        "required": False,
                        "description": _("Sort by this field; a leading minus sorts in reverse."),
                        "schema": {"type": "string", "enum": choices},
                    }
                )
        return parameters


def ordering_of(request: Request, ledger_type: LedgerType) -> list[str]:
    for param in ORDERING_PARAMS:
        value = request.query_params.get(param, "")
        if value and value.lstrip("-") in ledger_type.ordering_fields:
            return [value]
    return []


def _target_field(model: type[models.Model], name: str) -> models.Field[Any, Any] | None:
    """The field a filter compares with: `pairing__within` and `project` compare pairing and project ids."""
    field: Any = None
    for part in name.split("__"):
        try:
            field = model._meta.get_field(part)
        except FieldDoesNotExist:
            break  # a lookup (`within`), not a field
        if field.is_relation and field.related_model is not None:
            model = field.related_model
            field = model._meta.pk
    return field


def filter_value(model: type[models.Model], name: str, raw: str) -> Any:
    """The value of a filter as the field holds it, or None when the field cannot hold it."""
    field = _target_field(model, name)
    if not raw or "\x00" in raw or field is None:
        return None
    try:
        value = field.to_python(raw)
    except (ValidationError, ValueError, TypeError):
        return None
    if field.choices and value not in {field.to_python(code) for code, _label in field.flatchoices}:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        low, high = connection.ops.integer_field_range(field.get_internal_type())
        if (low is not None and value < low) or (high is not None and value > high):
            return None
    return value


def filter_description(model: type[models.Model], name: str) -> str:
    root, *rest = name.split("__")
    label = str(model._meta.get_field(root).verbose_name)
    if rest and rest[-1] == "within":
        return _("Only records of this pairing and the pairings below it (%(field)s id).") % {"field": label}
    return _("Only records whose %(field)s is this value.") % {"field": label}


def filter_schema(model: type[models.Model], name: str) -> dict[str, Any]:
    field = _target_field(model, name)
    if field is None:
        return {"type": "string"}
    if field.choices:
        codes = [code for code, _label in field.flatchoices]
        if all(isinstance(code, int) for code in codes):
            return {"type": "integer", "enum": codes}
        return {"type": "string", "enum": [str(code) for code in codes]}
    if isinstance(field, models.BooleanField):
        return {"type": "boolean"}
    if isinstance(field, models.IntegerField | models.AutoField):
        low, high = connection.ops.integer_field_range(field.get_internal_type())
        return {"type": "integer", **({"minimum": low} if low is not None else {}), "maximum": high or 2**31 - 1}
    if isinstance(field, models.DateField):
        return {"type": "string", "format": "date"}
    return {"type": "string"}


# ---------------------------------------------------------------------------------------------------------
# The view set


class LedgerSchema(AutoSchema):
    """The generated operation, plus the errors every ledger operation may answer with."""

    def get_response_serializers(self) -> Any:
        serializer = super().get_response_serializers()
        errors: dict[int, Any] = {
            401: OpenApiResponse(ErrorSerializer, description=_("Not signed in (send a token or a session).")),
            403: OpenApiResponse(ErrorSerializer, description=_("You may not do this.")),
        }
        if "{id}" in self.path:
            errors[404] = OpenApiResponse(ErrorSerializer, description=_("No such record among those you see."))
        elif self.method == "GET":
            errors[404] = OpenApiResponse(ErrorSerializer, description=_("No such page."))
        if self.method in ("POST", "PUT", "PATCH"):
            errors[400] = FIELD_ERRORS
        if self.method in ("PUT", "PATCH"):
            errors[409] = OpenApiResponse(
                CONFLICT, description=_("The record changed since the version you sent, or its year is locked.")
            )
        if self.method in ("POST", "DELETE"):
            errors[409] = OpenApiResponse(
                CONFLICT, description=_("Other records depend on this one, or its year is locked.")
            )
        if self.method == "DELETE":
            return {204: None, **errors}
        return {(201 if self.method == "POST" else 200): serializer, **errors}


CONFLICT = inline_serializer(
    "EditConflict",
    fields={
        "detail": serializers.CharField(),
        "current_version": serializers.IntegerField(allow_null=True),
    },
)


class LedgerViewSet(viewsets.ModelViewSet):  # type: ignore[type-arg]
    """List, read, add, change and delete the records of one ledger type (see the module's docstring)."""

    ledger_type: LedgerType
    permission_classes = [IsAuthenticated]
    pagination_class = LedgerPagination
    filter_backends = [LedgerFilter]
    parser_classes = [JSONParser]
    schema = LedgerSchema()

    # Reading

    def get_queryset(self) -> Any:
        model = self.ledger_type.model
        queryset = model.objects.visible_to(self.request.user)  # type: ignore[attr-defined]
        many = [f.name for f in model._meta.many_to_many if f.name in self.get_serializer_class().Meta.fields]
        if many:
            queryset = queryset.prefetch_related(*many)
        return queryset.order_by(*(model._meta.ordering or ()), "pk")

    def get_object(self) -> Any:
        # Filters and search narrow lists, never the record a URL names.
        queryset = self.get_queryset()
        try:
            return queryset.get(pk=self.kwargs["pk"])
        except (ObjectDoesNotExist, ValueError, TypeError, ValidationError):
            raise exceptions.NotFound(_("No such record among those you see.")) from None

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._respond(self.get_object())

    # Writing

    @extend_schema(description=gettext_lazy("Add a record. Foreign keys are ids, choices their codes."))
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not self._may_create():
            raise exceptions.PermissionDenied(_("You may not add records here."))
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        form = self._form(serializer.validated_data, None)
        data, m2m = form.service_arguments()
        create = self.ledger_type.create or _generic_create(self.ledger_type)
        with _service_errors(request, None):
            record = create(actor=request.user, data=data, m2m=m2m, reason=form.cleaned_data.get("reason", ""))
        return self._respond(record, status.HTTP_201_CREATED)

    @extend_schema(
        description=gettext_lazy(
            "Change a record. Send the version the change is based on (the field version, or an If-Match "
            "header); if the record has changed since, nothing is written and the answer is 409."
        )
    )
    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        record = self._editable_object()
        serializer = self.get_serializer(record, data=request.data, partial=kwargs.get("partial", False))
        serializer.is_valid(raise_exception=True)
        expected = self._expected_version(serializer.validated_data)
        form = self._form({**serializer.validated_data, "version": expected}, record)
        data, m2m = form.service_arguments()
        update = self.ledger_type.update or _generic_update(self.ledger_type)
        with _service_errors(request, record):
            record = update(
                record,
                actor=request.user,
                data=data,
                m2m=m2m,
                expected_version=expected,
                reason=form.cleaned_data.get("reason", ""),
            )
        return self._respond(record)

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "reason", str, description=gettext_lazy("Reason for the deletion, kept in the change log.")
            )
        ]
    )
    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        record = self._editable_object()
        reason = request.query_params.get("reason", "").replace("\x00", "")[:REASON_MAX_LENGTH]
        delete = self.ledger_type.delete or services.delete_record
        with _service_errors(request, record):
            delete(record, actor=request.user, reason=reason)
        return Response(status=status.HTTP_204_NO_CONTENT)

    # Helpers

    def _respond(self, record: Any, code: int = status.HTTP_200_OK) -> Response:
        response = Response(self.get_serializer(record).data, status=code)
        response["ETag"] = f'"{record.version}"'
        return response

    def _may_create(self) -> bool:
        """As the pages decide whether to offer "add": administrators, and editors of a pairing's records."""
        scope = scope_of(self.request.user)
        return scope.everything or (bool(getattr(self.ledger_type.model, "pairing_path", "")) and bool(scope.writable))

    def _editable_object(self) -> Any:
        record = self.get_object()  # 404 outside what the user sees
        if not self.ledger_type.model.objects.editable_by(self.request.user).filter(pk=record.pk).exists():  # type: ignore[attr-defined]
            raise exceptions.PermissionDenied(_("You may not change this record."))
        return record

    def _expected_version(self, validated: dict[str, Any]) -> int:
        if validated.get("version") is not None:
            return int(validated["version"])
        header = self.request.headers.get("If-Match", "")
        match = _ETAG.match(header)
        if match:
            return int(match.group(1))
        message = _("Send the version your change is based on: the field version, or an If-Match header.")
        raise exceptions.ValidationError({"version": [message]})

    def _form(self, values: dict[str, Any], instance: Any) -> Any:
        """The ledger type's own form, bound to the request's values on top of the record's: its scoped
        choices and checks apply as on the pages. Invalid → 400 with the form's messages."""
        fields = form_model_fields(self.ledger_type)
        data = {name: _form_value(value) for name, value in model_to_dict(instance, fields).items()} if instance else {}
        data.update({name: _form_value(value) for name, value in values.items()})
        form = self.ledger_type.form(data=data, instance=instance, user=self.request.user)  # type: ignore[call-arg]
        if not form.is_valid():
            raise exceptions.ValidationError(
                {_error_key(name): list(messages) for name, messages in form.errors.items()}
            )
        return form


def _form_value(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list | tuple | models.QuerySet):
        return [_form_value(item) for item in value]
    return value


def _error_key(name: str) -> str:
    return "non_field_errors" if name in (NON_FIELD_ERRORS, None) else name


@contextmanager
def _service_errors(request: Request, record: Any) -> Iterator[None]:
    """What the services refuse, as HTTP answers: 400 invalid, 403 not allowed, 409 conflict or in use."""
    version = getattr(record, "version", None)
    try:
        yield
    except services.ConflictError as error:
        raise _Conflict(str(error), error.current) from error
    except ProtectedError as error:
        raise _Conflict(_("Other records depend on this one: delete them first."), version) from error
    except ValidationError as error:
        if request.method == "DELETE" or getattr(error, "code", None) == "period_locked":
            # Nothing the client sends can fix a refused deletion or a locked year: the ledger must change.
            raise _Conflict(" ".join(error.messages), version) from error
        if hasattr(error, "error_dict"):
            messages = {_error_key(name): ValidationError(errors).messages for name, errors in error.error_dict.items()}
            raise exceptions.ValidationError(messages) from error
        raise exceptions.ValidationError({"non_field_errors": error.messages}) from error
    except DjangoPermissionDenied as error:
        raise exceptions.PermissionDenied(str(error) or _("You may not change this record.")) from error


class _Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"

    def __init__(self, detail: str, current_version: int | None) -> None:
        super().__init__()
        self.detail = {"detail": detail, "current_version": current_version}  # type: ignore[assignment]


def _generic_create(ledger_type: LedgerType) -> Any:
    def create(*, actor: Any, data: dict[str, Any], m2m: dict[str, list[Any]], reason: str) -> Any:
        return services.create_record(ledger_type.model, actor=actor, data=data, m2m=m2m, reason=reason)  # type: ignore[type-var]

    return create


def _generic_update(ledger_type: LedgerType) -> Any:
    def update(record: Any, *, actor: Any, data: dict[str, Any], m2m: Any, expected_version: int, reason: str) -> Any:
        return services.update_record(
            record, actor=actor, data=data, m2m=m2m, expected_version=expected_version, reason=reason
        )

    return update


def ledger_viewset(ledger_type: LedgerType) -> type[LedgerViewSet]:
    """The view set of one ledger type; an app's api.py may subclass it to change what is offered."""
    name = ledger_type.model.__name__
    return type(
        f"{name}ViewSet",
        (LedgerViewSet,),
        {
            "__module__": __name__,
            "__doc__": str(ledger_type.model.__doc__ or "").strip(),
            "ledger_type": ledger_type,
            "serializer_class": ledger_serializer(ledger_type),
            "queryset": ledger_type.model.objects.none(),  # type: ignore[attr-defined]
        },
    )


@extend_schema(
    auth=[],
    request=AuthTokenSerializer,
    responses={
        200: inline_serializer("Token", fields={"token": serializers.CharField()}),
        400: FIELD_ERRORS,
    },
    description=gettext_lazy(
        "The API token of a user, for their username and password (made on first request). Send it as "
        "`Authorization: Token <token>`."
    ),
)
class TokenView(ObtainAuthToken):
    """A user's token for their password."""

    authentication_classes = ()  # the password is the authentication here


def api_router() -> DefaultRouter:
    """Every registered ledger type at /<slug>/, with the view sets apps replace in their `api.VIEWSETS`."""
    autodiscover_modules("views")  # each app registers its ledger types in its views module
    replaced: dict[str, type[LedgerViewSet]] = {}
    for app in apps.get_app_configs():
        if app.name.startswith("xiezuo.") and find_spec(f"{app.name}.api") is not None:
            for viewset in getattr(import_module(f"{app.name}.api"), "VIEWSETS", ()):
                replaced[viewset.ledger_type.slug] = viewset
    router = DefaultRouter()
    for ledger_type in ledger_types():
        viewset = replaced.get(ledger_type.slug) or ledger_viewset(ledger_type)
        router.register(ledger_type.slug, viewset, basename=f"api-{ledger_type.slug}")
    return router
