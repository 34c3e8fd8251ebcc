"""Public-welfare labour (公益劳动): the county's rule, the community's groups and sessions, who came.

Able-bodied adults of households receiving a recurring program take part in community work a few
times a month (the seeds: Monday, Wednesday and Friday mornings, cleaning and notices). The county
sets the rule (`LabourRule`, versioned by month like the policy's rules); the community forms
groups of people (`GroupMember`), schedules their sessions (`Session`) and signs people in
(`Attendance`: present, or absent with a reason, excused or not). Exemptions the register's facts
cannot show (caring for a dependent, a doctor's note) are recorded by hand with their reason
(`Exemption`). Unexcused absences past the rule's counts leave a `Reminder` and then a
`LabourReview`, the link to the review opened in the reviews app; each is unique per person (or
household) and month, so running the check twice sends nothing twice.

Invariants kept by the database:
- one rule per county and first month; a person in at most one group at a time;
- one session of a group per day and starting time; one attendance per person and session;
- one reminder per person and month, one review opened per household and month.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


def _default_programs() -> list[str]:
    return ["dibao"]


class LabourRule(models.Model):
    """One version of a county's rule, in force from `valid_from` until the next version."""

    county = models.ForeignKey(
        "areas.Area", on_delete=models.PROTECT, related_name="+", verbose_name=_("county")
    )
    valid_from = models.DateField(_("from month"))
    programs = models.JSONField(_("households receiving"), default=_default_programs)
    min_age = models.PositiveSmallIntegerField(_("from age"), default=18)
    max_age_men = models.PositiveSmallIntegerField(_("men up to age"), default=59)
    max_age_women = models.PositiveSmallIntegerField(_("women up to age"), default=54)
    # Disability grades 1 to this one are exempt (0: only by labour capacity or by hand).
    exempt_disability_grade = models.PositiveSmallIntegerField(_("disability grades exempt up to"), default=2)
    sessions_per_month = models.PositiveSmallIntegerField(_("sessions a month"), default=4)
    reminder_after = models.PositiveSmallIntegerField(_("unexcused absences for a reminder"), default=2)
    review_after = models.PositiveSmallIntegerField(_("unexcused absences for a review"), default=3)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("labour rule")
        verbose_name_plural = _("labour rules")
        ordering = ["county__code", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["county", "valid_from"], name="labour_rule_one_per_start"),
            models.CheckConstraint(
                condition=Q(review_after__gte=models.F("reminder_after")), name="labour_review_after_reminder"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.county_id} labour from {self.valid_from:%Y-%m}"


class ExemptionReason(models.TextChoices):
    AGE = "age", _("Age")
    DISABILITY = "disability", pgettext_lazy("exemption", "Disability")
    ILLNESS = "illness", _("Illness")
    CARE = "care", _("Caring for a dependent")
    WORK = "work", _("In work")
    SCHOOL = "school", _("In school")
    OTHER = "other", _("Other reason")


class Exemption(models.Model):
    """An exemption recorded by hand, for the months from `month_from` to `month_to` (open-ended)."""

    member = models.ForeignKey(
        "registry.Member", on_delete=models.CASCADE, related_name="+", verbose_name=_("person")
    )
    # The person's community when recorded: scoping needs no join through the household.
    community = models.ForeignKey(
        "areas.Area", on_delete=models.PROTECT, related_name="+", verbose_name=_("community")
    )
    reason = models.CharField(_("reason"), max_length=10, choices=ExemptionReason.choices)
    note = models.CharField(_("notes"), max_length=200, blank=True)
    month_from = models.DateField(_("from month"))
    month_to = models.DateField(_("to month"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, related_name="+")

    class Meta:
        verbose_name = _("labour exemption")
        verbose_name_plural = _("labour exemptions")
        ordering = ["member_id", "-month_from"]

    def __str__(self) -> str:
        return f"{self.member_id} {self.reason} from {self.month_from:%Y-%m}"


class Task(models.TextChoices):
    CLEANING = "cleaning", _("Cleaning")
    NOTICES = "notices", _("Posting notices")
    ELDERS = "elders", _("Helping elders")
    GREENING = "greening", _("Greening")
    PATROL = "patrol", _("Patrol and gate duty")
    OTHER = "other", _("Other work")


class Group(models.Model):
    community = models.ForeignKey(
        "areas.Area", on_delete=models.PROTECT, related_name="+", verbose_name=_("community")
    )
    name = models.CharField(_("group name"), max_length=40)
    task = models.CharField(_("usual task"), max_length=10, choices=Task.choices, default=Task.CLEANING)
    leader = models.CharField(_("led by"), max_length=40, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("labour group")
        verbose_name_plural = _("labour groups")
        ordering = ["community__code", "name"]
        constraints = [models.UniqueConstraint(fields=["community", "name"], name="labour_group_name_unique")]

    def __str__(self) -> str:
        return self.name


class GroupMember(models.Model):
    """A person in a group from `joined_on`, until `left_on`; `code` is printed on their card."""

    group = models.ForeignKey(
        Group, on_delete=models.PROTECT, related_name="members", verbose_name=_("group")
    )
    member = models.ForeignKey(
        "registry.Member", on_delete=models.CASCADE, related_name="+", verbose_name=_("person")
    )
    code = models.CharField(_("card code"), max_length=12, unique=True)
    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)

    class Meta:
        verbose_name = _("group member")
        verbose_name_plural = _("group members")
        ordering = ["group_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["member"], condition=Q(left_on__isnull=True), name="labour_one_group_at_a_time"
            ),
        ]

    def __str__(self) -> str:
        return self.code


class Session(models.Model):
    group = models.ForeignKey(
        Group, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("group")
    )
    # The group's community: lists and scoping need no join.
    community = models.ForeignKey(
        "areas.Area", on_delete=models.PROTECT, related_name="+", verbose_name=_("community")
    )
    date = models.DateField(_("date"))
    starts_at = models.TimeField(_("starts at"))
    ends_at = models.TimeField(_("ends at"))
    task = models.CharField(_("task"), max_length=10, choices=Task.choices)
    place = models.CharField(_("place"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("labour session")
        verbose_name_plural = _("labour sessions")
        ordering = ["date", "starts_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["group", "date", "starts_at"], name="labour_session_once"),
        ]
        indexes = [models.Index(fields=["community", "date"], name="labour_session_community_date")]

    def __str__(self) -> str:
        return f"{self.group_id} {self.date} {self.starts_at:%H:%M}"


class Presence(models.TextChoices):
    PRESENT = "present", _("Present")
    EXCUSED = "excused", _("Absent, excused")
    UNEXCUSED = "unexcused", _("Absent, unexcused")


class SignedBy(models.TextChoices):
    LIST = "list", _("Ticked on the list")
    CODE = "code", _("Card code")
    HAND = "hand", _("Recorded by hand")


class Attendance(models.Model):
    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="attendance", verbose_name=_("session")
    )
    member = models.ForeignKey(
        "registry.Member", on_delete=models.CASCADE, related_name="+", verbose_name=_("person")
    )
    status = models.CharField(_("attendance"), max_length=10, choices=Presence.choices)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    signed_by = models.CharField(_("recorded by"), max_length=5, choices=SignedBy.choices)
    recorded_at = models.DateTimeField(_("recorded"), auto_now=True)
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, related_name="+")

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["session_id", "member_id"]
        constraints = [models.UniqueConstraint(fields=["session", "member"], name="labour_attendance_once")]
        indexes = [models.Index(fields=["member", "status"], name="labour_attendance_member")]

    def __str__(self) -> str:
        return f"{self.session_id} {self.member_id} {self.status}"


class Reminder(models.Model):
    """The reminder notice to a person whose unexcused absences in `month` reached the rule's count."""

    member = models.ForeignKey(
        "registry.Member", on_delete=models.CASCADE, related_name="+", verbose_name=_("person")
    )
    household = models.ForeignKey(
        "registry.Household", on_delete=models.PROTECT, related_name="+", verbose_name=_("household")
    )
    community = models.ForeignKey(
        "areas.Area", on_delete=models.PROTECT, related_name="+", verbose_name=_("community")
    )
    month = models.DateField(_("month"))
    absences = models.PositiveSmallIntegerField(_("unexcused absences"))
    issued_on = models.DateField(_("issued on"))
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, related_name="+")

    class Meta:
        verbose_name = _("labour reminder")
        verbose_name_plural = _("labour reminders")
        ordering = ["-month", "id"]
        constraints = [models.UniqueConstraint(fields=["member", "month"], name="labour_reminder_once")]

    def __str__(self) -> str:
        return f"{self.member_id} {self.month:%Y-%m}"


class LabourReview(models.Model):
    """The review opened (or found open) for a household because of a member's absences in `month`."""

    household = models.ForeignKey(
        "registry.Household", on_delete=models.PROTECT, related_name="+", verbose_name=_("household")
    )
    member = models.ForeignKey(
        "registry.Member", on_delete=models.CASCADE, related_name="+", verbose_name=_("person")
    )
    community = models.ForeignKey(
        "areas.Area", on_delete=models.PROTECT, related_name="+", verbose_name=_("community")
    )
    month = models.DateField(_("month"))
    absences = models.PositiveSmallIntegerField(_("unexcused absences"))
    review = models.ForeignKey("reviews.Review", on_delete=models.PROTECT, related_name="+")
    opened = models.BooleanField(_("opened by the check"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("labour review")
        verbose_name_plural = _("labour reviews")
        ordering = ["-month", "id"]
        constraints = [models.UniqueConstraint(fields=["household", "month"], name="labour_review_once")]

    def __str__(self) -> str:
        return f"{self.household_id} {self.month:%Y-%m}"
