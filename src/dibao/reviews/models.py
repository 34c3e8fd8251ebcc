"""Dynamic management (动态管理): reviews of receiving households, and the changes they report.

A `Review` is one look at a household: due by its management class (scheduled), opened for a
whole area at once by an annual campaign (年度核查), or opened because the household reported a
change (a birth, a death, a new job …) with its date and evidence. It records what was checked,
re-runs the assessment, and ends in an outcome that takes effect from a day: continue, raise,
lower, suspend, terminate, a gradual exit (渐退) or, for a suspended household, resume. What the
outcome does to the money is written by benefits.services (a new entitlement version, a stop)
with its movement in the ledger the change report counts.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dibao.benefits.models import StopReason
from dibao.policy.models import BenefitClass
from dibao.policy.programs.fields import program_field


class ReviewKind(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled review")
    CAMPAIGN = "campaign", _("Annual review (年度核查)")
    CHANGE = "change", _("Reported change")


class ChangeKind(models.TextChoices):
    BIRTH = "birth", _("A member was born")
    DEATH = "death", _("A member died")
    MARRIAGE = "marriage", _("Marriage or divorce")
    MOVED_IN = "moved_in", _("A member moved in")
    MOVED_OUT = "moved_out", _("A member moved out")
    INCOME = "income", _("Income changed")
    EMPLOYMENT = "employment", _("Employment changed")
    ASSETS = "assets", _("Assets changed")
    LABOUR = "labour", _("Labour capacity changed")
    DISABILITY = "disability", _("Disability grade changed")
    OTHER = "other", _("Other change")


class Outcome(models.TextChoices):
    CONTINUE = "continue", _("Continue unchanged")
    RAISE = "raise", _("Raise (调增)")
    LOWER = "lower", _("Lower (调减)")
    SUSPEND = "suspend", _("Suspend (暂停)")
    TERMINATE = "terminate", _("Terminate (停保)")
    GRADUAL_EXIT = "gradual_exit", _("Gradual exit (渐退)")
    RESUME = "resume", _("Resume")


class ReviewState(models.TextChoices):
    OPEN = "open", _("Open")
    PROPOSED = "proposed", _("Waiting for approval")
    DECIDED = "decided", _("Decided")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_STATES = (ReviewState.OPEN, ReviewState.PROPOSED)


class Campaign(models.Model):
    """An annual review (年度核查) of every receiving household of an area, opened at once."""

    area = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="+", verbose_name=_("area"))
    year = models.PositiveSmallIntegerField(_("year"))
    due_on = models.DateField(_("due"))
    reviews = models.PositiveIntegerField(_("reviews opened"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, related_name="+")

    class Meta:
        verbose_name = _("annual review")
        verbose_name_plural = _("annual reviews")
        ordering = ["-year", "area__code"]
        constraints = [models.UniqueConstraint(fields=["area", "year"], name="campaign_one_per_area_year")]

    def __str__(self) -> str:
        return f"{self.area_id} {self.year}"


class Review(models.Model):
    household = models.ForeignKey(
        "registry.Household", on_delete=models.PROTECT, related_name="reviews", verbose_name=_("household")
    )
    # The household's community when opened: lists and scoping need no join.
    community = models.ForeignKey(
        "areas.Area", on_delete=models.PROTECT, related_name="+", verbose_name=_("community")
    )
    program = program_field()
    kind = models.CharField(_("kind"), max_length=10, choices=ReviewKind.choices)
    campaign = models.ForeignKey(
        Campaign,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("annual review"),
    )
    due_on = models.DateField(_("due"))
    # A reported change: what, when, and the evidence brought.
    change_kind = models.CharField(_("change"), max_length=10, choices=ChangeKind.choices, blank=True)
    occurred_on = models.DateField(_("happened on"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    evidence = models.FileField(_("evidence"), upload_to="reviews/%Y/%m/", blank=True)
    # What was checked.
    checked_income = models.BooleanField(_("income checked"), default=False)
    checked_assets = models.BooleanField(_("assets checked"), default=False)
    checked_members = models.BooleanField(_("members checked"), default=False)
    visited_on = models.DateField(_("home visit on"), null=True, blank=True)
    findings = models.TextField(_("findings"), blank=True)
    # The outcome.
    state = models.CharField(_("state"), max_length=9, choices=ReviewState.choices, default=ReviewState.OPEN)
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices, blank=True)
    effective_on = models.DateField(_("takes effect on"), null=True, blank=True)
    stop_reason = models.CharField(_("reason"), max_length=16, choices=StopReason.choices, blank=True)
    reason_text = models.TextField(_("reasons"), blank=True)
    exit_months = models.PositiveSmallIntegerField(_("gradual exit (months)"), null=True, blank=True)
    eligible = models.BooleanField(_("eligible by the assessment"), null=True)
    amount_before = models.DecimalField(_("amount before"), max_digits=12, decimal_places=2, null=True)
    amount_after = models.DecimalField(_("amount after"), max_digits=12, decimal_places=2, null=True)
    persons_after = models.PositiveSmallIntegerField(_("persons after"), null=True)
    class_after = models.CharField(_("class after"), max_length=1, choices=BenefitClass.choices, blank=True)
    explanation = models.JSONField(_("explanation"), default=list)
    # False statements: what was paid since the month they began, to be recovered.
    overpaid_from = models.DateField(_("overpaid since"), null=True, blank=True)
    overpayment = models.DecimalField(_("to recover"), max_digits=12, decimal_places=2, null=True)
    entitlement = models.ForeignKey(
        "benefits.Entitlement", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    notice_number = models.CharField(_("notice number"), max_length=20, blank=True)
    version = models.PositiveIntegerField(default=1)
    opened_at = models.DateTimeField(_("opened"), auto_now_add=True)
    opened_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, related_name="+")
    recorded_at = models.DateTimeField(_("recorded"), null=True, blank=True)
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, related_name="+")
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, related_name="+")

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["household", "program"],
                condition=Q(state__in=["open", "proposed"]),
                name="review_one_open_per_household",
            ),
        ]
        indexes = [models.Index(fields=["community", "state", "due_on"], name="review_community_state_due")]

    def __str__(self) -> str:
        return f"{self.household_id} {self.kind} {self.due_on}"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES
