"""What a community arranges through others: the services it registers people for (delivered by
a district office — free cataract surgery, a prosthesis, the fuel subsidy of disabled drivers,
the senior card …) and the jobs it refers people to.

A `Service` is a county's row, not code: its name, the office that delivers it and its steps
(`登记 → 已办理`, or for the senior card `已申请 → 已发证 → 已送达`) are what the county types. An
`Entry` is one person registered for one service: at a step of it, open until the last step is
reached (done) or withdrawn, with the day of each step, an outcome and a note. A `Referral` is one
person sent to an employer or a job fair; a job taken is recorded as the household's reported
change of employment and income (the wage from its first month, which the county's new-job
disregard leaves uncounted for its trial months), not a silent stop.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Service(models.Model):
    county = models.ForeignKey(
        "areas.Area", on_delete=models.PROTECT, related_name="+", verbose_name=_("county")
    )
    # Stable within the county: files, the API and `dibao outreach-export --service` name it.
    code = models.CharField(_("code"), max_length=24)
    name = models.CharField(pgettext_lazy("outreach", "service"), max_length=60)
    office = models.CharField(_("delivered by"), max_length=100, blank=True)
    # The steps' names in order; an entry stands at one of them and is done at the last.
    steps = models.JSONField(_("steps"), default=list)
    # The last step is the community's own (a card delivered at home): entries waiting for it are
    # the community's work.
    community_delivers = models.BooleanField(_("the community delivers the last step"), default=False)
    active = models.BooleanField(_("in use"), default=True)
    notes = models.CharField(_("notes"), max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = pgettext_lazy("outreach", "service")
        verbose_name_plural = pgettext_lazy("outreach", "services")
        ordering = ["county_id", "code"]
        constraints = [
            models.UniqueConstraint(fields=["county", "code"], name="outreach_service_code_per_county")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def last_step(self) -> int:
        return len(self.steps) - 1

    def step_name(self, step: int) -> str:
        return str(self.steps[step]) if 0 <= step < len(self.steps) else str(step)


class EntryState(models.TextChoices):
    OPEN = "open", _("Under way")
    DONE = "done", _("Received")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Entry(models.Model):
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="entries")
    member = models.ForeignKey(
        "registry.Member", on_delete=models.PROTECT, related_name="+", verbose_name=_("person")
    )
    # The person's household and community when registered: lists, scoping and the household
    # page need no join through the member.
    household = models.ForeignKey("registry.Household", on_delete=models.PROTECT, related_name="+")
    community = models.ForeignKey(
        "areas.Area", on_delete=models.PROTECT, related_name="+", verbose_name=_("community")
    )
    registered_on = models.DateField(_("registered on"))
    step = models.PositiveSmallIntegerField(_("step"), default=0)
    step_on = models.DateField(_("step reached on"))
    # Each step reached, in order: [[step, "YYYY-MM-DD"], …].
    history = models.JSONField(default=list)
    state = models.CharField(_("state"), max_length=10, choices=EntryState.choices, default=EntryState.OPEN)
    outcome = models.CharField(_("outcome"), max_length=200, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, related_name="+")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("service registration")
        verbose_name_plural = _("service registrations")
        ordering = ["-registered_on", "-id"]
        constraints = [
            # A person is registered once for a service at a time; again after it is done.
            models.UniqueConstraint(
                fields=["service", "member"], condition=Q(state="open"), name="outreach_entry_one_open"
            ),
        ]
        indexes = [models.Index(fields=["service", "community", "state"], name="outreach_entry_list")]

    def __str__(self) -> str:
        return f"{self.service_id} {self.member_id}"

    @property
    def step_name(self) -> str:
        return self.service.step_name(self.step)


class ReferralKind(models.TextChoices):
    EMPLOYER = "employer", _("Recommended to an employer")
    JOB_FAIR = "job_fair", _("Job fair")


class ReferralOutcome(models.TextChoices):
    PENDING = "pending", _("Pending")
    NOT_TAKEN = "not_taken", _("Not taken")
    HIRED = "hired", _("Hired")


class Referral(models.Model):
    member = models.ForeignKey(
        "registry.Member", on_delete=models.PROTECT, related_name="+", verbose_name=_("person")
    )
    household = models.ForeignKey("registry.Household", on_delete=models.PROTECT, related_name="+")
    community = models.ForeignKey(
        "areas.Area", on_delete=models.PROTECT, related_name="+", verbose_name=_("community")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=ReferralKind.choices)
    employer = models.CharField(_("employer or job fair"), max_length=100)
    job = models.CharField(_("job"), max_length=60, blank=True)
    referred_on = models.DateField(_("referred on"))
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=ReferralOutcome.choices, default=ReferralOutcome.PENDING
    )
    outcome_on = models.DateField(_("outcome recorded on"), null=True, blank=True)
    start_on = models.DateField(_("started work on"), null=True, blank=True)
    wage = models.DecimalField(_("monthly wage"), max_digits=12, decimal_places=2, null=True, blank=True)
    # The county's new-job disregard when the hire was recorded: months the wage is not counted.
    disregard_months = models.PositiveSmallIntegerField(_("months not counted"), null=True, blank=True)
    # What the hire wrote: the wage on the register, and the reported change (or the open review
    # the change is recorded in).
    income = models.ForeignKey(
        "registry.Income", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    review = models.ForeignKey(
        "reviews.Review", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, related_name="+")

    class Meta:
        verbose_name = _("job referral")
        verbose_name_plural = _("job referrals")
        ordering = ["-referred_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(outcome="hired") | (Q(start_on__isnull=False) & Q(wage__isnull=False)),
                name="outreach_hired_has_start_and_wage",
            ),
        ]
        indexes = [models.Index(fields=["community", "referred_on"], name="outreach_referral_area_day")]

    def __str__(self) -> str:
        return f"{self.member_id} {self.employer}"
