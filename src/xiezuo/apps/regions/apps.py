from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegionsConfig(AppConfig):
    name = "xiezuo.apps.regions"
    label = "regions"
    verbose_name = _("Regions")

    def ready(self) -> None:
        # Registers this app's ledger types (navigation, generic pages, permission tests).
        from . import views  # noqa: F401
