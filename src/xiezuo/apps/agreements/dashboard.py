"""The assessment dashboard: target against actual for a pairing or a region's side in a year, by area, with
its charts, the rows behind every number, what is still missing, and the printable annual report.

Every number comes from `figures.assess` (the same numbers as the Excel workbook); this module only lays
them out (`lines.py`) and adds a fixed number of queries of its own (the choices of the form, the target
revisions), so a page costs the same however many ledger rows it counts. The rows behind a number are the
rule's own queryset (`CountingRule.rows` / `split_rows`), paginated in SQL.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.cache import cache_control

from xiezuo.apps.agreements import figures, lines
from xiezuo.apps.agreements.models import Indicator, ManualActual
from xiezuo.apps.agreements.rules import WAN, CountingRule, Split, _choices, rule_for
from xiezuo.apps.core.registry import ledger_type_for
from xiezuo.apps.core.views import _cell, _is_relation, _label

ROWS_PAGE_SIZE = 50
COVERAGE_PARAMETERS = ("pairing", "region", "side", "year")


@cache_control(private=True, no_store=True)
def dashboard_view(request: HttpRequest) -> HttpResponse:
    """The dashboard of the coverage and year chosen (by default: the user's first pairing, its latest year)."""
    try:
        coverage, year = figures.coverage_from_query(request.GET, request.user)
    except Http404:
        if any(request.GET.get(name) for name in COVERAGE_PARAMETERS):
            raise
        # Nothing asked and nothing seen: say so rather than answer "not found".
        return render(request, "agreements/dashboard.html", {"nothing": True})
    assessment = figures.assess(coverage, year)
    context = lines.report(assessment)
    context.update(lines.choices(request.user, coverage, year))
    context["charts"] = lines.charts(context["lines"])
    return render(request, "agreements/dashboard.html", context)


@cache_control(private=True, no_store=True)
def print_view(request: HttpRequest) -> HttpResponse:
    """The annual report as a printable page: every area's table and what is missing, without navigation."""
    coverage, year = figures.coverage_from_query(request.GET, request.user)
    context = lines.report(figures.assess(coverage, year))
    context["printed"] = timezone.localtime()
    return render(request, "agreements/print.html", context)


@cache_control(private=True, no_store=True)
def rows_view(request: HttpRequest, code: str) -> HttpResponse:
    """The ledger rows an indicator counts for the coverage and year (or the rows of one of its breakdowns)."""
    coverage, year = figures.coverage_from_query(request.GET, request.user)
    indicator = Indicator.objects.filter(code=code).first()
    if indicator is None:
        raise Http404
    try:
        rule = rule_for(indicator.rule)
    except KeyError:
        raise Http404 from None
    split = _split(rule, request.GET.get("split", ""))
    value = request.GET.get("value", "")
    replaced = figures.replaced_pairings(coverage, indicator, year)
    pairing_ids = coverage.pairing_ids - replaced
    rows = rule.split_rows(pairing_ids, year, split, value) if split else rule.rows(pairing_ids, year)
    ledger_type = ledger_type_for(rule.model)
    columns = ledger_type.list_columns if ledger_type else ("__str__",)
    related = [name for name in columns if _is_relation(rule.model, name)]
    if related:
        rows = rows.select_related(*related)
    if not rows.ordered:
        rows = rows.order_by("pk")
    try:
        total = _total(rule, rows, split)
        page = Paginator(rows, ROWS_PAGE_SIZE).get_page(request.GET.get("page"))
    except (ValueError, ValidationError):
        raise Http404 from None  # a breakdown value of the wrong type
    query = {**coverage.query(), "year": year}
    manuals = (
        ManualActual.objects.filter(
            agreement__year=year, agreement__pairing_id__in=coverage.pairing_ids, indicator=indicator
        ).select_related("agreement__pairing")
        if replaced
        else []
    )
    return render(
        request,
        "agreements/rows.html",
        {
            "coverage": coverage,
            "year": year,
            "indicator": indicator,
            "rule": rule,
            "split": split,
            "split_value": _value_label(rule, split, value) if split else "",
            "total": total,
            "distinct": rule.identity is not None,
            "page": page,
            "columns": [_label(rule.model, name) for name in columns],
            "rows": [(row, [_cell(row, name) for name in columns]) for row in page],
            "detail": f"{ledger_type.slug}-detail" if ledger_type else "",
            "replaced": len(replaced),
            "manuals": manuals,
            "dashboard_url": f"{reverse('assessment')}?{urlencode(query)}",
            "keep": urlencode({k: v for k, v in request.GET.items() if k != "page" and v}),
        },
    )


@cache_control(private=True, no_store=True)
def missing_evidence_view(request: HttpRequest) -> HttpResponse:
    """The year's projects without evidence, each linking to its page, where a document is attached."""
    coverage, year = figures.coverage_from_query(request.GET, request.user)
    projects = figures.projects_without_evidence(coverage.pairing_ids, year).select_related("pairing")
    page = Paginator(projects, ROWS_PAGE_SIZE).get_page(request.GET.get("page"))
    query = {**coverage.query(), "year": year}
    return render(
        request,
        "agreements/missing_evidence.html",
        {
            "coverage": coverage,
            "year": year,
            "page": page,
            "dashboard_url": f"{reverse('assessment')}?{urlencode(query)}",
            "keep": urlencode({k: v for k, v in request.GET.items() if k != "page" and v}),
        },
    )


def _split(rule: CountingRule, key: str) -> Split | None:
    if not key:
        return None
    split = next((s for s in rule.splits if s.key == key), None)
    if split is None:
        raise Http404
    return split


def _total(rule: CountingRule, rows: Any, split: Split | None) -> Decimal:
    """What the rows add up to, as the dashboard shows it: the part's sum, or the rule's own aggregate."""
    aggregate = Sum(split.part) if split is not None and split.part else rule.value()
    amount = Decimal(rows.order_by().aggregate(value=aggregate)["value"] or 0)
    return (amount / WAN).quantize(Decimal("0.01")) if rule.money else amount


def _value_label(rule: CountingRule, split: Split, value: str) -> str:
    """The label of a breakdown's value ("eastern partner" for eastern_partner), or the part's label."""
    if split.part:
        return str(split.label)
    labels = {str(k): str(v) for k, v in _choices(rule.model, split.by)}
    return labels.get(value, value or "—")
