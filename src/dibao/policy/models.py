"""Policy as data: what a county decides, versioned by area and month.

Two tables. `Standard` is the monthly dibao line per person (低保标准), urban or rural, for an area
from a month; `Rules` is everything else the means test and the benefit calculation read (which
incomes count, deductions, asset limits, the benefit mode and class amounts, add-ons, rounding,
management classes, single-person inclusion, and the time limits the workflow keeps).

Beside them the catalogue of programs (`Program`: 低保 and the family around it, each with a
stable code), the pairs a person or household may not hold together (`ProgramExclusion`), and a
county's own terms for each program (`ProgramRules`: switched on or off, its local name, amounts,
steps and time limits) — versioned by area and month as the rules are.

All are found the same way (`policy.engine.context`, `policy.programs.in_force`): the row of the
community itself valid in the month, else its street's, else its county's. Rows are never edited
in place once they apply to a month that has begun: a new row from a later month closes the old
one, so the past stays as it was.
"""

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dibao.registry.models import UrbanRural


class BenefitMode(models.TextChoices):
    GAP = "gap", _("Gap (补差)")
    CLASS = "class", _("Fixed amount by class (分类施保)")
    GAP_PLUS_CLASS = "gap_class", _("Gap plus class amount")


class BenefitClass(models.TextChoices):
    A = "A", _("Class A")
    B = "B", _("Class B")
    C = "C", _("Class C")


class ManagementClass(models.TextChoices):
    FIRST = "1", _("Class 1 (stable)")
    SECOND = "2", _("Class 2")
    THIRD = "3", _("Class 3 (able to work, unstable income)")


class RoundingUnit(models.TextChoices):
    FEN = "0.01", _("To the fen")
    JIAO = "0.1", _("To the jiao")
    YUAN = "1", _("To the yuan")


class RoundingMethod(models.TextChoices):
    UP = "up", _("Up")
    HALF_UP = "half_up", _("Half up")


class DeductionBasis(models.TextChoices):
    NONE = "none", _("No deduction")
    SHARE_OF_WAGE = "wage_share", _("Share of the wage")
    SHARE_OF_STANDARD = "standard_share", _("Share of the standard")
    FIXED = "fixed", _("Fixed amount")


class StopMonthPay(models.TextChoices):
    """How the month in which a suspension or termination takes effect is paid."""

    FULL = "full", _("Paid in full (stops from the next month)")
    NONE = "none", _("Not paid")
    PRO_RATA = "pro_rata", _("Paid pro rata for the days before the stop")


class AddOnCriterion(models.TextChoices):
    AGE_70 = "age_70", _("Aged 70 to 79")
    AGE_80 = "age_80", _("Aged 80 or over")
    SEVERE_DISABILITY = "severe_disability", _("Severely disabled (grade 1–2)")
    SERIOUS_ILLNESS = "serious_illness", _("Seriously ill")
    MINOR = "minor", _("Under 18")
    STUDENT = "student", _("In school")


class AddOnBasis(models.TextChoices):
    FIXED = "fixed", _("Fixed amount")
    SHARE_OF_STANDARD = "standard_share", _("Share of the standard")


class Standard(models.Model):
    area = models.ForeignKey(
        "areas.Area", on_delete=models.PROTECT, related_name="standards", verbose_name=_("area")
    )
    kind = models.CharField(_("urban/rural"), max_length=5, choices=UrbanRural.choices)
    amount = models.DecimalField(_("monthly amount per person"), max_digits=10, decimal_places=2)
    # First day of the first month, and of the last month (open-ended when empty).
    valid_from = models.DateField(_("from month"))
    valid_to = models.DateField(_("to month"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("dibao standard")
        verbose_name_plural = _("dibao standards")
        ordering = ["area__code", "kind", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["area", "kind", "valid_from"], name="standard_one_per_start"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="standard_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.area_id} {self.kind} {self.amount} from {self.valid_from:%Y-%m}"


class Rules(models.Model):
    """One version of an area's rules. Defaults are the national rules (POLICY.md) and the seed county."""

    area = models.ForeignKey(
        "areas.Area", on_delete=models.PROTECT, related_name="rules", verbose_name=_("area")
    )
    valid_from = models.DateField(_("from month"))
    valid_to = models.DateField(_("to month"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    # Income
    excluded_items = models.JSONField(
        _("income items not counted"),
        default=list,
        help_text=_("Codes of the income items the means test leaves out."),
    )
    deduction_basis = models.CharField(
        _("employment cost deduction"),
        max_length=14,
        choices=DeductionBasis.choices,
        default=DeductionBasis.NONE,
    )
    deduction_value = models.DecimalField(
        _("deduction (share or yuan)"), max_digits=10, decimal_places=2, default=Decimal(0)
    )
    new_job_disregard_months = models.PositiveSmallIntegerField(
        _("months new wages are not counted"), default=0
    )
    # Assets
    financial_asset_months = models.PositiveSmallIntegerField(
        _("deposits and securities per person, in months of the standard"), null=True, blank=True, default=24
    )
    vehicle_rule = models.BooleanField(
        _("a motor vehicle disqualifies (unless a disabled member needs it)"), default=True
    )
    max_homes = models.PositiveSmallIntegerField(_("most homes allowed"), null=True, blank=True, default=1)
    business_rule = models.BooleanField(_("a registered business disqualifies"), default=True)
    # Benefit
    # Per urban/rural: the seed county paid urban households fixed class amounts and rural ones
    # the gap plus a class amount, in the same county and the same month.
    urban_benefit_mode = models.CharField(
        _("benefit mode (urban)"), max_length=9, choices=BenefitMode.choices, default=BenefitMode.GAP
    )
    rural_benefit_mode = models.CharField(
        _("benefit mode (rural)"), max_length=9, choices=BenefitMode.choices, default=BenefitMode.GAP
    )
    class_amounts = models.JSONField(
        _("class amounts per person"),
        default=dict,
        blank=True,
        help_text=_('By urban/rural and class, e.g. {"urban": {"A": "420", "B": "360", "C": "300"}}.'),
    )
    add_ons = models.JSONField(
        _("add-ons"),
        default=list,
        blank=True,
        help_text=_('e.g. [{"criterion": "age_80", "basis": "fixed", "value": "50"}].'),
    )
    minimum_per_person = models.DecimalField(
        _("minimum monthly amount per person"), max_digits=10, decimal_places=2, default=Decimal(0)
    )
    rounding_unit = models.CharField(
        _("rounding"), max_length=4, choices=RoundingUnit.choices, default=RoundingUnit.FEN
    )
    rounding_method = models.CharField(
        _("rounding method"), max_length=7, choices=RoundingMethod.choices, default=RoundingMethod.UP
    )
    # Management classes: months between reviews for each.
    review_months_first = models.PositiveSmallIntegerField(_("class 1 review every (months)"), default=6)
    review_months_second = models.PositiveSmallIntegerField(_("class 2 review every (months)"), default=3)
    review_months_third = models.PositiveSmallIntegerField(_("class 3 review every (months)"), default=1)
    # Single-person inclusion (单人保)
    single_person_enabled = models.BooleanField(_("single-person inclusion allowed"), default=True)
    near_poverty_multiple = models.DecimalField(
        _("near-poverty line, as a multiple of the standard"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("1.5"),
    )
    # Time limits the application workflow keeps.
    notice_days = models.PositiveSmallIntegerField(_("public notice (days)"), default=7)
    decision_working_days = models.PositiveSmallIntegerField(_("decision within (working days)"), default=30)
    extension_working_days = models.PositiveSmallIntegerField(_("extension (working days)"), default=15)
    appraisal_required = models.BooleanField(_("democratic appraisal always held"), default=False)
    street_decides = models.BooleanField(_("the street decides (审核确认权下放)"), default=False)
    gradual_exit_months = models.PositiveSmallIntegerField(_("gradual exit (months)"), default=6)
    # Dynamic management: what a review may change by itself, and how stops are paid.
    review_approval_threshold = models.DecimalField(
        _("a review's change above this needs the street's approval (yuan)"),
        max_digits=10,
        decimal_places=2,
        default=Decimal("100.00"),
    )
    stop_month_pay = models.CharField(
        _("the month a stop takes effect"),
        max_length=8,
        choices=StopMonthPay.choices,
        default=StopMonthPay.FULL,
    )
    resume_back_pay = models.BooleanField(_("resuming pays the suspended months"), default=False)

    class Meta:
        verbose_name = _("policy rules")
        verbose_name_plural = _("policy rules")
        ordering = ["area__code", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["area", "valid_from"], name="rules_one_per_start"),
        ]

    def __str__(self) -> str:
        return f"{self.area_id} rules from {self.valid_from:%Y-%m}"

    def benefit_mode(self, urban_rural: str) -> str:
        return self.rural_benefit_mode if urban_rural == "rural" else self.urban_benefit_mode


class ProgramKind(models.TextChoices):
    RECURRING = "recurring", _("Paid every month")
    ONE_OFF = "one_off", _("Paid once")


class Payee(models.TextChoices):
    HOUSEHOLD = "household", _("The household")
    PERSON = "person", _("A person")


class Test(models.TextChoices):
    """Which test decides who qualifies; the tests themselves are the policy engine's."""

    HOUSEHOLD_MEANS = "household_means", _("Household income and assets below the standard")
    EXTREME_POVERTY = "extreme_poverty", _("No work capacity, no livelihood, no able supporter")
    NEAR_POVERTY = "near_poverty", _("Household income below a multiple of the standard")
    RIGID_EXPENSE = "rigid_expense", _("Necessary spending above a share of income")
    CATEGORICAL = "categorical", _("A fact of the register (disability, age)")
    TEMPORARY = "temporary", _("An emergency or a large necessary expense")
    MEDICAL = "medical", _("Medical costs after insurance")


class Program(models.Model):
    """One kind of assistance. Rows are seeded by a migration with stable codes, which the API,
    commands and files use; a county changes what it may (on/off, name, amounts, steps) through
    `ProgramRules`, never the catalogue."""

    code = models.SlugField(_("code"), max_length=32, unique=True)
    name = models.CharField(pgettext_lazy("program", "name"), max_length=40)
    short_name = models.CharField(_("short name"), max_length=12)
    name_en = models.CharField(_("English name"), max_length=80)
    kind = models.CharField(_("kind"), max_length=9, choices=ProgramKind.choices)
    pays = models.CharField(_("pays"), max_length=9, choices=Payee.choices)
    test = models.CharField(_("who qualifies"), max_length=16, choices=Test.choices)
    # Recognition only (边缘, 刚性支出): a status other programs read, no money of its own.
    pays_cash = models.BooleanField(_("pays money"), default=True)
    funding_line = models.CharField(_("funding line"), max_length=60, blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("program")
        verbose_name_plural = _("programs")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.code


class ExclusionScope(models.TextChoices):
    PERSON = "person", _("the same person")
    HOUSEHOLD = "household", _("the same household")


class ProgramExclusion(models.Model):
    """Two programs one person (or one household) may not hold at once, and why."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="exclusions")
    excludes = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="+")
    scope = models.CharField(_("held by"), max_length=9, choices=ExclusionScope.choices)
    reason = models.CharField(_("reason"), max_length=200)
    reason_en = models.CharField(_("reason in English"), max_length=200)

    class Meta:
        verbose_name = _("programs held apart")
        verbose_name_plural = _("programs held apart")
        constraints = [
            models.UniqueConstraint(fields=["program", "excludes"], name="program_exclusion_once"),
            models.CheckConstraint(condition=~Q(program=models.F("excludes")), name="program_exclusion_two"),
        ]

    def __str__(self) -> str:
        return f"{self.program_id} excludes {self.excludes_id} ({self.scope})"


class ProgramRules(models.Model):
    """One version of an area's terms for one program, from a month.

    `terms` holds only what the area sets; everything else is the program's default
    (`policy.programs.terms`), checked by the same definitions when it is written.
    """

    area = models.ForeignKey(
        "areas.Area", on_delete=models.PROTECT, related_name="program_rules", verbose_name=_("area")
    )
    program = models.ForeignKey(
        Program, on_delete=models.PROTECT, related_name="rules", verbose_name=_("program")
    )
    valid_from = models.DateField(_("from month"))
    valid_to = models.DateField(_("to month"), null=True, blank=True)
    enabled = models.BooleanField(_("in use"), default=True)
    local_name = models.CharField(_("local name"), max_length=40, blank=True)
    terms = models.JSONField(_("terms"), default=dict, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("program terms")
        verbose_name_plural = _("program terms")
        ordering = ["area__code", "program__position", "-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "program", "valid_from"], name="program_rules_one_per_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.area_id} {self.program_id} from {self.valid_from:%Y-%m}"
