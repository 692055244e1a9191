"""`{% reports_for record %}`: the reports a ledger record came from, as a section of its page.

Included by core/detail.html, so every record's page links back to its evidence; only the reports the
user may read are listed, and nothing is shown when there are none.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.db import models

register = template.Library()


@register.inclusion_tag("reports/_reports_for.html", takes_context=True)
def reports_for(context: template.Context, record: Any) -> dict[str, Any]:
    from xiezuo.apps.reports.models import Report
    from xiezuo.apps.reports.services import reports_of

    request = context.get("request")
    if request is None or not isinstance(record, models.Model) or isinstance(record, Report) or record.pk is None:
        return {"reports": []}
    found = reports_of(record)
    ids = found.values("pk") if hasattr(found, "values") else [report.pk for report in found]
    reports = (
        Report.objects.visible_to(request.user)  # type: ignore[attr-defined]
        .filter(pk__in=ids)
        .select_related("pairing")
        .order_by("-published", "-pk")
    )
    return {"reports": list(reports)}


@register.filter
def match_url(match: dict[str, Any] | None) -> str:
    """The page of the record a proposal matches."""
    from xiezuo.apps.reports.views import match_url as url_of

    return url_of(match)


@register.filter
def value_key(field_name: str) -> str:
    """`visits.visit-1.sites` → `sites`: the value a proposal field edits, for styling and tests."""
    return field_name.rsplit(".", 1)[-1]


@register.simple_tag
def shown_value(value: Any) -> str:
    """A proposal value read-only: lists joined with 、, nothing as —."""
    if value in (None, "", []):
        return "—"
    if isinstance(value, list | tuple):
        return "、".join(str(v) for v in value)
    return str(value)
