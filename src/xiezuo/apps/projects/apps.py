from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "xiezuo.apps.projects"
    label = "projects"
    verbose_name = _("Projects and funds")

    def ready(self) -> None:
        # Registers this app's ledger types (navigation, generic pages, permission tests).
        from . import views  # noqa: F401
