"""Applications and everything recorded on the way to a decision: the electronic case file (档案).

The state of an application changes only through `cases.workflow` (which lists every transition,
from which states, by which roles) and each change writes a `CaseEvent` — the timeline — and an
audit entry in the same transaction. `version` is raised by every transition, so two people acting
on the same case at once cannot both succeed: the second is told the case has changed.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dibao.policy.models import BenefitClass, ManagementClass
from dibao.policy.programs.fields import program_field


class Kind(models.TextChoices):
    NEW = "new", _("New dibao application")
    SINGLE = "single", _("Single-person inclusion (单人保)")
    FAST_TRACK = "fast_track", _("Temporary assistance first (先行救助)")
    REAPPLICATION = "reapply", _("Re-application after termination")


class State(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for materials")
    ACCEPTED = "accepted", _("Accepted")
    INVESTIGATED = "investigated", _("Investigated")
    APPRAISED = "appraised", _("Appraised")
    UNDER_NOTICE = "notice", _("Under public notice")
    NOTICE_CLOSED = "notice_closed", _("Notice closed")
    REVIEWED = "reviewed", _("Reviewed by the street")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


OPEN_STATES = frozenset(State.values) - {State.APPROVED, State.REJECTED, State.WITHDRAWN}


class MaterialKind(models.TextChoices):
    APPLICATION_FORM = "application_form", _("Application form (申请书)")
    AUTHORISATION = "authorisation", _("Authorisation for the economic check (核对授权书)")
    DECLARATION = "declaration", _("Declaration of income and assets")
    COMMITMENT = "commitment", _("Written commitment (承诺书)")
    ID_CARDS = "id_cards", _("ID cards")
    HUKOU = "hukou", _("Household register (户口簿)")
    INCOME_PROOF = "income_proof", _("Income proofs")
    DISABILITY_CERTIFICATE = "disability", _("Disability certificate")
    MEDICAL_CERTIFICATE = "medical", _("Medical certificate")
    PROXY = "proxy", _("Power of attorney (委托书)")
    PHOTO = "photo", _("Photo from the home visit")
    OTHER = "other", _("Other")


class Application(models.Model):
    household = models.ForeignKey(
        "registry.Household",
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("household"),
    )
    # The household's community when the application was made: scoping never joins through a
    # household that may have moved since.
    community = models.ForeignKey(
        "areas.Area", on_delete=models.PROTECT, related_name="+", verbose_name=_("community")
    )
    program = program_field()
    # The person applying, for a program that pays a person; empty for one that pays the household
    # (a 单人保 application names its person in `single_member`).
    member = models.ForeignKey(
        "registry.Member",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("person applying"),
    )
    # 特困: supported in an institution (集中供养, paid to the institution) rather than at home.
    institutional = models.BooleanField(_("supported in an institution"), default=False)
    care_home = models.ForeignKey(
        "benefits.CareHome",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("care home"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.NEW)
    single_member = models.ForeignKey(
        "registry.Member",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("person applying alone"),
    )
    state = models.CharField(
        _("state"), max_length=13, choices=State.choices, default=State.DRAFT, db_index=True
    )
    version = models.PositiveIntegerField(default=1)
    applicant_name = models.CharField(_("applicant"), max_length=40)
    reason = models.TextField(_("reason for applying"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, related_name="+")
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True)
    # Working days from acceptance to decision, from the policy in force at acceptance.
    due_on = models.DateField(_("decision due by"), null=True, blank=True, db_index=True)
    extended = models.BooleanField(_("deadline extended"), default=False)
    extension_reason = models.CharField(_("reason for the extension"), max_length=300, blank=True)
    close_relative = models.BooleanField(_("close relative of staff (近亲属)"), default=False)
    # Decision
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decided_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, related_name="+")
    amount = models.DecimalField(_("monthly amount"), max_digits=12, decimal_places=2, null=True, blank=True)
    assessed_amount = models.DecimalField(
        _("assessed amount"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    override_reason = models.CharField(_("reason for a different amount"), max_length=500, blank=True)
    benefit_class = models.CharField(
        _("benefit class"), max_length=1, choices=BenefitClass.choices, blank=True
    )
    management_class = models.CharField(
        _("management class"), max_length=1, choices=ManagementClass.choices, blank=True
    )
    start_month = models.DateField(_("paid from month"), null=True, blank=True)
    rejection_reasons = models.TextField(_("reasons for rejection"), blank=True)
    explanation = models.JSONField(_("explanation"), default=list, blank=True)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-created_at", "-id"]
        constraints = [
            # One application in progress per household and program (per person and program for a
            # program that pays a person): a second would race the first to a decision.
            models.UniqueConstraint(
                fields=["household", "program"],
                condition=~Q(state__in=["approved", "rejected", "withdrawn"]) & Q(member__isnull=True),
                name="application_one_open_per_household",
            ),
            models.UniqueConstraint(
                fields=["member", "program"],
                condition=~Q(state__in=["approved", "rejected", "withdrawn"]) & Q(member__isnull=False),
                name="application_one_open_per_person",
            ),
        ]
        indexes = [models.Index(fields=["community", "state"], name="application_community_state")]

    def __str__(self) -> str:
        return f"{self.applicant_name} ({self.get_kind_display()})"


class CaseEvent(models.Model):
    """One step on the timeline: who did what, when, from which state to which."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("time"), auto_now_add=True)
    actor = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, related_name="+")
    action = models.CharField(_("action"), max_length=20)
    from_state = models.CharField(max_length=13, choices=State.choices)
    to_state = models.CharField(max_length=13, choices=State.choices)
    note = models.TextField(_("note"), blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["application_id", "at", "id"]

    def __str__(self) -> str:
        return f"{self.application_id} {self.action}"


class Material(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="materials")
    kind = models.CharField(_("material"), max_length=20, choices=MaterialKind.choices)
    file = models.FileField(_("file"), upload_to="cases/%Y/%m/", blank=True)
    seen_on_paper = models.BooleanField(_("seen on paper"), default=False)
    note = models.CharField(_("note"), max_length=200, blank=True)
    added_at = models.DateTimeField(_("added"), auto_now_add=True)
    added_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, related_name="+")

    class Meta:
        verbose_name = _("material")
        verbose_name_plural = _("materials")
        ordering = ["application_id", "kind", "id"]

    def __str__(self) -> str:
        return self.get_kind_display()


class Investigation(models.Model):
    """入户调查: at least two investigators, what they saw, what neighbours and members said.
    Photos of the visit are materials of the application (`MaterialKind.PHOTO`)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="investigations")
    visited_on = models.DateField(_("visited on"))
    investigators = models.JSONField(_("investigators"), default=list)
    housing = models.TextField(_("housing"), blank=True)
    furniture_and_appliances = models.TextField(_("furniture and appliances"), blank=True)
    neighbours = models.TextField(_("neighbours' statements"), blank=True)
    members_statement = models.TextField(_("members' statements"), blank=True)
    conclusion = models.TextField(_("conclusion"), blank=True)
    signed_by_investigators = models.BooleanField(_("signed by the investigators"), default=False)
    signed_by_members = models.BooleanField(_("signed by the members present"), default=False)
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, related_name="+")

    class Meta:
        verbose_name = _("home investigation")
        verbose_name_plural = _("home investigations")
        ordering = ["application_id", "visited_on", "id"]

    def __str__(self) -> str:
        return f"{self.application_id} {self.visited_on}"


class Verification(models.Model):
    """A result of the economic check (家庭经济状况核对) for one member, with its source."""

    class Kind(models.TextChoices):
        INCOME = "income", _("Income")
        ASSET = "asset", _("Deposits and securities")
        VEHICLE = "vehicle", _("Vehicle")
        PROPERTY = "property", _("Real estate")
        BUSINESS = "business", _("Registered business")
        OTHER = "other", _("Other")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="verifications")
    member = models.ForeignKey(
        "registry.Member", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    description = models.CharField(_("what was found"), max_length=300)
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2, null=True, blank=True)
    source = models.CharField(_("source"), max_length=100)
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, related_name="+")

    class Meta:
        ordering = ["application_id", "id"]

    def __str__(self) -> str:
        return self.description


class PanelMember(models.Model):
    """A member of a community's democratic appraisal panel (评议小组), for a term."""

    community = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=40)
    role = models.CharField(_("role on the panel"), max_length=40, blank=True)
    term_from = models.DateField(_("term from"))
    term_to = models.DateField(_("term to"), null=True, blank=True)

    class Meta:
        ordering = ["community_id", "name"]

    def __str__(self) -> str:
        return self.name


class AppraisalMeeting(models.Model):
    community = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="+")
    held_on = models.DateField(_("held on"))
    present = models.ManyToManyField(PanelMember, related_name="meetings", verbose_name=_("present"))
    minutes = models.TextField(_("minutes"), blank=True)
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, related_name="+")

    class Meta:
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.community_id} {self.held_on}"


class AppraisalOpinion(models.Model):
    class Opinion(models.TextChoices):
        AGREE = "agree", _("Agrees")
        DISAGREE = "disagree", _("Disagrees")

    meeting = models.ForeignKey(AppraisalMeeting, on_delete=models.CASCADE, related_name="opinions")
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="opinions")
    opinion = models.CharField(_("opinion"), max_length=8, choices=Opinion.choices)
    votes_for = models.PositiveSmallIntegerField(_("votes for"))
    votes_against = models.PositiveSmallIntegerField(_("votes against"))
    abstentions = models.PositiveSmallIntegerField(_("abstentions"), default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "application"], name="opinion_once_per_meeting")
        ]

    def __str__(self) -> str:
        return f"{self.application_id}: {self.opinion}"


class Notice(models.Model):
    """A public notice (公示) posted on a community's board for a period."""

    community = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="+")
    posted_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    mask_given_names = models.BooleanField(_("mask given names"), default=True)
    applications = models.ManyToManyField(Application, related_name="notices")
    posted_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, related_name="+")

    class Meta:
        ordering = ["-posted_on", "-id"]

    def __str__(self) -> str:
        return f"{self.community_id} {self.posted_on}–{self.ends_on}"


class Objection(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="objections")
    received_on = models.DateField(_("received on"))
    raised_by = models.CharField(_("raised by"), max_length=100)
    content = models.TextField(_("objection"))
    resolution = models.TextField(_("how it was resolved"), blank=True)
    resolved_on = models.DateField(_("resolved on"), null=True, blank=True)
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, related_name="+")

    class Meta:
        ordering = ["application_id", "received_on", "id"]

    def __str__(self) -> str:
        return f"{self.application_id} {self.received_on}"


class CloseRelative(models.Model):
    """近亲属备案: a relative of dibao staff or a community cadre, by ID number."""

    class Relation(models.TextChoices):
        SPOUSE = "spouse", _("Spouse")
        PARENT = "parent", _("Parent")
        CHILD = "child", _("Child")
        SIBLING = "sibling", _("Sibling")
        GRANDPARENT = "grandparent", _("Grandparent")
        GRANDCHILD = "grandchild", _("Grandchild")
        IN_LAW = "in_law", _("In-law")

    county = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="+")
    staff_name = models.CharField(_("staff member or cadre"), max_length=40)
    staff_position = models.CharField(_("position"), max_length=60)
    relative_name = models.CharField(_("relative"), max_length=40)
    relative_id_number = models.CharField(_("relative's ID number"), max_length=18, db_index=True)
    relation = models.CharField(_("relation"), max_length=12, choices=Relation.choices)
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, related_name="+")

    class Meta:
        verbose_name = _("close-relative filing")
        verbose_name_plural = _("close-relative filings")
        ordering = ["county_id", "staff_name"]

    def __str__(self) -> str:
        return f"{self.staff_name} – {self.relative_name}"


class SpotCheck(models.Model):
    """The county's own visit (入户抽查) to a 特困 case before it decides: who went, when, and
    whether what the street found was confirmed. The county checks at least the share of cases its
    terms say (`spot_check_share`), counted over all its decisions (`selectors.spot_check_share`),
    so a case may be decided without one; one check is recorded per case."""

    class Finding(models.TextChoices):
        CONFIRMED = "confirmed", pgettext_lazy("spot check", "Confirmed")
        NOT_CONFIRMED = "not_confirmed", _("Not confirmed")

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="spot_check")
    checked_on = models.DateField(_("checked on"))
    checked_by = models.CharField(_("checked by"), max_length=200)
    finding = models.CharField(_("finding"), max_length=13, choices=Finding.choices)
    note = models.TextField(pgettext_lazy("spot check", "note"), blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, related_name="+")
    # The random draw it was recorded against, if it was drawn (a decision checked after the fact).
    draw = models.ForeignKey(
        "SpotCheckDraw", on_delete=models.PROTECT, null=True, blank=True, related_name="checks"
    )

    class Meta:
        verbose_name = _("county spot check")
        verbose_name_plural = _("county spot checks")
        ordering = ["application_id"]

    def __str__(self) -> str:
        return f"{self.application_id} {self.checked_on}"


class StaffKind(models.TextChoices):
    STAFF = "staff", _("Dibao staff")
    CADRE = "cadre", _("Village or community cadre")


class Staff(models.Model):
    """A county's staff member or village/community cadre on its register (近亲属备案), with the
    close relatives they declared (`DeclaredRelative`). The county imports the register whole
    (`services.register_import`); whoever is on it, or declared by someone on it, and found among
    the members of a receiving household or an application under way, is filed (`RelativeFiling`)."""

    county = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=40)
    id_number = models.CharField(_("ID number"), max_length=18)
    post = models.CharField(_("post"), max_length=60)
    area = models.ForeignKey(
        "areas.Area", on_delete=models.PROTECT, related_name="+", verbose_name=_("area of work")
    )
    kind = models.CharField(_("kind"), max_length=5, choices=StaffKind.choices)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("staff member or cadre")
        verbose_name_plural = _("staff and cadres")
        ordering = ["county_id", "name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["county", "id_number"], name="cases_staff_once_per_county"),
        ]
        indexes = [models.Index(fields=["id_number"], name="cases_staff_id_number")]

    def __str__(self) -> str:
        return f"{self.name} ({self.post})"


class DeclaredRelative(models.Model):
    """A close relative a staff member or cadre declared, by ID number."""

    staff = models.ForeignKey(Staff, on_delete=models.CASCADE, related_name="relatives")
    name = models.CharField(_("relative"), max_length=40)
    id_number = models.CharField(_("relative's ID number"), max_length=18)
    relation = models.CharField(_("relation"), max_length=12, choices=CloseRelative.Relation.choices)

    class Meta:
        verbose_name = _("declared relative")
        verbose_name_plural = _("declared relatives")
        ordering = ["staff_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["staff", "id_number"], name="cases_relative_once_per_staff"),
        ]
        indexes = [models.Index(fields=["id_number"], name="cases_declared_id_number")]

    def __str__(self) -> str:
        return f"{self.staff_id} – {self.name}"


# The person found is the staff member themself, or one of the relatives they declared.
SELF = "self"
FILED_RELATIONS = [(SELF, _("The staff member themself")), *CloseRelative.Relation.choices]


class RelativeFiling(models.Model):
    """An automatic filing (近亲属备案): a member of a receiving household (`application` empty) or
    of an application under way is on the county's register. It says why — which staff member, and
    which relation, or the staff member themself — in words kept as they were when it was filed, so
    it still reads the same after the register changes. A filing whose reason left the register
    (a re-import without it) is not deleted: `lapsed_at` says when it stopped holding."""

    county = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="+")
    staff = models.ForeignKey(Staff, on_delete=models.SET_NULL, null=True, related_name="filings")
    staff_name = models.CharField(_("staff member or cadre"), max_length=40)
    staff_id_number = models.CharField(_("staff member's ID number"), max_length=18)
    staff_post = models.CharField(_("post"), max_length=60)
    staff_kind = models.CharField(_("kind"), max_length=5, choices=StaffKind.choices)
    relation = models.CharField(_("relation"), max_length=12, choices=FILED_RELATIONS)
    person_name = models.CharField(_("member"), max_length=40)
    id_number = models.CharField(_("ID number"), max_length=18)
    household = models.ForeignKey(
        "registry.Household", on_delete=models.PROTECT, related_name="+", verbose_name=_("household")
    )
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, null=True, blank=True, related_name="relative_filings"
    )
    filed_at = models.DateTimeField(_("filed at"), auto_now_add=True)
    lapsed_at = models.DateTimeField(_("lapsed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("automatic close-relative filing")
        verbose_name_plural = _("automatic close-relative filings")
        ordering = ["county_id", "-filed_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["county", "staff_id_number", "id_number", "household"],
                condition=Q(application__isnull=True),
                name="cases_filing_once_per_household",
            ),
            models.UniqueConstraint(
                fields=["county", "staff_id_number", "id_number", "application"],
                condition=Q(application__isnull=False),
                name="cases_filing_once_per_application",
            ),
        ]
        indexes = [models.Index(fields=["household"], name="cases_filing_household")]

    def __str__(self) -> str:
        return f"{self.staff_name} – {self.person_name}"


class SpotCheckDraw(models.Model):
    """A county's random sample of its decisions for spot checks (随机抽查): of one program's
    applications it decided (approved or rejected) in the months `month_from`..`month_to`, the
    share `share` drawn with `random.Random(seed)` over the decisions in the order of their ids
    (`spot_check_draws.draw_sample`), so anyone can draw again with the seed and get the same
    list. `decisions` and `digest` record what the draw was made over, so a draw made again says
    whether the decisions themselves have changed since. The drawn list is `SpotCheckDrawItem`;
    each check's result is the case's `SpotCheck`."""

    county = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="+")
    program = program_field()
    month_from = models.DateField(_("from month"))
    month_to = models.DateField(_("to month"))
    share = models.DecimalField(_("share drawn"), max_digits=5, decimal_places=4)
    seed = models.BigIntegerField(_("seed"))
    decisions = models.PositiveIntegerField(_("decisions drawn from"))
    digest = models.CharField(_("digest of the decisions"), max_length=64)
    drawn_at = models.DateTimeField(_("drawn at"), auto_now_add=True)
    drawn_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, related_name="+")

    class Meta:
        verbose_name = _("spot-check draw")
        verbose_name_plural = _("spot-check draws")
        ordering = ["-drawn_at", "-id"]

    def __str__(self) -> str:
        return f"{self.county_id} {self.program_id} {self.month_from:%Y-%m}–{self.month_to:%Y-%m}"


class SpotCheckDrawItem(models.Model):
    """A decision drawn for a spot check, in the order drawn."""

    draw = models.ForeignKey(SpotCheckDraw, on_delete=models.CASCADE, related_name="items")
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveIntegerField()

    class Meta:
        ordering = ["draw_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["draw", "application"], name="cases_drawn_once"),
            models.UniqueConstraint(fields=["draw", "position"], name="cases_drawn_position_once"),
        ]

    def __str__(self) -> str:
        return f"{self.draw_id} #{self.position}: {self.application_id}"


class FoundTally(models.Model):
    """A community's found list (应享未享) of a month as last counted (`services.found`): the
    desk reads this count and the list's first rows (`FoundEntry`) instead of testing the whole
    register on every visit. `counted_at` is when the register was read."""

    community = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="+")
    month = models.DateField(_("month"))
    count = models.PositiveIntegerField(_("found"), default=0)
    counted_at = models.DateTimeField(_("counted at"), null=True)

    class Meta:
        verbose_name = _("found list count")
        verbose_name_plural = _("found list counts")
        constraints = [models.UniqueConstraint(fields=["community", "month"], name="cases_found_tally_once")]

    def __str__(self) -> str:
        return f"{self.community_id} {self.month:%Y-%m}: {self.count}"


class FoundEntry(models.Model):
    """One person of a community's found list as last counted: who, for which program. The
    reason is said in words when the row is shown (the program's terms and the person's facts),
    and the sort keys are copied so that a county's first page is read from one index in order."""

    month = models.DateField(_("month"))
    program = program_field()
    community = models.ForeignKey("areas.Area", on_delete=models.CASCADE, related_name="+")
    household = models.ForeignKey("registry.Household", on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey("registry.Member", on_delete=models.CASCADE, related_name="+")
    community_code = models.CharField(max_length=12)
    household_number = models.CharField(max_length=20)

    class Meta:
        verbose_name = _("found person")
        verbose_name_plural = _("found persons")
        indexes = [
            models.Index(
                fields=["month", "community_code", "household_number", "member", "program"],
                name="cases_found_in_order",
            ),
            models.Index(fields=["community", "month"], name="cases_found_community"),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.program_id} {self.member_id}"
