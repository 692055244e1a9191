from django.db import models
from django.utils.translation import gettext_lazy as _


class RegionLevel(models.TextChoices):
    PROVINCE = "province", _("Province")
    PREFECTURE = "prefecture", _("Prefecture")
    COUNTY = "county", _("County")
    FUNCTIONAL = "functional", _("Functional area")
    TOWN = "town", _("Town or township")
    VILLAGE = "village", _("Village")
