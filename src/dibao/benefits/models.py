"""What each receiving household is granted, month by month, and how standard changes reach it.

An `Entitlement` is one version of a household's benefit: amount, classes and covered persons
from a month, until the month before the next version. The payroll reads the version in force in
its month; nothing ever edits a version's amount — a change is a new version, so a paid month can
always be explained by the row that paid it. A version whose `month_to` falls before its
`month_from` was replaced before it began and is in force in no month.

A version may pay less than its amount in its first or last month: a stop or a resumption in
the middle of a month paid pro rata (`first_month_amount`, `last_month_amount`, both to the fen,
computed once when the stop is decided so that the payroll copies them and never divides).

A `Movement` is one line of the ledger of who entered, changed and left, with the amounts
before and after: the change report (变更情况) counts it, so that opening + new − terminated =
closing holds by construction.

A `Recalculation` is the county's review of what a new standard does to every receiving
household; only its confirmation writes new versions.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dibao.policy.models import BenefitClass, ManagementClass
from dibao.policy.programs.fields import program_field
from dibao.registry.models import UrbanRural


class Reason(models.TextChoices):
    APPROVAL = "approval", _("Approved application")
    MIGRATION = "migration", _("Taken over from an earlier roster")
    STANDARD_CHANGE = "standard", _("Standard change")
    REVIEW = "review", _("Review")
    CHANGE = "change", _("Reported change")
    RESUMPTION = "resume", _("Resumed after suspension")
    # A person paid by age band (高龄津贴) reached the next band: nobody decided it, the birthday did.
    AGE_BAND = "age_band", _("Reached a higher age band")


class StopReason(models.TextChoices):
    """Why a benefit is suspended or ends: the reasons the community reports name."""

    MOVED_AWAY = "moved_away", _("Moved out of the area (迁离本辖区)")
    DEATH = "death", _("Death")
    INCOME_ABOVE = "income_above", _("Income above the standard")
    PENSION = "pension", _("Pension granted (超龄养老保险/被征地农民养老保障)")
    EMPLOYED = "employed", _("Found employment")
    REFUSED_LABOUR = "refused_labour", _("Refused public-welfare labour")
    ABSENT = "absent", _("Registered but not living there (户在人不在)")
    FALSE_STATEMENT = "false_statement", _("False statements")
    WITHDRAWAL = "withdrawal", _("Voluntary withdrawal")
    VERIFICATION = "verification", _("Pending verification")
    OTHER = "other", _("Other")


class MovementKind(models.TextChoices):
    # A household taken over from an earlier roster (a migration), dated the day before its first
    # month paid: the books' opening balance, never an intake (`services.grants`).
    OPENING = "brought_in", pgettext_lazy("movement", "Brought in")
    NEW = "new", _("New")
    RAISE = "raise", _("Raised")
    LOWER = "lower", _("Lowered")
    CHANGE = "change", _("Changed, same amount")
    SUSPEND = "suspend", _("Suspended")
    RESUME = "resume", _("Resumed")
    GRADUAL_EXIT = "gradual_exit", _("Gradual exit")
    TERMINATE = "terminate", _("Terminated")


class Entitlement(models.Model):
    household = models.ForeignKey(
        "registry.Household",
        on_delete=models.PROTECT,
        related_name="entitlements",
        verbose_name=_("household"),
    )
    # Indexed by the constraints below, which lead with the household or the person.
    program = program_field(db_index=False)
    # The person granted, for a program that pays a person (特困, the disability subsidies, 高龄);
    # empty for a program that pays the household, 低保 included (单人保 is `single_member`).
    member = models.ForeignKey(
        "registry.Member",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("person granted"),
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
    # A partly paid first or last month (None: the whole amount); see the module's docstring.
    starts_on = models.DateField(_("paid from"), null=True, blank=True)
    first_month_amount = models.DecimalField(
        _("first month paid"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    last_month_amount = models.DecimalField(
        _("last month paid"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    # The assessment's lines as message ids and parameters (see policy.engine.explanation).
    explanation = models.JSONField(_("explanation"), default=list)
    recalculation = models.ForeignKey(
        "Recalculation", on_delete=models.PROTECT, null=True, blank=True, related_name="entitlements"
    )
    # 特困 supported in an institution (集中供养) is paid to the care home, not the person.
    care_home = models.ForeignKey(
        "CareHome",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="entitlements",
        verbose_name=_("care home paid"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    actor = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, related_name="+")

    class Meta:
        verbose_name = _("entitlement")
        verbose_name_plural = _("entitlements")
        ordering = ["household_id", "-month_from", "-id"]
        constraints = [
            # One open version per household and program, or per person and program for a program
            # that pays a person: the version in force in a month is then never in doubt.
            models.UniqueConstraint(
                fields=["household", "program"],
                condition=Q(month_to__isnull=True, member__isnull=True),
                name="entitlement_one_open_per_household",
            ),
            models.UniqueConstraint(
                fields=["member", "program"],
                condition=Q(month_to__isnull=True, member__isnull=False),
                name="entitlement_one_open_per_person",
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="entitlement_amount_not_negative"),
        ]
        indexes = [
            models.Index(fields=["household", "month_from"], name="entitlement_household_month"),
            # The statistics' flows of a month: the versions that start in it and those that ended
            # the month before are lookups, not scans of a county's whole ledger.
            models.Index(fields=["month_from"], name="entitlement_month_from"),
            models.Index(fields=["month_to"], name="entitlement_month_to"),
        ]

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
    program = program_field(db_index=False)
    amount_before = models.DecimalField(pgettext_lazy("movement", "before"), max_digits=12, decimal_places=2)
    amount_after = models.DecimalField(pgettext_lazy("movement", "after"), max_digits=12, decimal_places=2)
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


class Movement(models.Model):
    """One entry, exit or change of a household's benefit, dated the day it was decided.

    `community` is copied from the household when written so that a report of a past period
    counts the household where it was then, and a street's report needs no join."""

    household = models.ForeignKey(
        "registry.Household", on_delete=models.PROTECT, related_name="movements", verbose_name=_("household")
    )
    community = models.ForeignKey(
        "areas.Area", on_delete=models.PROTECT, related_name="+", verbose_name=_("community")
    )
    program = program_field(db_index=False)
    # The person whose benefit changed, for a program that pays a person.
    member = models.ForeignKey(
        "registry.Member", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(_("change"), max_length=12, choices=MovementKind.choices)
    recorded_on = models.DateField(_("recorded on"))
    month = models.DateField(_("from month"))
    reason = models.CharField(_("decided by"), max_length=10, choices=Reason.choices)
    stop_reason = models.CharField(_("reason"), max_length=16, choices=StopReason.choices, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    urban_rural = models.CharField(_("urban/rural"), max_length=5, choices=UrbanRural.choices)
    persons_before = models.PositiveSmallIntegerField(_("persons before"), default=0)
    persons_after = models.PositiveSmallIntegerField(_("persons after"), default=0)
    amount_before = models.DecimalField(_("amount before"), max_digits=12, decimal_places=2, default=0)
    amount_after = models.DecimalField(_("amount after"), max_digits=12, decimal_places=2, default=0)
    class_before = models.CharField(_("class before"), max_length=1, choices=BenefitClass.choices, blank=True)
    class_after = models.CharField(_("class after"), max_length=1, choices=BenefitClass.choices, blank=True)
    entitlement = models.ForeignKey(
        Entitlement, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    actor = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, related_name="+")

    class Meta:
        verbose_name = _("benefit change")
        verbose_name_plural = _("benefit changes")
        ordering = ["recorded_on", "id"]
        indexes = [
            models.Index(fields=["community", "recorded_on"], name="movement_community_day"),
            models.Index(fields=["household", "recorded_on"], name="movement_household_day"),
        ]

    def __str__(self) -> str:
        return f"{self.household_id} {self.kind} {self.recorded_on}"


class CareHome(models.Model):
    """An institution that supports 特困 persons (供养服务机构, 敬老院): the payroll pays their
    support to its account instead of the person's. Kept by the county."""

    county = models.ForeignKey(
        "areas.Area", on_delete=models.PROTECT, related_name="+", verbose_name=_("county")
    )
    name = models.CharField(_("name of the institution"), max_length=100)
    bank_name = models.CharField(_("bank"), max_length=60)
    bank_account = models.CharField(_("bank account"), max_length=40)
    active = models.BooleanField(_("in use"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("care home")
        verbose_name_plural = _("care homes")
        ordering = ["county_id", "name"]
        constraints = [
            models.UniqueConstraint(fields=["county", "name"], name="care_home_name_once_in_county"),
        ]

    def __str__(self) -> str:
        return self.name


class RecipientImportSummary(models.Model):
    """What a recipients import granted, kept beside the register's record of the file
    (`registry.RosterImport`, which counts households and members but knows nothing of benefits).
    Written with the record, in its transaction; a dry run or a refused file granted nothing."""

    roster_import = models.OneToOneField(
        "registry.RosterImport", on_delete=models.CASCADE, primary_key=True, related_name="recipients_summary"
    )
    entitlements = models.PositiveIntegerField(_("entitlements"), default=0)
    monthly_total = models.DecimalField(_("monthly total"), max_digits=16, decimal_places=2, default=0)
    # Of the new households: how many the county's policy could assess now, how many of those it
    # would not find eligible, and how many it would pay another amount than the roster's.
    assessed = models.PositiveIntegerField(_("assessed"), default=0)
    not_eligible = models.PositiveIntegerField(_("not eligible now"), default=0)
    other_amount = models.PositiveIntegerField(_("another amount"), default=0)

    class Meta:
        verbose_name = _("recipients import summary")
        verbose_name_plural = _("recipients import summaries")

    def __str__(self) -> str:
        return f"{self.roster_import_id}: {self.entitlements}"
