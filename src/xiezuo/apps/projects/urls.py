from xiezuo.apps.core.views import ledger_urls
from xiezuo.apps.projects.views import PROJECTS, TRANSACTIONS

urlpatterns = ledger_urls(PROJECTS) + ledger_urls(TRANSACTIONS)
