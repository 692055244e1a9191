from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VisitsConfig(AppConfig):
    name = "xiezuo.apps.visits"
    label = "visits"
    verbose_name = _("Visits")

    def ready(self) -> None:
        # Registers this app's ledger types (navigation, generic pages, permission tests).
        from . import views  # noqa: F401
