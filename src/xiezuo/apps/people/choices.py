from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationType(models.TextChoices):
    ENTERPRISE = "enterprise", _("Enterprise")
    RESEARCH_INSTITUTE = "research_institute", _("Research institute")
    PARK = "park", _("Park or platform")
    ASSOCIATION = "association", _("Association")
    CHARITY = "charity", _("Charity")
    SOCIAL_GROUP = "social_group", _("Social group")
    GOVERNMENT_BODY = "government_body", _("Government body")
    SCHOOL = "school", _("School")
    HOSPITAL = "hospital", _("Hospital")
    VILLAGE_COLLECTIVE = "village_collective", _("Village collective")
    OTHER = "other", _("Other")
