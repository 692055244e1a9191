from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "xiezuo.apps.agreements"
    label = "agreements"
    verbose_name = _("Agreements and assessment")

    def ready(self) -> None:
        # Registers this app's ledger types (navigation, generic pages, permission tests).
        from . import views  # noqa: F401
