"""The REST API of reports: read, edit the header of and delete reports; they come in through the
ingester (the "add reports" page, `xiezuo ingest`), which repairs and reads them, never as bare JSON."""

from __future__ import annotations

from xiezuo.apps.core.api import ledger_viewset
from xiezuo.apps.reports.views import REPORTS


class ReportViewSet(ledger_viewset(REPORTS)):  # type: ignore[misc]
    http_method_names = ["get", "put", "patch", "delete", "head", "options"]


VIEWSETS = (ReportViewSet,)
