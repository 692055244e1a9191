from django.db import models
from django.utils.translation import gettext_lazy as _


class Direction(models.TextChoices):
    WEST_TO_EAST = "west_to_east", _("West side visits east")
    EAST_TO_WEST = "east_to_west", _("East side visits west")
