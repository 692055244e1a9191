from django.db import models
from django.utils.translation import gettext_lazy as _


class PairingLevel(models.TextChoices):
    PROVINCE = "province", _("Province")
    CITY = "city", _("City")
    COUNTY = "county", _("County")
    SUB = "sub", _("Below county")


class PairingKind(models.TextChoices):
    REGIONS = "regions", _("Region with region")
    TOWN_TOWN = "town_town", _("Town with town (镇镇)")
    VILLAGE_VILLAGE = "village_village", _("Village with village (村村)")
    ENTERPRISE_VILLAGE = "enterprise_village", _("Enterprise with village (村企)")
    SCHOOL_SCHOOL = "school_school", _("School with school (校校)")
    HOSPITAL_HOSPITAL = "hospital_hospital", _("Hospital with hospital (院院)")
    SOCIAL_VILLAGE = "social_village", _("Social organisation with village")
