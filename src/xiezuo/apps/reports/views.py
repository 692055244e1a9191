from xiezuo.apps.core.registry import LedgerType, register
from xiezuo.apps.reports.forms import ReportForm
from xiezuo.apps.reports.models import Report

REPORTS = register(
    LedgerType(
        model=Report,
        slug="reports",
        form=ReportForm,
        list_columns=("__str__", "published", "status", "pairing"),
        search_fields=("title", "repaired", "source_url"),
        filter_fields=("status",),
        ordering_fields=("published", "status"),
        group="ledger",
    )
)
