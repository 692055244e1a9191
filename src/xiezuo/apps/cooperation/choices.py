"""Choices of the cooperation ledgers: kinds of secondment, destinations of labour, channels of consumption,
stages of investment leads and kinds of donation (glossary.md, domain.md "Indicators")."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SecondmentKind(models.TextChoices):
    """Cadres (党政干部) and professionals by field: the indicators count each separately."""

    CADRE = "cadre", _("Party and government cadre (党政干部)")
    EDUCATION = "education", _("Education professional (教育)")
    HEALTH = "health", _("Health professional (医疗)")
    AGRICULTURE = "agriculture", _("Agricultural technician (农技)")
    OTHER = "other", _("Other professional")


class Direction(models.TextChoices):
    EAST_TO_WEST = "east_to_west", _("East to west")
    WEST_TO_EAST = "west_to_east", _("West to east")


class Destination(models.TextChoices):
    """Where rural workers were helped into jobs."""

    EASTERN_PARTNER = "eastern_partner", _("The eastern partner")
    NEARBY_IN_PROVINCE = "nearby_in_province", _("Nearby, in the province")
    ELSEWHERE = "elsewhere", _("Elsewhere")


class Channel(models.TextChoices):
    PLATFORM_832 = "832_platform", _("The 832 platform")
    PROCUREMENT_HALL = "procurement_hall", _("Procurement hall")
    UNIONS = "unions", _("Trade unions")
    LIVE_STREAMING = "live_streaming", _("Live streaming")
    ENTERPRISE = "enterprise", _("Enterprises")
    OTHER = "other", _("Other")


class ConsumptionKind(models.TextChoices):
    BOUGHT = "bought", _("Bought (采购)")
    HELPED_TO_SELL = "helped_to_sell", _("Helped to sell (帮助销售)")


class LeadStage(models.TextChoices):
    """The stages an investment lead moves through, in order."""

    LEAD = "lead", _("Lead")
    TALKS = "talks", _("In talks")
    SIGNED = "signed", _("Signed")
    STARTED = "started", _("Construction started")
    PRODUCING = "producing", _("Producing")


class DonorKind(models.TextChoices):
    ENTERPRISE = "enterprise", _("Enterprise")
    ASSOCIATION = "association", _("Trade association")
    CHARITY = "charity", _("Charity")
    SOCIAL_GROUP = "social_group", _("Social group")
    INDIVIDUAL = "individual", _("Individual")
    OTHER = "other", _("Other")


class DonationKind(models.TextChoices):
    MONEY = "money", _("Money")
    GOODS = "goods", _("Goods")
