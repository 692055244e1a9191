from xiezuo.apps.core.views import ledger_urls
from xiezuo.apps.pairings.views import PAIRINGS

urlpatterns = ledger_urls(PAIRINGS)
