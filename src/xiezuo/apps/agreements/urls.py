from xiezuo.apps.agreements.views import AGREEMENTS, INDICATORS, PERIOD_LOCKS
from xiezuo.apps.core.views import ledger_urls

urlpatterns = [
    *ledger_urls(AGREEMENTS),
    *ledger_urls(INDICATORS),
    *ledger_urls(PERIOD_LOCKS),
]
