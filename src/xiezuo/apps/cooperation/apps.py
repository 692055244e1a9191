from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CooperationConfig(AppConfig):
    name = "xiezuo.apps.cooperation"
    label = "cooperation"
    verbose_name = _("Cooperation ledgers")

    def ready(self) -> None:
        # Registers this app's ledger types (navigation, generic pages, permission tests).
        from . import views  # noqa: F401
