"""The remaining ledgers of a pairing's work: secondments, labour and consumption cooperation, co-built
parks and investment leads with their inflows, donations, student aid and volunteer services.

Each record is one dated fact of a pairing (never a running total): the indicators add them up.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from xiezuo.apps.cooperation.choices import (
    Channel,
    ConsumptionKind,
    Destination,
    Direction,
    DonationKind,
    DonorKind,
    LeadStage,
    SecondmentKind,
)
from xiezuo.apps.core.models import LedgerModel
from xiezuo.apps.core.scoping import ScopedManager

ZERO = Decimal("0")


def _money(label: str, **extra: object) -> models.DecimalField:  # type: ignore[type-arg]
    """An amount in yuan, never negative."""
    validators = extra.pop("validators", [MinValueValidator(ZERO)])
    return models.DecimalField(label, max_digits=16, decimal_places=2, validators=validators, **extra)  # type: ignore[arg-type]


def _pairing(related_name: str) -> models.ForeignKey:  # type: ignore[type-arg]
    return models.ForeignKey(
        "pairings.Pairing", on_delete=models.PROTECT, related_name=related_name, verbose_name=_("pairing")
    )


def _period_ordered(prefix: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=models.Q(period_end__gte=models.F("period_start")),
        name=f"{prefix}_period_ends_after_it_starts",
        violation_error_message=_("A period cannot end before it starts."),
    )


class Secondment(LedgerModel):
    """A cadre or professional seconded (挂职/干部互派) from one side to the other, for a period."""

    pairing = _pairing("secondments")
    person = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="secondments",
        verbose_name=_("person"),
    )
    name = models.CharField(_("name"), max_length=100, blank=True, help_text=_("Empty: the person's name."))
    kind = models.CharField(_("kind"), max_length=16, choices=SecondmentKind.choices)
    direction = models.CharField(_("direction"), max_length=16, choices=Direction.choices)
    host_organisation = models.CharField(_("host organisation"), max_length=200, blank=True)
    start_date = models.DateField(_("from date"))
    end_date = models.DateField(_("until date"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    pairing_path = "pairing"
    period_field = "start_date"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("secondment")
        verbose_name_plural = _("secondments")
        ordering = ["-start_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True) | models.Q(end_date__gte=models.F("start_date")),
                name="secondment_ends_after_it_starts",
                violation_error_message=_("A secondment cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=~models.Q(name="") | models.Q(person__isnull=False),
                name="secondment_names_someone",
                violation_error_message=_("Give the seconded person's name, or choose the person."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name or self.person} ({self.get_kind_display()}, {self.start_date:%Y-%m-%d})"


class LabourPlacement(LedgerModel):
    """Rural workers helped into jobs (劳务协作就业) in a period, of which formerly poor, by destination."""

    pairing = _pairing("labour_placements")
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period until"))
    workers = models.PositiveIntegerField(_("workers"))
    formerly_poor = models.PositiveIntegerField(_("of which formerly poor"), default=0)
    destination = models.CharField(_("destination"), max_length=24, choices=Destination.choices)
    note = models.TextField(_("note"), blank=True)

    pairing_path = "pairing"
    period_field = "period_start"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("labour placement")
        verbose_name_plural = _("labour placements")
        ordering = ["-period_start", "pk"]
        constraints = [
            _period_ordered("labour"),
            models.CheckConstraint(
                condition=models.Q(workers__gte=0),
                name="labour_workers_not_negative",
                violation_error_message=_("The number of workers cannot be negative."),
            ),
            models.CheckConstraint(
                condition=models.Q(formerly_poor__lte=models.F("workers")),
                name="labour_formerly_poor_within_workers",
                violation_error_message=_("Formerly poor workers cannot be more than all workers."),
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.period_start:%Y-%m-%d}–{self.period_end:%Y-%m-%d} {self.get_destination_display()}: {self.workers}"
        )


class ConsumptionRecord(LedgerModel):
    """Products bought or helped to sell (消费协作) in a period, through a channel, in yuan."""

    pairing = _pairing("consumption_records")
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period until"))
    product = models.CharField(_("product"), max_length=200)
    channel = models.CharField(_("channel"), max_length=24, choices=Channel.choices)
    kind = models.CharField(_("kind"), max_length=16, choices=ConsumptionKind.choices)
    amount_yuan = _money(_("amount (yuan)"))
    note = models.TextField(_("note"), blank=True)

    pairing_path = "pairing"
    period_field = "period_start"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("consumption record")
        verbose_name_plural = _("consumption records")
        ordering = ["-period_start", "pk"]
        constraints = [
            _period_ordered("consumption"),
            models.CheckConstraint(
                condition=models.Q(amount_yuan__gte=0),
                name="consumption_amount_not_negative",
                violation_error_message=_("The amount cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.product} ({self.get_kind_display()}, {self.period_start:%Y-%m-%d})"


class IndustrialPark(LedgerModel):
    """An industrial park co-built by the pairing (共建产业园区)."""

    pairing = _pairing("industrial_parks")
    name = models.CharField(_("name"), max_length=200)
    region = models.ForeignKey(
        "regions.Region",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="industrial_parks",
        verbose_name=_("region"),
    )
    established = models.DateField(_("established"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    pairing_path = "pairing"
    period_field = "established"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("co-built industrial park")
        verbose_name_plural = _("co-built industrial parks")
        ordering = ["name", "pk"]
        constraints = [models.UniqueConstraint(fields=["pairing", "name"], name="park_unique_name_in_pairing")]

    def __str__(self) -> str:
        return self.name


class InvestmentLead(LedgerModel):
    """An enterprise brought to invest in the west through joint investment promotion (联动招商), by stage."""

    pairing = _pairing("investment_leads")
    enterprise = models.CharField(_("enterprise"), max_length=200)
    organisation = models.ForeignKey(
        "people.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="investment_leads",
        verbose_name=_("organisation"),
    )
    stage = models.CharField(_("stage"), max_length=16, choices=LeadStage.choices, default=LeadStage.LEAD)
    agreed_investment_yuan = _money(_("agreed investment (yuan)"), null=True, blank=True)
    park = models.ForeignKey(
        IndustrialPark,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="investment_leads",
        verbose_name=_("industrial park"),
    )
    jobs_created = models.PositiveIntegerField(_("jobs created"), null=True, blank=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    pairing_path = "pairing"
    period_field = "signed_on"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("investment lead")
        verbose_name_plural = _("investment leads")
        ordering = ["enterprise", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(agreed_investment_yuan__isnull=True) | models.Q(agreed_investment_yuan__gte=0),
                name="lead_agreed_investment_not_negative",
                violation_error_message=_("The agreed investment cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} ({self.get_stage_display()})"


class InvestmentInflow(LedgerModel):
    """A dated amount actually invested (实际到位投资) by an investment lead."""

    lead = models.ForeignKey(
        InvestmentLead, on_delete=models.PROTECT, related_name="inflows", verbose_name=_("investment lead")
    )
    date = models.DateField(_("date"))
    amount_yuan = _money(_("amount (yuan)"), validators=[MinValueValidator(Decimal("0.01"))])
    note = models.CharField(_("note"), max_length=200, blank=True)

    pairing_path = "lead__pairing"
    period_field = "date"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("investment inflow")
        verbose_name_plural = _("investment inflows")
        ordering = ["lead", "date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount_yuan__gt=0),
                name="inflow_amount_positive",
                violation_error_message=_("An investment inflow is more than zero yuan."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.lead.enterprise} {self.date:%Y-%m-%d} {self.amount_yuan:,.2f}"


class Donation(LedgerModel):
    """A donation of money or goods (爱心捐助, 社会帮扶) by a donor, valued in yuan."""

    pairing = _pairing("donations")
    donor = models.CharField(_("donor"), max_length=200)
    donor_kind = models.CharField(_("kind of donor"), max_length=16, choices=DonorKind.choices)
    kind = models.CharField(_("money or goods"), max_length=8, choices=DonationKind.choices)
    value_yuan = _money(_("value (yuan)"))
    date = models.DateField(_("date"))
    purpose = models.CharField(_("purpose"), max_length=300, blank=True)

    pairing_path = "pairing"
    period_field = "date"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("donation")
        verbose_name_plural = _("donations")
        ordering = ["-date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(value_yuan__gte=0),
                name="donation_value_not_negative",
                violation_error_message=_("The value cannot be negative."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.donor} ({self.get_kind_display()})"


class StudentAid(LedgerModel):
    """Students aided through paired sponsorship (结对助学), with the amount given."""

    pairing = _pairing("student_aid")
    students = models.PositiveIntegerField(_("students"))
    amount_yuan = _money(_("amount (yuan)"))
    date = models.DateField(_("date"))
    donor = models.CharField(_("donor"), max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True)

    pairing_path = "pairing"
    period_field = "date"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("student aid")
        verbose_name_plural = _("student aid")
        ordering = ["-date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount_yuan__gte=0),
                name="student_aid_amount_not_negative",
                violation_error_message=_("The amount cannot be negative."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.donor}: {self.students}"


class VolunteerService(LedgerModel):
    """A volunteer activity (志愿服务): how many volunteers, how many hours."""

    pairing = _pairing("volunteer_services")
    date = models.DateField(_("date"))
    activity = models.CharField(_("activity"), max_length=200)
    volunteers = models.PositiveIntegerField(_("volunteers"))
    hours = models.DecimalField(_("hours"), max_digits=10, decimal_places=1, validators=[MinValueValidator(ZERO)])
    note = models.TextField(_("note"), blank=True)

    pairing_path = "pairing"
    period_field = "date"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("volunteer service")
        verbose_name_plural = _("volunteer services")
        ordering = ["-date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(hours__gte=0),
                name="volunteering_hours_not_negative",
                violation_error_message=_("Hours of service cannot be negative."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.activity}"
