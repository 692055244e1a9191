from xiezuo.apps.core.views import ledger_urls
from xiezuo.apps.visits.views import MEETINGS, VISITS

urlpatterns = ledger_urls(VISITS) + ledger_urls(MEETINGS)
