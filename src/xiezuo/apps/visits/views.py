"""Visit pages: the generic ledger pages, with a detail page showing the itinerary and the meetings.

The visit page edits the itinerary as a list of organisation names (resolved in the visit's
pairing) and adds meetings inline; its queries do not grow with the number of sites or meetings.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xiezuo.apps.core.forms import add_service_errors
from xiezuo.apps.core.registry import LedgerType, register
from xiezuo.apps.core.services import ConflictError
from xiezuo.apps.people.views import bound_form, rerender_detail
from xiezuo.apps.visits import services
from xiezuo.apps.visits.forms import ItineraryForm, MeetingForm, MeetingInlineForm, VisitForm
from xiezuo.apps.visits.models import Meeting, Visit

ITINERARY_PREFIX = "itinerary"
MEETING_PREFIX = "meeting"


def _visit_context(request: HttpRequest, visit: Visit) -> dict[str, Any]:
    sites = list(visit.sites.select_related("organisation").order_by("order"))  # type: ignore[attr-defined]
    meetings = list(
        Meeting.objects.visible_to(request.user)  # type: ignore[attr-defined]
        .filter(visit=visit)
        .prefetch_related("participants")
        .order_by("date", "pk")
    )
    itinerary_form = bound_form(request, "itinerary_form") or ItineraryForm(
        prefix=ITINERARY_PREFIX,
        initial={"sites": "\n".join(site.organisation.name for site in sites), "version": visit.version},
    )
    meeting_form = bound_form(request, "meeting_form")
    if meeting_form is None:
        participants = [visit.leader_id] if visit.leader_id else []
        participants += [pk for pk in visit.members.values_list("pk", flat=True) if pk not in participants]  # type: ignore[attr-defined]
        meeting_form = MeetingInlineForm(
            user=request.user,
            prefix=MEETING_PREFIX,
            initial={"date": visit.start_date, "participants": participants},
        )
    return {"sites": sites, "meetings": meetings, "itinerary_form": itinerary_form, "meeting_form": meeting_form}


VISITS = register(
    LedgerType(
        model=Visit,
        slug="visits",
        form=VisitForm,
        list_columns=("delegation", "start_date", "direction", "leader", "pairing"),
        search_fields=("delegation", "leader__name"),
        filter_fields=("direction",),
        ordering_fields=("start_date", "delegation"),
        detail_fields=(
            "delegation",
            "direction",
            "leader",
            "members",
            "from_region",
            "to_region",
            "start_date",
            "end_date",
            "pairing",
            "note",
        ),
        group="ledger",
        create=services.create_visit,
        update=services.update_visit,
        delete=services.delete_visit,
        extra={"detail_template": "visits/visit_detail.html", "detail_context": _visit_context},
    )
)
MEETINGS = register(
    LedgerType(
        model=Meeting,
        slug="meetings",
        form=MeetingForm,
        list_columns=("name", "date", "visit", "pairing"),
        search_fields=("name",),
        ordering_fields=("date", "name"),
        detail_fields=("name", "date", "visit", "participants", "outcome", "pairing"),
        group="ledger",
        create=services.add_meeting,
        update=services.update_meeting,
        delete=services.delete_meeting,
    )
)


@login_required
@require_POST
def itinerary_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Replace a visit's sites with the organisations named, in the order given."""
    visit = get_object_or_404(Visit.objects.editable_by(request.user), pk=pk)  # type: ignore[attr-defined]
    form = ItineraryForm(request.POST, prefix=ITINERARY_PREFIX)
    if form.is_valid():
        try:
            services.set_itinerary_by_names(
                visit,
                form.cleaned_data["sites"],
                actor=request.user,
                expected_version=form.cleaned_data.get("version") or visit.version,
                create_missing=form.cleaned_data["create_missing"],
                reason=form.cleaned_data.get("reason", ""),
            )
        except ConflictError as error:
            # Keep what they typed, now based on the current version: saving again overwrites knowingly.
            data = request.POST.copy()
            data[f"{ITINERARY_PREFIX}-version"] = str(error.current or visit.version)
            form = ItineraryForm(data, prefix=ITINERARY_PREFIX)
            form.is_valid()
            form.add_error(None, str(error))
        except ValidationError as error:
            add_service_errors(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The itinerary was saved."))
            return HttpResponseRedirect(reverse("visits-detail", args=[pk]) + "#itinerary")
    return rerender_detail(request, VISITS, pk, itinerary_form=form)


@login_required
@require_POST
def add_meeting_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The inline "add meeting" form of a visit's page."""
    visit = get_object_or_404(Visit.objects.editable_by(request.user), pk=pk)  # type: ignore[attr-defined]
    form = MeetingInlineForm(request.POST, user=request.user, prefix=MEETING_PREFIX)
    if form.is_valid():
        data, m2m = form.service_arguments()
        try:
            meeting = services.add_meeting(
                actor=request.user,
                data={**data, "visit": visit, "pairing": visit.pairing},
                m2m=m2m,
                reason=form.cleaned_data.get("reason", ""),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("%(record)s was added.") % {"record": meeting})
            return HttpResponseRedirect(reverse("visits-detail", args=[pk]) + "#meetings")
    return rerender_detail(request, VISITS, pk, meeting_form=form)
