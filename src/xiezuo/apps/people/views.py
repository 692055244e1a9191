"""People and organisation pages: the generic ledger pages, with detail pages that show positions and visits.

A person's page lists their positions (those held today first) with an inline "add position" form
and an "ended on" form per current position; an organisation's page lists its people (through
positions) and the visits it was a site of. Each page's queries do not grow with the data.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xiezuo.apps.core.forms import add_service_errors
from xiezuo.apps.core.registry import LedgerType, register
from xiezuo.apps.core.services import ConflictError
from xiezuo.apps.core.views import detail_view
from xiezuo.apps.people import services
from xiezuo.apps.people.forms import (
    EndPositionForm,
    OrganisationForm,
    PersonForm,
    PositionForm,
    PositionInlineForm,
)
from xiezuo.apps.people.models import Organisation, Person, Position

POSITION_PREFIX = "position"


def bound_form(request: HttpRequest, name: str) -> Any:
    """An inline form that failed to save, kept on the request so the detail page shows it with its errors."""
    return getattr(request, "bound_forms", {}).get(name)


def rerender_detail(request: HttpRequest, ledger_type: LedgerType, pk: int, **forms: Any) -> HttpResponse:
    """The record's detail page again, with the inline form(s) the user just sent and their errors."""
    request.bound_forms = forms  # type: ignore[attr-defined]
    return detail_view(request, ledger_type, pk=pk)


def split_positions(positions: list[Position], today: Any) -> dict[str, list[Position]]:
    """Positions held today (latest start first), then those still to come, then past ones (latest end first)."""
    current = [p for p in positions if services.held_on(p, today)]
    upcoming = [p for p in positions if p.start_date is not None and p.start_date > today]
    past = [p for p in positions if p.end_date is not None and p.end_date < today]
    current.sort(key=lambda p: (p.start_date or today.min, p.pk), reverse=True)
    upcoming.sort(key=lambda p: (p.start_date, p.pk))
    past.sort(key=lambda p: (p.end_date, p.start_date or today.min, p.pk), reverse=True)
    return {"current": current, "upcoming": upcoming, "past": past}


def _person_context(request: HttpRequest, person: Person) -> dict[str, Any]:
    from xiezuo.apps.visits.models import Meeting, Visit

    today = timezone.localdate()
    positions = list(Position.objects.filter(person=person).select_related("organisation", "region"))
    visits = (
        Visit.objects.visible_to(request.user)  # type: ignore[attr-defined]
        .filter(Q(leader=person) | Q(members=person))
        .distinct()
        .select_related("leader")
        .order_by("-start_date", "-pk")
    )
    meetings = (
        Meeting.objects.visible_to(request.user)  # type: ignore[attr-defined]
        .filter(participants=person)
        .select_related("visit")
        .order_by("-date", "-pk")
    )
    return {
        "today": today,
        "positions": split_positions(positions, today),
        "visits": list(visits),
        "meetings": list(meetings),
        "position_form": bound_form(request, "position_form")
        or PositionInlineForm(user=request.user, prefix=POSITION_PREFIX),
    }


def _organisation_context(request: HttpRequest, organisation: Organisation) -> dict[str, Any]:
    from xiezuo.apps.visits.models import VisitSite

    today = timezone.localdate()
    positions = list(
        Position.objects.visible_to(request.user)  # type: ignore[attr-defined]
        .filter(organisation=organisation)
        .select_related("person")
    )
    grouped = split_positions(positions, today)
    sites = (
        VisitSite.objects.visible_to(request.user)  # type: ignore[attr-defined]
        .filter(organisation=organisation)
        .select_related("visit", "visit__leader")
        .order_by("-visit__start_date", "-visit_id", "order")
    )
    return {
        "today": today,
        "people": grouped["current"] + grouped["upcoming"] + grouped["past"],
        "current_ids": {p.pk for p in grouped["current"]},
        "sites": list(sites),
    }


def _create_person(*, actor: Any, data: dict[str, Any], m2m: Any = None, reason: str = "", batch: str = "") -> Person:
    # The form's positions go to the service beside the person; `batch` is the importer's, so the rows of
    # a file's people are logged in the import's batch as they are written.
    data = dict(data)
    positions = data.pop("positions", ())
    return services.create_person(actor=actor, data=data, m2m=m2m, positions=positions, reason=reason, batch=batch)


PEOPLE = register(
    LedgerType(
        model=Person,
        slug="people",
        form=PersonForm,
        list_columns=("name", "region", "pairing"),
        search_fields=("name", "positions__title"),
        ordering_fields=("name",),
        group="ledger",
        create=_create_person,
        update=services.update_person,
        delete=services.delete_person,
        extra={"detail_template": "people/person_detail.html", "detail_context": _person_context},
    )
)
POSITIONS = register(
    LedgerType(
        model=Position,
        slug="positions",
        form=PositionForm,
        list_columns=("title", "person", "organisation", "start_date", "end_date"),
        search_fields=("title", "person__name"),
        ordering_fields=("title", "start_date"),
        group="ledger",
        create=services.create_position,
        update=services.update_position,
        delete=services.delete_position,
    )
)
ORGANISATIONS = register(
    LedgerType(
        model=Organisation,
        slug="organisations",
        form=OrganisationForm,
        list_columns=("name", "type", "region", "pairing"),
        search_fields=("name",),
        filter_fields=("type",),
        ordering_fields=("name", "type"),
        group="ledger",
        create=services.create_organisation,
        update=services.update_organisation,
        delete=services.delete_organisation,
        extra={"detail_template": "people/organisation_detail.html", "detail_context": _organisation_context},
    )
)


@login_required
@require_POST
def add_position_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The inline "add position" form of a person's page."""
    person = get_object_or_404(Person.objects.editable_by(request.user), pk=pk)  # type: ignore[attr-defined]
    form = PositionInlineForm(request.POST, user=request.user, prefix=POSITION_PREFIX)
    if form.is_valid():
        data, _m2m = form.service_arguments()
        try:
            position = services.add_position(
                person, actor=request.user, data=data, reason=form.cleaned_data.get("reason", "")
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("%(record)s was added.") % {"record": position})
            return HttpResponseRedirect(reverse("people-detail", args=[pk]) + "#positions")
    return rerender_detail(request, PEOPLE, pk, position_form=form)


@login_required
@require_POST
def end_position_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The "ended on" form beside a current position on its person's page."""
    position = get_object_or_404(Position.objects.editable_by(request.user), pk=pk)  # type: ignore[attr-defined]
    form = EndPositionForm(request.POST)
    if form.is_valid():
        try:
            services.end_position(
                position,
                actor=request.user,
                end_date=form.cleaned_data["end_date"],
                expected_version=form.cleaned_data.get("version") or position.version,
            )
        except (ValidationError, ConflictError) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        else:
            messages.success(request, _("%(record)s ended.") % {"record": position})
    else:
        messages.error(request, _("Give the date the position ended."))
    return HttpResponseRedirect(reverse("people-detail", args=[position.person_id]) + "#positions")
