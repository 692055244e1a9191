from xiezuo.apps.core.views import ledger_urls
from xiezuo.apps.regions.views import REGIONS

urlpatterns = ledger_urls(REGIONS)
