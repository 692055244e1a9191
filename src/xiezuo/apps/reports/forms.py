from xiezuo.apps.core.forms import LedgerForm
from xiezuo.apps.reports.models import Report


class ReportForm(LedgerForm):
    class Meta:
        model = Report
        fields = ["pairing", "title", "source_url", "published", "original"]
