"""Pairing pages: the ledger pages of pairings, and the home page of the pairings a user works on."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from xiezuo.apps.core.registry import LedgerType, register
from xiezuo.apps.pairings import services
from xiezuo.apps.pairings.forms import PairingForm
from xiezuo.apps.pairings.models import Pairing


def _pairing_context(request: HttpRequest, pairing: Pairing) -> dict[str, Any]:
    from xiezuo.apps.pairings.dashboard import dashboard

    return {"dashboard": dashboard(pairing, request.user)}


PAIRINGS = register(
    LedgerType(
        model=Pairing,
        slug="pairings",
        form=PairingForm,
        list_columns=("__str__", "level", "kind", "parent", "start_date"),
        search_fields=("name", "east_regions__name", "west_regions__name"),
        filter_fields=("level", "kind"),
        ordering_fields=("level", "start_date", "name"),
        detail_fields=("level", "kind", "parent", "east_regions", "west_regions", "start_date", "note"),
        group="ledger",
        create=services.create_pairing,
        update=services.update_pairing,
        extra={"detail_template": "pairings/detail.html", "detail_context": _pairing_context},
    )
)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The pairings the user works on, each with its figures; one pairing opens straight onto its page."""
    from xiezuo.apps.pairings.dashboard import dashboard

    pairings = list(
        Pairing.objects.visible_to(request.user)  # type: ignore[attr-defined]
        .filter(level__in=["county", "city", "province"])
        .prefetch_related("east_regions", "west_regions")[:50]
    )
    return render(
        request,
        "pairings/home.html",
        {"pairings": pairings, "boards": [(p, dashboard(p, request.user)) for p in pairings[:3]]},
    )
