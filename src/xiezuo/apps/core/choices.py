"""Choices shared by the apps."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Side(models.TextChoices):
    EAST = "east", _("East side")
    WEST = "west", _("West side")


class Role(models.TextChoices):
    EDITOR = "editor", _("Editor")
    VIEWER = "viewer", _("Viewer")
    SUPERVISOR = "supervisor", _("Supervisor")
    ADMIN = "admin", _("Administrator")


class ChangeAction(models.TextChoices):
    CREATE = "create", _("Created")
    UPDATE = "update", _("Updated")
    DELETE = "delete", _("Deleted")
    REVERT = "revert", _("Reverted")
