"""What each receiving household is granted, month by month, and how standard changes reach it.

An `Entitlement` is one version of a household's benefit: amount, classes and covered persons
from a month, until the month before the next version. The payroll reads the version in force in
its month; nothing ever edits a version's amount — a change is a new version, so a paid month can
always be explained by the row that paid it. A version whose `month_to` falls before its
`month_from` was replaced before it began and is in force in no month.

A `Recalculation` is the county's review of what a new standard does to every receiving
household; only its confirmation writes new versions.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dibao.policy.models import BenefitClass, ManagementClass
from dibao.registry.models import UrbanRural


class Reason(models.TextChoices):
    APPROVAL = "approval", _("Approved application")
    MIGRATION = "migration", _("Taken over from an earlier roster")
    STANDARD_CHANGE = "standard", _("Standard change")
    REVIEW = "review", _("Review")
    CHANGE = "change", _("Reported change")


class Entitlement(models.Model):
    household = models.ForeignKey(
        "registry.Household",
        on_delete=models.PROTECT,
        related_name="entitlements",
        verbose_name=_("household"),
    )
    month_from = models.DateField(_("from month"))
    month_to = models.DateField(_("to month"), null=True, blank=True)
    amount = models.DecimalField(_("monthly amount"), max_digits=12, decimal_places=2)
    persons = models.PositiveSmallIntegerField(_("covered persons"))
    urban_rural = models.CharField(_("urban/rural"), max_length=5, choices=UrbanRural.choices)
    benefit_class = models.CharField(
        _("benefit class"), max_length=1, choices=BenefitClass.choices, blank=True
    )
    management_class = models.CharField(
        _("management class"), max_length=1, choices=ManagementClass.choices, blank=True
    )
    standard = models.DecimalField(_("standard"), max_digits=10, decimal_places=2, null=True, blank=True)
    per_capita_income = models.DecimalField(
        _("per-capita income"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    single_member = models.ForeignKey(
        "registry.Member",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("single-person inclusion of"),
    )
    next_review = models.DateField(_("next review"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=10, choices=Reason.choices)
    # The assessment's lines as message ids and parameters (see policy.engine.explanation).
    explanation = models.JSONField(_("explanation"), default=list)
    recalculation = models.ForeignKey(
        "Recalculation", on_delete=models.PROTECT, null=True, blank=True, related_name="entitlements"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    actor = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, related_name="+")

    class Meta:
        verbose_name = _("entitlement")
        verbose_name_plural = _("entitlements")
        ordering = ["household_id", "-month_from", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["household"],
                condition=Q(month_to__isnull=True),
                name="entitlement_one_open_per_household",
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="entitlement_amount_not_negative"),
        ]
        indexes = [models.Index(fields=["household", "month_from"], name="entitlement_household_month")]

    def __str__(self) -> str:
        return f"{self.household_id}: {self.amount} from {self.month_from:%Y-%m}"


class Recalculation(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("Waiting for confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        DISCARDED = "discarded", _("Discarded")

    area = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="+", verbose_name=_("area"))
    standard = models.ForeignKey(
        "policy.Standard", on_delete=models.PROTECT, related_name="+", verbose_name=_("new standard")
    )
    month = models.DateField(_("from month"))
    state = models.CharField(_("state"), max_length=9, choices=State.choices, default=State.DRAFT)
    households = models.PositiveIntegerField(_("households"), default=0)
    raised = models.PositiveIntegerField(_("raised"), default=0)
    lowered = models.PositiveIntegerField(_("lowered"), default=0)
    no_longer_eligible = models.PositiveIntegerField(_("no longer eligible"), default=0)
    total_before = models.DecimalField(_("monthly total before"), max_digits=16, decimal_places=2, default=0)
    total_after = models.DecimalField(_("monthly total after"), max_digits=16, decimal_places=2, default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, related_name="+")
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, related_name="+")

    class Meta:
        verbose_name = _("recalculation")
        verbose_name_plural = _("recalculations")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.area_id} {self.month:%Y-%m}"


class RecalculationLine(models.Model):
    recalculation = models.ForeignKey(Recalculation, on_delete=models.CASCADE, related_name="lines")
    household = models.ForeignKey("registry.Household", on_delete=models.PROTECT, related_name="+")
    entitlement = models.ForeignKey(Entitlement, on_delete=models.PROTECT, related_name="+")
    amount_before = models.DecimalField(_("before"), max_digits=12, decimal_places=2)
    amount_after = models.DecimalField(_("after"), max_digits=12, decimal_places=2)
    eligible = models.BooleanField(_("still eligible"))
    persons = models.PositiveSmallIntegerField(_("covered persons"))
    benefit_class = models.CharField(max_length=1, blank=True)
    management_class = models.CharField(max_length=1, blank=True)
    standard = models.DecimalField(max_digits=10, decimal_places=2)
    per_capita_income = models.DecimalField(max_digits=12, decimal_places=2)
    next_review = models.DateField(null=True)
    explanation = models.JSONField(default=list)

    class Meta:
        ordering = ["recalculation_id", "household_id"]
        indexes = [models.Index(fields=["recalculation", "household"], name="recalc_line_household")]

    def __str__(self) -> str:
        return f"{self.household_id}: {self.amount_before} → {self.amount_after}"
