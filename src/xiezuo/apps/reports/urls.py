from xiezuo.apps.core.views import ledger_urls
from xiezuo.apps.reports.views import REPORTS

urlpatterns = ledger_urls(REPORTS)
