from xiezuo.apps.core.views import ledger_urls
from xiezuo.apps.people.views import ORGANISATIONS, PEOPLE, POSITIONS

urlpatterns = ledger_urls(PEOPLE) + ledger_urls(POSITIONS) + ledger_urls(ORGANISATIONS)
