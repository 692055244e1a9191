"""Choices of agreements and indicators: the areas of work an assessment covers, the units indicators are
counted in, and the counting rules the platform knows (domain.md "Indicators")."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Area(models.TextChoices):
    """The areas of an annual report: one sheet each in the exported workbook."""

    FUNDS = "funds", _("Funds and projects")
    TALENT = "talent", _("Talent exchange")
    LABOUR = "labour", _("Labour cooperation")
    CONSUMPTION = "consumption", _("Consumption cooperation")
    INDUSTRY = "industry", _("Industrial cooperation")
    SOCIAL = "social", _("Social assistance")


class Unit(models.TextChoices):
    """Money is kept in yuan and shown in 万元, the unit of every agreement and assessment."""

    WAN_YUAN = "wan_yuan", _("10,000 yuan (万元)")
    PERSONS = "persons", _("persons (人)")
    PERSON_TIMES = "person_times", _("person-times (人次)")
    COUNT = "count", _("count (个)")


class Rule(models.TextChoices):
    """The counting rules (统计口径) the platform can apply; `agreements.rules` says how each counts."""

    FISCAL_AID_FUNDS = "fiscal_aid_funds", _("Fiscal aid funds received")
    PROJECTS = "projects", _("Projects of the year")
    INDUSTRIAL_PROJECTS = "industrial_projects", _("Industrial projects of the year")
    CADRES_EAST_TO_WEST = "cadres_east_to_west", _("Cadres sent east to west")
    CADRES_WEST_TO_EAST = "cadres_west_to_east", _("Cadres sent west to east")
    PROFESSIONALS_EAST_TO_WEST = "professionals_east_to_west", _("Professionals sent east to west")
    PROFESSIONALS_WEST_TO_EAST = "professionals_west_to_east", _("Professionals sent west to east")
    RURAL_WORKERS = "rural_workers", _("Rural workers helped into jobs")
    RURAL_WORKERS_FORMERLY_POOR = "rural_workers_formerly_poor", _("Formerly poor workers helped into jobs")
    CONSUMPTION = "consumption", _("Products bought or helped to sell")
    ENTERPRISES_GUIDED = "enterprises_guided", _("Enterprises guided to invest")
    ACTUAL_INVESTMENT = "actual_investment", _("Actual investment")
    CO_BUILT_PARKS = "co_built_parks", _("Co-built industrial parks")
    VILLAGE_PAIRINGS = "village_pairings", _("Villages paired with enterprises and organisations")
    SOCIAL_DONATIONS = "social_donations", _("Social donations")
    STUDENTS_AIDED = "students_aided", _("Students aided")
    VOLUNTEERS = "volunteers", _("Volunteers serving")
