"""Households, members, incomes and assets; members' legal supporters and self-care
assessments, and households' rigid spending.

Invariants kept by the database itself, so that no path around the services can break them:
- a household number is unique within its county;
- an ID number belongs to at most one member whose household is not terminated (`is_current`);
- a person is recorded once among a member's supporters, and never as their own;
- a self-care assessment's level is the one its count of failed activities gives;
- rigid spending is never negative.
The search keys (pinyin, initials, reversed ID number) are derived by the services on every write.
"""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class UrbanRural(models.TextChoices):
    URBAN = "urban", _("Urban")
    RURAL = "rural", _("Rural")


class HouseholdStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    APPLYING = "applying", _("Applying")
    RECEIVING = "receiving", _("Receiving")
    SUSPENDED = "suspended", _("Suspended")
    TERMINATED = "terminated", pgettext_lazy("household status", "Terminated")


class Relation(models.TextChoices):
    SELF = "self", pgettext_lazy("relation", "Head of household")
    SPOUSE = "spouse", _("Spouse")
    CHILD = "child", _("Child")
    PARENT = "parent", _("Parent")
    GRANDCHILD = "grandchild", _("Grandchild")
    SIBLING = "sibling", _("Sibling")
    OTHER = "other", _("Other")


class Sex(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")


class DisabilityType(models.TextChoices):
    NONE = "", _("None")
    LIMB = "limb", _("Physical")
    MENTAL = "mental", _("Mental")
    INTELLECTUAL = "intellectual", _("Intellectual")
    VISUAL = "visual", _("Visual")
    HEARING = "hearing", _("Hearing")
    SPEECH = "speech", _("Speech")
    MULTIPLE = "multiple", _("Multiple")


class DisabilityGrade(models.IntegerChoices):
    NONE = 0, _("None")
    GRADE_1 = 1, _("Grade 1")
    GRADE_2 = 2, _("Grade 2")
    GRADE_3 = 3, _("Grade 3")
    GRADE_4 = 4, _("Grade 4")


class Health(models.TextChoices):
    HEALTHY = "healthy", _("Healthy")
    CHRONIC = "chronic", _("Chronic illness")
    SERIOUS = "serious", _("Serious illness")


class LabourCapacity(models.TextChoices):
    FULL = "full", _("Full")
    PARTIAL = "partial", _("Partial")
    NONE = "none", _("Lost")


class Employment(models.TextChoices):
    EMPLOYED = "employed", _("Employed")
    FLEXIBLE = "flexible", _("Flexible employment")
    UNEMPLOYED = "unemployed", _("Unemployed")  # registered as unemployed (登记失业)
    UNREGISTERED = "unreg", _("Unemployed, not registered")
    STUDENT = "student", _("In school")
    RETIRED = "retired", _("Retired")
    NONE = "none", _("None")


class IncomeKind(models.TextChoices):
    WAGE = "wage", _("Wages")
    BUSINESS = "business", _("Net business income")
    PROPERTY = "property", _("Net property income")
    TRANSFER = "transfer", _("Net transfer income")
    OTHER = "other", _("Other income")


class IncomeItem(models.TextChoices):
    """What an income is, in the words of the means test (POLICY.md §2).

    The national catalogue: a county's policy chooses which of these are not counted
    (`policy.Rules.excluded_items`); a record without an item is counted by its kind.
    """

    WAGE = "wage", _("Wages and salary")
    BUSINESS = "business", _("Business income")
    RENT = "rent", _("Rent and property income")
    PENSION = "pension", _("Retirement pension")
    UNEMPLOYMENT = "unemployment", _("Unemployment insurance benefit")
    MAINTENANCE = "maintenance", _("Maintenance from relatives")
    COMPENSATION = "compensation", _("Compensation")
    GIFT = "gift", _("Gifts")
    SPECIAL_CARE = "special_care", _("Special care and pension for martyrs' families (优待抚恤金)")
    FAMILY_PLANNING = "family_planning", _("Family-planning reward (计划生育奖励扶助金)")
    SCHOLARSHIP = "scholarship", _("Scholarship")
    HEROISM = "heroism", _("Award for bravery (见义勇为奖励)")
    SOCIAL_ASSISTANCE = "social_assistance", _("Social assistance money and goods")
    RESIDENT_BASIC_PENSION = "resident_basic_pension", _("Basic pension of the residents' scheme")
    OTHER = "other", _("Other")


# The kind each item belongs to, so that an item and a kind never disagree.
ITEM_KIND = {
    IncomeItem.WAGE: IncomeKind.WAGE,
    IncomeItem.BUSINESS: IncomeKind.BUSINESS,
    IncomeItem.RENT: IncomeKind.PROPERTY,
    IncomeItem.PENSION: IncomeKind.TRANSFER,
    IncomeItem.UNEMPLOYMENT: IncomeKind.TRANSFER,
    IncomeItem.MAINTENANCE: IncomeKind.TRANSFER,
    IncomeItem.COMPENSATION: IncomeKind.TRANSFER,
    IncomeItem.GIFT: IncomeKind.TRANSFER,
    IncomeItem.SPECIAL_CARE: IncomeKind.TRANSFER,
    IncomeItem.FAMILY_PLANNING: IncomeKind.TRANSFER,
    IncomeItem.SCHOLARSHIP: IncomeKind.TRANSFER,
    IncomeItem.HEROISM: IncomeKind.TRANSFER,
    IncomeItem.SOCIAL_ASSISTANCE: IncomeKind.TRANSFER,
    IncomeItem.RESIDENT_BASIC_PENSION: IncomeKind.TRANSFER,
    IncomeItem.OTHER: IncomeKind.OTHER,
}


class AssetKind(models.TextChoices):
    DEPOSIT = "deposit", _("Deposits")
    SECURITIES = "securities", _("Securities")
    VEHICLE = "vehicle", _("Motor vehicle")
    PROPERTY = "property", _("Real estate")
    BUSINESS = "business", _("Registered business")
    OTHER = "other", _("Other")


def _pattern_index(field: str, name: str) -> models.Index:
    # varchar_pattern_ops lets PostgreSQL answer `LIKE 'abc%'` from the index (see core.lookups);
    # other databases ignore opclasses and build a plain index.
    return models.Index(fields=[field], name=name, opclasses=["varchar_pattern_ops"])


class HouseholdCategory(models.Model):
    """A household category (人员类别) a county defines for its statistics: 市直企业下岗职工,
    区直企业下岗职工及居民, 农村居民 … Each county keeps its own list; a household has at most one,
    of its own county's list (`services.categories`)."""

    county = models.ForeignKey(
        "areas.Area", on_delete=models.PROTECT, related_name="+", verbose_name=_("county")
    )
    name = models.CharField(_("category name"), max_length=60)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("household category")
        verbose_name_plural = _("household categories")
        ordering = ["county_id", "name"]
        constraints = [
            models.UniqueConstraint(fields=["county", "name"], name="household_category_once_in_county"),
        ]

    def __str__(self) -> str:
        return self.name


class Household(models.Model):
    number = models.CharField(_("household number"), max_length=20)
    county = models.ForeignKey(
        "areas.Area", on_delete=models.PROTECT, related_name="+", verbose_name=_("county"), editable=False
    )
    community = models.ForeignKey(
        "areas.Area", on_delete=models.PROTECT, related_name="households", verbose_name=_("community")
    )
    address = models.CharField(_("address"), max_length=200)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    urban_rural = models.CharField(_("urban/rural"), max_length=5, choices=UrbanRural.choices)
    bank_name = models.CharField(_("bank"), max_length=60, blank=True)
    bank_account = models.CharField(_("bank account"), max_length=40, blank=True)
    # A marker holiday relief and other visits select by: a serviceman's or martyr's family.
    # Defaulted by the database too: rows written by statements that do not name the markers (the
    # bulk loaders, a migration's older models) are not marked.
    military_family = models.BooleanField(_("military family"), default=False, db_default=False)
    # The county's household category (人员类别), for statistics; none until someone sets it.
    category = models.ForeignKey(
        HouseholdCategory,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="households",
        verbose_name=_("household category"),
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=HouseholdStatus.choices,
        default=HouseholdStatus.REGISTERED,
        db_index=True,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = pgettext_lazy("model", "households")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["county", "number"], name="household_number_unique_in_county"),
        ]
        indexes = [
            _pattern_index("number", "household_number_prefix"),
            models.Index(fields=["community", "number"], name="household_community_number"),
        ]

    def __str__(self) -> str:
        return self.number


class Member(models.Model):
    household = models.ForeignKey(
        Household, on_delete=models.CASCADE, related_name="members", verbose_name=_("household")
    )
    name = models.CharField(_("name"), max_length=40)
    id_number = models.CharField(_("ID number"), max_length=18)
    birth_date = models.DateField(_("birth date"), editable=False)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, editable=False)
    relation = models.CharField(_("relation to head"), max_length=12, choices=Relation.choices)
    hukou = models.CharField(_("hukou"), max_length=5, choices=UrbanRural.choices)
    disability_type = models.CharField(
        _("disability type"),
        max_length=12,
        choices=DisabilityType.choices,
        blank=True,
        default=DisabilityType.NONE,
    )
    disability_grade = models.PositiveSmallIntegerField(
        _("disability grade"), choices=DisabilityGrade.choices, default=DisabilityGrade.NONE
    )
    health = models.CharField(_("health"), max_length=8, choices=Health.choices, default=Health.HEALTHY)
    labour_capacity = models.CharField(
        _("labour capacity"), max_length=8, choices=LabourCapacity.choices, default=LabourCapacity.FULL
    )
    employment = models.CharField(
        _("employment"), max_length=10, choices=Employment.choices, default=Employment.NONE
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    notes = models.CharField(_("notes"), max_length=500, blank=True)
    # A marker holiday relief selects by: a party member the party organisation lists in hardship.
    party_hardship = models.BooleanField(_("party member in hardship"), default=False, db_default=False)
    # False once the household is terminated: the person may then join another household.
    is_current = models.BooleanField(default=True, editable=False)
    # Search keys, derived from name and ID number by the services.
    name_pinyin = models.CharField(max_length=120, editable=False)
    name_initials = models.CharField(max_length=40, editable=False)
    id_number_reversed = models.CharField(max_length=18, editable=False)

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["household_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["id_number"], condition=Q(is_current=True), name="member_one_current_household"
            ),
        ]
        indexes = [
            models.Index(fields=["id_number"], name="member_id_number"),
            _pattern_index("name", "member_name_prefix"),
            _pattern_index("name_pinyin", "member_pinyin_prefix"),
            _pattern_index("name_initials", "member_initials_prefix"),
            _pattern_index("id_number_reversed", "member_id_suffix"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_head(self) -> bool:
        return self.relation == Relation.SELF


class Income(models.Model):
    """A monthly income of a member (or of the household as a whole), valid over a period of months."""

    household = models.ForeignKey(
        Household, on_delete=models.CASCADE, related_name="incomes", verbose_name=_("household")
    )
    member = models.ForeignKey(
        Member,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="incomes",
        verbose_name=_("member"),
    )
    kind = models.CharField(_("income type"), max_length=10, choices=IncomeKind.choices)
    item = models.CharField(_("income item"), max_length=24, choices=IncomeItem.choices, blank=True)
    amount = models.DecimalField(pgettext_lazy("income", "monthly amount"), max_digits=12, decimal_places=2)
    source = models.CharField(_("source"), max_length=100, blank=True)
    # First day of the first month, and of the last month (open-ended when empty).
    month_from = models.DateField(_("from month"))
    month_to = models.DateField(_("to month"), null=True, blank=True)
    notes = models.CharField(_("notes"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("income")
        verbose_name_plural = _("incomes")
        ordering = ["household_id", "-month_from", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount}"


class Asset(models.Model):
    household = models.ForeignKey(
        Household, on_delete=models.CASCADE, related_name="assets", verbose_name=_("household")
    )
    member = models.ForeignKey(
        Member,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="assets",
        verbose_name=_("member"),
    )
    kind = models.CharField(_("asset type"), max_length=10, choices=AssetKind.choices)
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    recorded_on = models.DateField(_("recorded on"))
    notes = models.CharField(_("notes"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("asset")
        verbose_name_plural = _("assets")
        ordering = ["household_id", "-recorded_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.value}"


class NumberSequence(models.Model):
    """The last household number handed out in a county; locked while numbers are taken."""

    county = models.OneToOneField("areas.Area", on_delete=models.PROTECT, related_name="+")
    last = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.county_id}: {self.last}"


class RosterImport(models.Model):
    """One roster file taken in (or refused, or only checked), with its error report."""

    class Outcome(models.TextChoices):
        IMPORTED = "imported", _("Imported")
        CHECKED = "checked", _("Checked only")
        REFUSED = "refused", _("Refused")

    class Kind(models.TextChoices):
        ROSTER = "roster", _("Roster")
        RECIPIENTS = "recipients", _("Recipients")

    created_at = models.DateTimeField(_("time"), auto_now_add=True)
    actor = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("user")
    )
    # The area imported into: a community, or a street or county whose rows name their community.
    community = models.ForeignKey(
        "areas.Area", on_delete=models.PROTECT, related_name="+", verbose_name=_("area")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.ROSTER)
    file_name = models.CharField(_("file"), max_length=200)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    households = models.PositiveIntegerField(_("households"), default=0)
    members = models.PositiveIntegerField(_("members"), default=0)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    dry_run = models.BooleanField(_("check only"), default=False)
    error_count = models.PositiveIntegerField(_("errors"), default=0)
    # The whole error report, kept so that the result page can offer it again as xlsx or JSON.
    errors = models.JSONField(_("error report"), default=list)

    class Meta:
        verbose_name = _("roster import")
        verbose_name_plural = _("roster imports")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_outcome_display()})"


class SupporterRelation(models.TextChoices):
    """Who owes a person support in law (民法典: 赡养、抚养、扶养)."""

    SPOUSE = "spouse", _("Spouse")
    PARENT = "parent", _("Parent")
    CHILD = "child", _("Child")
    SIBLING = "sibling", _("Sibling")
    GRANDPARENT = "grandparent", _("Grandparent")
    GRANDCHILD = "grandchild", _("Grandchild")
    OTHER = "other", _("Other")


class Supporter(models.Model):
    """A legal supporter (法定赡养、抚养、扶养义务人) of a member, and whether they can support.

    The name and ID number are always kept; `supporter_member` links the person when they are in
    the register (any household, found by ID number), so what they receive can be read. Removing
    that member keeps the row, as a person outside the register.
    """

    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="supporters", verbose_name=_("member")
    )
    supporter_member = models.ForeignKey(
        Member,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="supported",
        verbose_name=_("supporter in the register"),
        editable=False,
    )
    name = models.CharField(_("name"), max_length=40)
    id_number = models.CharField(_("ID number"), max_length=18)
    relation = models.CharField(
        pgettext_lazy("supporter", "relation to the member"), max_length=12, choices=SupporterRelation.choices
    )
    able = models.BooleanField(_("able to support"))
    note = models.CharField(_("capacity note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("legal supporter")
        verbose_name_plural = _("legal supporters")
        ordering = ["member_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["member", "id_number"], name="supporter_once_per_member"),
            models.CheckConstraint(
                condition=~Q(supporter_member=F("member")), name="supporter_not_own_supporter"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Activity(models.TextChoices):
    """The six activities of daily living a self-care assessment asks about."""

    EATING = "eating", _("Eating")
    DRESSING = "dressing", _("Dressing")
    TRANSFERRING = "transferring", _("Getting in and out of bed")
    TOILETING = "toileting", _("Using the toilet")
    WALKING = "walking", _("Walking indoors")
    BATHING = "bathing", _("Bathing")


class CareLevel(models.TextChoices):
    """What a self-care assessment concludes; the values are the care needed (none, partial, full),
    as the 特困 care amounts are keyed."""

    NONE = "none", _("Fully self-caring")
    PARTIAL = "partial", _("Partly disabled")
    FULL = "full", _("Fully disabled")


# Failed activities → level (POLICY.md §4): none self-caring, 1 to 3 partly, 4 or more fully.
PARTIAL_FROM, FULL_FROM = 1, 4


def care_level(activities_failed: int) -> str:
    """The level of care needed when `activities_failed` of the six are not done alone."""
    if not 0 <= activities_failed <= len(Activity.values):
        raise ValueError("six activities are assessed")
    if activities_failed >= FULL_FROM:
        return CareLevel.FULL.value
    return CareLevel.PARTIAL.value if activities_failed >= PARTIAL_FROM else CareLevel.NONE.value


class CareAssessment(models.Model):
    """A self-care assessment (生活自理能力评估) of a member on the six activities. Kept as history:
    the latest by date counts."""

    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="care_assessments", verbose_name=_("member")
    )
    assessed_on = models.DateField(_("assessed on"))
    # The activities not done alone, as `Activity` values; their count and the level are kept
    # beside them so that lists and set-based searches need not read the JSON.
    failed = models.JSONField(_("activities not done alone"), default=list)
    activities_failed = models.PositiveSmallIntegerField(_("activities failed"), editable=False)
    level = models.CharField(_("self-care level"), max_length=8, choices=CareLevel.choices, editable=False)
    assessor = models.CharField(_("assessed by"), max_length=100)
    note = models.CharField(_("notes"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("self-care assessment")
        verbose_name_plural = _("self-care assessments")
        ordering = ["member_id", "-assessed_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(activities_failed=0, level=CareLevel.NONE)
                | Q(
                    activities_failed__gte=PARTIAL_FROM,
                    activities_failed__lt=FULL_FROM,
                    level=CareLevel.PARTIAL,
                )
                | Q(activities_failed__gte=FULL_FROM, activities_failed__lte=6, level=CareLevel.FULL),
                name="care_assessment_level_matches_count",
            ),
        ]
        indexes = [models.Index(fields=["member", "-assessed_on"], name="care_assessment_latest")]

    def __str__(self) -> str:
        return f"{self.assessed_on} {self.get_level_display()}"


class RigidSpendingKind(models.TextChoices):
    MEDICAL = "medical", _("Medical (after insurance)")
    EDUCATION = "education", _("Education")
    REHABILITATION = "rehabilitation", _("Rehabilitation")
    OTHER = "other", _("Other necessary spending")


class RigidSpending(models.Model):
    """A household's rigid spending (刚性支出) on one date: what the 刚性支出困难 test adds up over
    the twelve months before the month assessed."""

    household = models.ForeignKey(
        Household, on_delete=models.CASCADE, related_name="rigid_spending", verbose_name=_("household")
    )
    member = models.ForeignKey(
        Member,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="rigid_spending",
        verbose_name=_("member"),
    )
    kind = models.CharField(_("spending type"), max_length=16, choices=RigidSpendingKind.choices)
    amount = models.DecimalField(pgettext_lazy("spending", "amount"), max_digits=12, decimal_places=2)
    spent_on = models.DateField(_("spent on"))
    note = models.CharField(_("notes"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("rigid spending")
        verbose_name_plural = _("rigid spending")
        ordering = ["household_id", "-spent_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="rigid_spending_not_negative"),
        ]
        indexes = [models.Index(fields=["household", "spent_on"], name="rigid_spending_household_date")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount}"
