"""Annual agreements (年度协议) and their indicator targets, manual actuals, and the period lock.

The indicator catalogue is data an administrator edits (its names, units and the counting rule in words);
which ledger rows an indicator counts is the code of its rule (`agreements.rules`). Targets keep the value
first agreed beside the revised one; every revision is a row with its reason.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from xiezuo.apps.agreements.choices import Area, Rule, Unit
from xiezuo.apps.core.models import LedgerModel
from xiezuo.apps.core.scoping import ScopedManager

FIRST_YEAR = 1996  # the programme began in 1996
LAST_YEAR = 2100


def _year(label: str) -> models.PositiveSmallIntegerField:  # type: ignore[type-arg]
    return models.PositiveSmallIntegerField(
        label, validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)]
    )


def _quantity(label: str, **extra: object) -> models.DecimalField:  # type: ignore[type-arg]
    """A target or actual in the indicator's unit (万元 to two places, people and counts whole)."""
    return models.DecimalField(label, max_digits=14, decimal_places=2, validators=[MinValueValidator(0)], **extra)  # type: ignore[arg-type]


class Indicator(LedgerModel):
    """One indicator of the catalogue: what is counted, in what unit, by which rule."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    area = models.CharField(_("area"), max_length=16, choices=Area.choices)
    unit = models.CharField(_("unit"), max_length=16, choices=Unit.choices)
    rule = models.CharField(_("counting rule"), max_length=40, choices=Rule.choices)
    counting_rule = models.TextField(_("counting rule, in words"), help_text=_("What the actual counts (统计口径)."))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("in use"), default=True)

    objects = ScopedManager()  # reference data: every signed-in user reads, administrators write

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        """A rule that adds up money is shown in 万元; one that counts people or things is not."""
        from django.core.exceptions import ValidationError

        from xiezuo.apps.agreements.rules import RULES

        rule = RULES.get(self.rule)
        if rule is not None and rule.money != (self.unit == Unit.WAN_YUAN):
            raise ValidationError(
                {
                    "unit": _("The counting rule “%(rule)s” counts in %(unit)s.")
                    % {
                        "rule": self.get_rule_display(),
                        "unit": Unit.WAN_YUAN.label if rule.money else _("persons or a count"),
                    }
                }
            )


class AnnualAgreement(LedgerModel):
    """The agreement a pairing signs for a year, with its targets."""

    pairing = models.ForeignKey(
        "pairings.Pairing", on_delete=models.PROTECT, related_name="agreements", verbose_name=_("pairing")
    )
    year = _year(_("year"))
    title = models.CharField(_("title"), max_length=200, blank=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    pairing_path = "pairing"
    period_field = "year"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("annual agreement")
        verbose_name_plural = _("annual agreements")
        ordering = ["-year", "pairing__label", "pk"]
        constraints = [models.UniqueConstraint(fields=["pairing", "year"], name="agreement_one_per_pairing_year")]

    def __str__(self) -> str:
        return self.title or f"{self.year} · {self.pairing}"


class Target(LedgerModel):
    """An indicator's target in an agreement: the value first agreed and the value now in force."""

    agreement = models.ForeignKey(
        AnnualAgreement, on_delete=models.PROTECT, related_name="targets", verbose_name=_("annual agreement")
    )
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="targets", verbose_name=_("indicator")
    )
    original = _quantity(_("original target"))
    value = _quantity(_("target"))
    note = models.CharField(_("note"), max_length=300, blank=True)

    pairing_path = "agreement__pairing"
    period_field = "agreement__year"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["agreement", "indicator__order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "indicator"], name="target_one_per_indicator"),
        ]

    def __str__(self) -> str:
        return f"{self.agreement.year} {self.indicator}: {self.value}"

    @property
    def revised(self) -> bool:
        return self.value != self.original


class TargetRevision(LedgerModel):
    """One revision of a target (调整): from what, to what, and why."""

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("target"))
    previous = _quantity(_("from"))
    value = _quantity(_("to"))
    reason = models.TextField(_("reason"))

    pairing_path = "target__agreement__pairing"
    period_field = "target__agreement__year"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("target revision")
        verbose_name_plural = _("target revisions")
        ordering = ["target", "created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.target.indicator}: {self.previous} → {self.value}"


class ManualActual(LedgerModel):
    """An actual entered by hand instead of counted from the ledgers: only with evidence, and shown as manual."""

    agreement = models.ForeignKey(
        AnnualAgreement, on_delete=models.PROTECT, related_name="manual_actuals", verbose_name=_("annual agreement")
    )
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="manual_actuals", verbose_name=_("indicator")
    )
    value = _quantity(_("actual"))
    explanation = models.TextField(_("why it is entered by hand"))
    evidence_title = models.CharField(_("evidence"), max_length=200)
    evidence = models.FileField(_("evidence file"), upload_to="agreements/evidence/%Y/")

    pairing_path = "agreement__pairing"
    period_field = "agreement__year"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("manual actual")
        verbose_name_plural = _("manual actuals")
        ordering = ["agreement", "indicator__order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "indicator"], name="manual_actual_one_per_indicator"),
        ]

    def __str__(self) -> str:
        return gettext("%(year)s %(indicator)s: %(value)s (entered by hand)") % {
            "year": self.agreement.year,
            "indicator": self.indicator,
            "value": self.value,
        }


class PeriodLock(LedgerModel):
    """A year frozen before assessment: no record of that year changes until an administrator reopens it."""

    year = models.PositiveSmallIntegerField(
        _("year"), unique=True, validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)]
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)

    objects = ScopedManager()  # reference data: every signed-in user reads, administrators write

    class Meta:
        verbose_name = _("period lock")
        verbose_name_plural = _("period locks")
        ordering = ["-year"]

    def __str__(self) -> str:
        return str(_("%(year)s locked") % {"year": self.year})
