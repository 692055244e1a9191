"""Generic ledger views: list (filter, search, sort, paginate), detail, create, edit, delete, history, revert.

Each app registers a `LedgerType` and gets its pages from `ledger_urls`; every page reads through
`visible_to(user)` and writes through `editable_by(user)` and the app's service functions.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import ProtectedError, Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xiezuo.apps.core import services
from xiezuo.apps.core.forms import add_service_errors
from xiezuo.apps.core.models import ChangeLog
from xiezuo.apps.core.registry import LedgerType, ledger_type_for

PAGE_SIZE = 25


def ledger_urls(ledger_type: LedgerType) -> list[Any]:
    """The pages of one kind of record, under /<slug>/: the six ledger pages, then the template, the import
    (upload, its check and progress, confirmation) and the exports of the filtered list."""
    from xiezuo.apps.core import transfer_views as transfer

    slug = ledger_type.slug

    def page(route: str, view: Any, name: str) -> Any:
        return path(f"{slug}/{route}", login_required(_bind(view, ledger_type)), name=f"{slug}-{name}")

    return [
        page("", list_view, "list"),
        page("new/", create_view, "create"),
        page("<int:pk>/", detail_view, "detail"),
        page("<int:pk>/edit/", update_view, "update"),
        page("<int:pk>/delete/", delete_view, "delete"),
        page("<int:pk>/history/", history_view, "history"),
        page("template.xlsx", transfer.template_view, "template"),
        page("export.<str:fmt>", transfer.export_view, "export"),
        page("import/", transfer.import_view, "import"),
        page("import/<int:job>/", transfer.job_view, "import-job"),
        page("import/<int:job>/status/", transfer.job_status_view, "import-status"),
        page("import/<int:job>/confirm/", transfer.confirm_view, "import-confirm"),
        page("import/<int:job>/discard/", transfer.discard_view, "import-discard"),
    ]


def _bind(view: Any, ledger_type: LedgerType) -> Any:
    def bound(request: HttpRequest, **kwargs: Any) -> HttpResponse:
        return view(request, ledger_type, **kwargs)

    bound.__name__ = f"{ledger_type.slug}_{view.__name__}"
    return bound


def _objects(ledger_type: LedgerType) -> Any:
    return ledger_type.model.objects  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Listing:
    """A list's records as the user filtered, searched and sorted them (the page and its exports)."""

    queryset: Any
    query: str
    ordering: str


def filtered(request: HttpRequest, ledger_type: LedgerType) -> Listing:
    """The records the user sees, with the list's search (?q=), filters and ordering (?o=) applied."""
    queryset = _objects(ledger_type).visible_to(request.user)
    related = [name for name in ledger_type.list_columns if _is_relation(ledger_type.model, name)]
    if related:
        queryset = queryset.select_related(*related)
    query = request.GET.get("q", "").strip()
    if query and ledger_type.search_fields:
        condition = Q()
        for name in ledger_type.search_fields:
            condition |= Q(**{f"{name}__icontains": query})
        queryset = queryset.filter(condition)
    for name in ledger_type.filter_fields:
        value = request.GET.get(name, "")
        if value:
            try:
                narrowed = queryset.filter(**{name: value})
                narrowed.exists()  # a value of the wrong type fails here, not in the template
            except (ValueError, ValidationError):
                continue  # ?pairing=abc: no such choice, the filter is ignored
            queryset = narrowed
    ordering = request.GET.get("o", "")
    if ordering.lstrip("-") in ledger_type.ordering_fields:
        queryset = queryset.order_by(ordering, "pk")
    return Listing(queryset, query, ordering)


def list_view(request: HttpRequest, ledger_type: LedgerType) -> HttpResponse:
    listing = filtered(request, ledger_type)
    queryset, query, ordering = listing.queryset, listing.query, listing.ordering
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "core/list.html",
        {
            "type": ledger_type,
            "page": page,
            "rows": [(obj, [_cell(obj, name) for name in ledger_type.list_columns]) for obj in page],
            "columns": [(name, _label(ledger_type.model, name)) for name in ledger_type.list_columns],
            "filters": [_filter_choices(ledger_type, name, request) for name in ledger_type.filter_fields],
            "query": query,
            "ordering": ordering,
            "can_create": _can_create(request, ledger_type),
            "can_import": can_import(request.user, ledger_type),
            # The search and filters, carried by the pager and the sort links.
            "keep": urlencode([(k, v) for k, v in request.GET.items() if k not in ("page", "o") and v]),
        },
    )


def detail_view(request: HttpRequest, ledger_type: LedgerType, pk: int) -> HttpResponse:
    obj = get_object_or_404(_objects(ledger_type).visible_to(request.user), pk=pk)
    names = ledger_type.detail_fields or tuple(
        f.name for f in ledger_type.model._meta.fields if f.name not in ("id", "version", "created_at", "updated_at")
    )
    return render(
        request,
        ledger_type.extra.get("detail_template", "core/detail.html"),
        {
            "type": ledger_type,
            "object": obj,
            "fields": [(_label(ledger_type.model, n), _cell(obj, n)) for n in names],
            "can_edit": _objects(ledger_type).editable_by(request.user).filter(pk=pk).exists(),
            **_detail_extra(ledger_type, request, obj),
        },
    )


def _detail_extra(ledger_type: LedgerType, request: HttpRequest, obj: models.Model) -> dict[str, Any]:
    extra = ledger_type.extra.get("detail_context")
    return dict(extra(request, obj)) if extra else {}


def create_view(request: HttpRequest, ledger_type: LedgerType) -> HttpResponse:
    if not _can_create(request, ledger_type):
        raise PermissionDenied(_("You may not add records here."))
    form = ledger_type.form(request.POST or None, request.FILES or None, user=request.user)  # type: ignore[call-arg]
    if request.method == "POST" and form.is_valid():
        data, m2m = form.service_arguments()  # type: ignore[attr-defined]
        try:
            create = ledger_type.create or _generic_create(ledger_type)
            obj = create(actor=request.user, data=data, m2m=m2m, reason=form.cleaned_data.get("reason", ""))
        except ValidationError as error:
            add_service_errors(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("%(record)s was added.") % {"record": obj})
            return HttpResponseRedirect(reverse(f"{ledger_type.slug}-detail", args=[obj.pk]))
    return render(request, "core/form.html", {"type": ledger_type, "form": form, "object": None})


def update_view(request: HttpRequest, ledger_type: LedgerType, pk: int) -> HttpResponse:
    obj = get_object_or_404(_objects(ledger_type).editable_by(request.user), pk=pk)
    form = ledger_type.form(request.POST or None, request.FILES or None, instance=obj, user=request.user)  # type: ignore[call-arg]
    conflict = None
    if request.method == "POST" and form.is_valid():
        data, m2m = form.service_arguments()  # type: ignore[attr-defined]
        expected = form.cleaned_data["version"]
        try:
            update = ledger_type.update or _generic_update(ledger_type)
            obj = update(
                obj,
                actor=request.user,
                data=data,
                m2m=m2m,
                expected_version=expected,
                reason=form.cleaned_data.get("reason", ""),
            )
        except services.ConflictError as error:
            conflict = error
            form.add_error(None, str(error))
        except ValidationError as error:
            add_service_errors(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("%(record)s was saved.") % {"record": obj})
            return HttpResponseRedirect(reverse(f"{ledger_type.slug}-detail", args=[obj.pk]))
    status = 409 if conflict else 200
    current = _objects(ledger_type).visible_to(request.user).filter(pk=pk).first() if conflict else None
    return render(
        request,
        "core/form.html",
        {"type": ledger_type, "form": form, "object": obj, "conflict": conflict, "current": current},
        status=status,
    )


def delete_view(request: HttpRequest, ledger_type: LedgerType, pk: int) -> HttpResponse:
    obj = get_object_or_404(_objects(ledger_type).editable_by(request.user), pk=pk)
    if request.method == "POST":
        delete = ledger_type.delete or services.delete_record
        try:
            delete(obj, actor=request.user, reason=request.POST.get("reason", ""))
        except ProtectedError:
            messages.error(request, _("Other records depend on this one: delete them first."))
            return HttpResponseRedirect(reverse(f"{ledger_type.slug}-detail", args=[pk]))
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
            return HttpResponseRedirect(reverse(f"{ledger_type.slug}-detail", args=[pk]))
        messages.success(request, _("%(record)s was deleted.") % {"record": obj})
        return HttpResponseRedirect(reverse(f"{ledger_type.slug}-list"))
    return render(request, "core/confirm_delete.html", {"type": ledger_type, "object": obj})


def history_view(request: HttpRequest, ledger_type: LedgerType, pk: int) -> HttpResponse:
    obj = get_object_or_404(_objects(ledger_type).visible_to(request.user), pk=pk)
    changes = ChangeLog.objects.filter(
        content_type=ContentType.objects.get_for_model(ledger_type.model), object_id=str(pk)
    ).select_related("actor")
    return render(
        request,
        "core/history.html",
        {
            "type": ledger_type,
            "object": obj,
            "changes": changes,
            "can_edit": _objects(ledger_type).editable_by(request.user).filter(pk=pk).exists(),
        },
    )


@login_required
@require_POST
def revert_view(request: HttpRequest, change_id: int) -> HttpResponse:
    change = get_object_or_404(ChangeLog.objects.select_related("content_type"), pk=change_id)
    model = change.content_type.model_class()
    ledger_type = ledger_type_for(model) if model else None
    if ledger_type is None:
        raise Http404
    exists = _objects(ledger_type).filter(pk=change.object_id).exists()
    if exists and not _objects(ledger_type).visible_to(request.user).filter(pk=change.object_id).exists():
        raise Http404  # a change to a record the user cannot see is not theirs to know about
    try:
        services.revert_change(change, actor=request.user, reason=request.POST.get("reason", ""))
    except PermissionDenied:
        raise
    except ProtectedError:
        messages.error(
            request, _("The change cannot be undone while other records depend on this one; delete them first.")
        )
    except (ValueError, ValidationError, services.ConflictError) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, _("The change was reverted."))
    if _objects(ledger_type).visible_to(request.user).filter(pk=change.object_id).exists():
        return HttpResponseRedirect(reverse(f"{ledger_type.slug}-history", args=[change.object_id]))
    return HttpResponseRedirect(reverse(f"{ledger_type.slug}-list"))


def _generic_create(ledger_type: LedgerType) -> Any:
    def create(*, actor: Any, data: dict[str, Any], m2m: dict[str, list[Any]], reason: str) -> Any:
        return services.create_record(ledger_type.model, actor=actor, data=data, m2m=m2m, reason=reason)  # type: ignore[type-var]

    return create


def _generic_update(ledger_type: LedgerType) -> Any:
    def update(obj: Any, *, actor: Any, data: dict[str, Any], m2m: Any, expected_version: int, reason: str) -> Any:
        return services.update_record(
            obj, actor=actor, data=data, m2m=m2m, expected_version=expected_version, reason=reason
        )

    return update


def can_import(user: Any, ledger_type: LedgerType) -> bool:
    """Whether the user may write any record of this kind (an import writes like the add and edit pages)."""
    from xiezuo.apps.core.scoping import scope_of

    scope = scope_of(user)
    return scope.everything or (bool(getattr(ledger_type.model, "pairing_path", "")) and bool(scope.writable))


def _can_create(request: HttpRequest, ledger_type: LedgerType) -> bool:
    from xiezuo.apps.core.scoping import scope_of

    scope = scope_of(request.user)
    if scope.everything:
        return True
    return bool(getattr(ledger_type.model, "pairing_path", "")) and bool(scope.writable)


def _is_relation(model: type[models.Model], name: str) -> bool:
    try:
        field = model._meta.get_field(name)
    except Exception:
        return False
    return bool(field.is_relation and (field.many_to_one or field.one_to_one))


def _label(model: type[models.Model], name: str) -> str:
    if name == "__str__":
        return str(model._meta.verbose_name).capitalize()
    try:
        return str(model._meta.get_field(name).verbose_name)
    except Exception:
        attribute = getattr(model, name, None)
        return str(getattr(attribute, "short_description", name))


def _cell(obj: models.Model, name: str) -> Any:
    display = getattr(obj, f"get_{name}_display", None)
    if callable(display):
        return display()
    value = getattr(obj, name, "")
    if hasattr(value, "all") and callable(value.all):
        return "、".join(str(v) for v in value.all())
    return value() if callable(value) else value


def _filter_choices(ledger_type: LedgerType, name: str, request: HttpRequest) -> dict[str, Any]:
    field = ledger_type.model._meta.get_field(name.split("__")[0])
    choices: list[tuple[Any, str]] = list(getattr(field, "choices", None) or [])
    if not choices and field.is_relation and field.related_model is not None:
        related = field.related_model.objects
        queryset = related.visible_to(request.user) if hasattr(related, "visible_to") else related.all()
        choices = [(o.pk, str(o)) for o in queryset[:200]]
    return {"name": name, "label": str(field.verbose_name), "choices": choices, "value": request.GET.get(name, "")}
