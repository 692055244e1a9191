"""The change log page: the changes to records the user may see, newest first."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from xiezuo.apps.core.models import ChangeLog
from xiezuo.apps.core.registry import ledger_types
from xiezuo.apps.core.scoping import scope_of

PAGE_SIZE = 50


@login_required
def changelog_view(request: HttpRequest) -> HttpResponse:
    changes = ChangeLog.objects.select_related("actor", "content_type")
    if not scope_of(request.user).everything:
        # Only changes to records the user can see now (deleted records: their pairing, from the snapshot).
        from django.contrib.contenttypes.models import ContentType
        from django.db.models import Q

        visible = Q(pk__in=[])
        for ledger_type in ledger_types():
            content_type = ContentType.objects.get_for_model(ledger_type.model)
            ids = ledger_type.model.objects.visible_to(request.user).values_list("pk", flat=True)  # type: ignore[attr-defined]
            visible |= Q(content_type=content_type, object_id__in=[str(i) for i in ids[:5000]])
        changes = changes.filter(visible)
    page = Paginator(changes, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "core/changelog.html", {"page": page, "changes": page.object_list})
