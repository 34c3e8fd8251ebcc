"""Complaints, reports and petitions (举报、投诉、信访) from the public, and how each was handled.

A `Complaint` arrives by one channel (phone, letter, visit, online, or transferred from above), is
one of three kinds, may be anonymous, and is about a household, a member of staff, a decision (an
application or a review) or none of them. Its area is where it lies: the subject's community (or
the worker's area), else the area it was received for; scoping reads that area.

Its states, in order:

    received → accepted → investigating → found → replied → closed
             ↘ transferred (to the body it belongs to; nothing more is done here)

An accepted complaint's handling deadline may be extended once, with a reason (`extended`); it is a
mark on the complaint, not a state of its own. The deadlines count working days
(`workdays.calendar`): accept or transfer within `COMPLAINT_ACCEPT_WORKING_DAYS` of receipt, handle
(reply) within `COMPLAINT_HANDLE_WORKING_DAYS` of acceptance, extended by
`COMPLAINT_EXTENSION_WORKING_DAYS` — settings, 15, 60 and 30 by default. `due_on` is the deadline
the complaint is at now (none once replied or transferred), kept on the row so that lists filter
and sort overdue complaints without counting days.

Every step leaves an `Event` (the complaint's timeline) besides the audit entry; notes and evidence
files of the investigation are `Note`s.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Channel(models.TextChoices):
    PHONE = "phone", _("Phone")
    LETTER = "letter", _("Letter")
    VISIT = "visit", _("Visit in person")
    ONLINE = "online", _("Online")
    FROM_ABOVE = "from_above", _("Transferred from above")


class Kind(models.TextChoices):
    REPORT = "report", _("Report (举报)")
    COMPLAINT = "complaint", _("Complaint (投诉)")
    PETITION = "petition", _("Petition (信访)")


class SubjectKind(models.TextChoices):
    HOUSEHOLD = "household", _("A household")
    WORKER = "worker", _("A member of staff")
    DECISION = "decision", _("A decision")
    OTHER = "other", _("Something else")


class State(models.TextChoices):
    RECEIVED = "received", _("Received")
    ACCEPTED = "accepted", _("Accepted")
    TRANSFERRED = "transferred", _("Transferred")
    INVESTIGATING = "investigating", _("Under investigation")
    FOUND = "found", _("Finding made")
    REPLIED = "replied", _("Replied")
    CLOSED = "closed", pgettext_lazy("complaint", "Closed")


# The states in which a complaint is still being handled, and has a deadline.
OPEN_STATES = (State.RECEIVED, State.ACCEPTED, State.INVESTIGATING, State.FOUND)
# Accepted and not yet replied: the handling deadline runs, and it may be extended.
HANDLING_STATES = (State.ACCEPTED, State.INVESTIGATING, State.FOUND)


class Finding(models.TextChoices):
    SUBSTANTIATED = "substantiated", _("Substantiated")
    PARTLY = "partly", _("Partly substantiated")
    UNSUBSTANTIATED = "unsubstantiated", _("Not substantiated")


SUBSTANTIATED = (Finding.SUBSTANTIATED, Finding.PARTLY)


class ReplyMethod(models.TextChoices):
    PHONE = "phone", _("By phone")
    LETTER = "letter", _("In writing")
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    # An anonymous complainant cannot be answered; the finding is kept as the reply.
    NONE = "none", _("No one to reply to (anonymous)")


class Complaint(models.Model):
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    received_on = models.DateField(_("received on"))
    # The complainant: all optional, and none of it kept when anonymous. Screens and API answers
    # show it masked (`disclosure.py`), whole only to whoever must answer them.
    anonymous = models.BooleanField(_("anonymous"), default=False)
    complainant_name = models.CharField(_("complainant's name"), max_length=60, blank=True)
    complainant_phone = models.CharField(_("complainant's phone"), max_length=30, blank=True)
    complainant_id_number = models.CharField(_("complainant's ID number"), max_length=18, blank=True)
    subject_kind = models.CharField(_("about"), max_length=10, choices=SubjectKind.choices)
    household = models.ForeignKey(
        "registry.Household",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("household"),
    )
    worker = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("member of staff complained about"),
    )
    application = models.ForeignKey(
        "cases.Application", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    review = models.ForeignKey(
        "reviews.Review", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    area = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="+", verbose_name=_("area"))
    summary = models.TextField(_("summary"), max_length=2000)
    state = models.CharField(_("state"), max_length=13, choices=State.choices, default=State.RECEIVED)
    owner = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handled by"),
    )
    accept_due_on = models.DateField(_("accept or transfer by"))
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True)
    transferred_on = models.DateField(_("transferred on"), null=True, blank=True)
    transferred_to = models.CharField(_("transferred to"), max_length=100, blank=True)
    handle_due_on = models.DateField(_("handle by"), null=True, blank=True)
    extended = models.BooleanField(_("extended"), default=False)
    extension_reason = models.CharField(_("reason for the extension"), max_length=300, blank=True)
    # The deadline the complaint is at now: accept while received, handle while accepted and not
    # yet replied, none afterwards.
    due_on = models.DateField(_("due on"), null=True, blank=True)
    finding = models.CharField(_("finding"), max_length=16, choices=Finding.choices, blank=True)
    finding_text = models.TextField(_("what was found"), max_length=2000, blank=True)
    found_on = models.DateField(_("found on"), null=True, blank=True)
    reply_method = models.CharField(_("reply by"), max_length=10, choices=ReplyMethod.choices, blank=True)
    reply_text = models.TextField(_("reply"), max_length=2000, blank=True)
    replied_on = models.DateField(_("replied on"), null=True, blank=True)
    # What the finding led to: a review of the household opened (reviews app), or a correction
    # recorded in words (a decision redone, a worker's conduct corrected …).
    resulting_review = models.ForeignKey(
        "reviews.Review",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("review opened"),
    )
    correction = models.TextField(_("correction"), max_length=2000, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, related_name="+")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        ordering = ["-received_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(anonymous=True)
                | (Q(complainant_name="") & Q(complainant_phone="") & Q(complainant_id_number="")),
                name="complaints_anonymous_keeps_no_identity",
            ),
            models.CheckConstraint(
                condition=~Q(owner=models.F("worker")) | Q(owner__isnull=True) | Q(worker__isnull=True),
                name="complaints_owner_not_the_worker",
            ),
            models.CheckConstraint(condition=Q(state__in=State.values), name="complaints_state_known"),
        ]
        indexes = [
            models.Index(fields=["area", "received_on"], name="complaints_area_received"),
            models.Index(fields=["owner", "state", "due_on"], name="complaints_owner_desk"),
            models.Index(fields=["state", "due_on"], name="complaints_state_due"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.received_on:%Y-%m-%d} #{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def substantiated(self) -> bool:
        return self.finding in SUBSTANTIATED


class Event(models.Model):
    """One step of a complaint's timeline: who did what, from which state to which."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("time"), auto_now_add=True)
    actor = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, related_name="+")
    action = models.CharField(_("action"), max_length=20)
    from_state = models.CharField(max_length=13, choices=State.choices)
    to_state = models.CharField(max_length=13, choices=State.choices)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["complaint_id", "at", "id"]

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.action}"


class Note(models.Model):
    """An investigation note, with an evidence file where there is one (a photo, a scanned letter,
    a recording's transcript)."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="notes")
    text = models.TextField(_("note"), max_length=2000, blank=True)
    file = models.FileField(_("evidence file"), upload_to="complaints/%Y/%m/", blank=True, max_length=200)
    added_at = models.DateTimeField(_("added"), auto_now_add=True)
    added_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, related_name="+")

    class Meta:
        verbose_name = _("investigation note")
        verbose_name_plural = _("investigation notes")
        ordering = ["complaint_id", "added_at", "id"]

    def __str__(self) -> str:
        return f"{self.complaint_id} note {self.pk}"
