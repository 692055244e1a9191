from xiezuo.apps.cooperation.views import LEDGER_TYPES
from xiezuo.apps.core.views import ledger_urls

urlpatterns = [url for ledger_type in LEDGER_TYPES for url in ledger_urls(ledger_type)]
