"""The records of one-off assistance (see the package's docstring).

The grant ledger comes first: every one-off program (临时救助, 医疗救助, …) ends in a `OneOffGrant`,
which payroll pays once — in the county's next monthly run or in a disbursement batch of its own.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dibao.policy.programs import codes
from dibao.policy.programs.fields import program_field


class GrantState(models.TextChoices):
    GRANTED = "granted", _("Granted")
    PAID = "paid", _("Paid")  # sent to the bank (cash), or handed over (in kind)
    CANCELLED = "cancelled", _("Cancelled")


class GrantForm(models.TextChoices):
    CASH = "cash", _("Cash")
    IN_KIND = "in_kind", _("In kind")


class OneOffGrant(models.Model):
    """One decided one-off grant: who receives what, why, decided by whom, and how it was paid.

    Paid once, and the database says so: a grant is carried by at most one payroll line (the
    line's own unique reference, and `paid_line_id` here is unique too) and is never both in a
    run and in a batch. The line is referred to by id, not a foreign key: payroll sits above this
    app; the batch (`DisbursementBatch`) is this app's own and a foreign key."""

    program = program_field(default=codes.TEMPORARY)
    household = models.ForeignKey(
        "registry.Household", on_delete=models.PROTECT, related_name="+", verbose_name=_("household")
    )
    member = models.ForeignKey(
        "registry.Member",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("person"),
    )
    # Where the household lived when the grant was decided: scoping and postings read these.
    community = models.ForeignKey(
        "areas.Area", on_delete=models.PROTECT, related_name="+", verbose_name=_("community")
    )
    county = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="+")
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    form = models.CharField(_("paid as"), max_length=7, choices=GrantForm.choices, default=GrantForm.CASH)
    goods = models.CharField(_("goods given"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=20)
    category = models.CharField(_("reason category"), max_length=20)
    reason = models.TextField(_("reason"))
    months = models.DecimalField(
        _("months of the standard"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    help_first = models.BooleanField(_("help first (先行救助)"), default=False)
    repeat_warning = models.CharField(_("repeat help"), max_length=300, blank=True)
    decided_on = models.DateField(_("decided on"))
    decided_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, related_name="+")
    application = models.ForeignKey(
        "cases.Application", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    claim_id = models.BigIntegerField(null=True, blank=True)  # a medical claim's
    state = models.CharField(_("state"), max_length=9, choices=GrantState.choices, default=GrantState.GRANTED)
    paid_line_id = models.BigIntegerField(null=True, blank=True)
    paid_batch = models.ForeignKey(
        "DisbursementBatch",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="grants",
        verbose_name=_("disbursement batch"),
    )
    exported_at = models.DateTimeField(_("sent to the bank"), null=True, blank=True)
    cancelled_reason = models.CharField(_("reason for cancelling"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("one-off grant")
        verbose_name_plural = _("one-off grants")
        ordering = ["-decided_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="one_off_grant_positive"),
            models.CheckConstraint(
                condition=Q(paid_line_id__isnull=True) | Q(paid_batch__isnull=True),
                name="one_off_grant_paid_once",
            ),
            models.UniqueConstraint(
                fields=["paid_line_id"],
                condition=Q(paid_line_id__isnull=False),
                name="one_off_grant_one_line",
            ),
            models.CheckConstraint(condition=Q(form="cash") | ~Q(goods=""), name="one_off_grant_goods_named"),
        ]
        indexes = [
            models.Index(fields=["county", "state", "decided_on"], name="one_off_grant_to_pay"),
            models.Index(fields=["community", "decided_on"], name="one_off_grant_community"),
            models.Index(fields=["household", "program", "decided_on"], name="one_off_grant_household"),
        ]

    def __str__(self) -> str:
        return f"{self.program_id} {self.household_id}: {self.amount}"


class BatchState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved")
    EXPORTED = "exported", _("Sent to the bank")


class DisbursementBatch(models.Model):
    """A county's payment of one-off grants outside the monthly run (the program's term `paid_in`
    is 'batch'): made from the granted, unpaid cash grants of one program, approved by a second
    officer, then sent to the bank in its own bank file (`assistance.batchfile`), which marks its
    grants paid. Its figures are fixed when it is made: a batch never changes its grants."""

    county = models.ForeignKey(
        "areas.Area", on_delete=models.PROTECT, related_name="+", verbose_name=_("county")
    )
    program = program_field(default=codes.TEMPORARY)
    number = models.PositiveIntegerField(_("batch number"))
    title = models.CharField(_("title"), max_length=100)
    state = models.CharField(_("state"), max_length=8, choices=BatchState.choices, default=BatchState.DRAFT)
    households = models.PositiveIntegerField(_("households"), default=0)
    persons = models.PositiveIntegerField(_("person-times"), default=0)  # 人次: the grants
    amount = models.DecimalField(_("amount"), max_digits=16, decimal_places=2, default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("created by")
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    approved_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    exported_at = models.DateTimeField(_("sent to the bank"), null=True, blank=True)

    class Meta:
        verbose_name = _("disbursement batch")
        verbose_name_plural = _("disbursement batches")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["county", "number"], name="disbursement_batch_number"),
        ]

    def __str__(self) -> str:
        return f"{self.county_id} #{self.number}"


# ---- 医疗救助 (below) -----------------------------------------------------------------------------


class TreatmentKind(models.TextChoices):
    INPATIENT = "inpatient", _("Inpatient")
    OUTPATIENT = "outpatient", _("Chronic outpatient")
    SERIOUS = "serious", _("Serious illness")


class ClaimState(models.TextChoices):
    RECORDED = "recorded", _("Recorded")
    DECIDED = "decided", _("Decided")
    REFUSED = "refused", pgettext_lazy("claim", "Refused")


class MedicalClaim(models.Model):
    """One treatment's claim for 医疗救助, with the calculation's result as it was when recorded
    (`policy.programs.medical`) and the amount decided. Scoped by the person's community."""

    member = models.ForeignKey(
        "registry.Member", on_delete=models.PROTECT, related_name="+", verbose_name=_("person")
    )
    community = models.ForeignKey(
        "areas.Area", on_delete=models.PROTECT, related_name="+", verbose_name=_("community")
    )
    hospital = models.CharField(_("hospital"), max_length=100)
    admitted_on = models.DateField(_("admitted (treated) on"))
    discharged_on = models.DateField(_("discharged on"))
    kind = models.CharField(_("treatment"), max_length=10, choices=TreatmentKind.choices)
    total_cost = models.DecimalField(_("total cost"), max_digits=12, decimal_places=2)
    insurance_paid = models.DecimalField(
        _("paid by basic medical insurance"), max_digits=12, decimal_places=2
    )
    serious_insurance_paid = models.DecimalField(
        _("paid by serious-illness insurance"), max_digits=12, decimal_places=2
    )
    in_policy_cost = models.DecimalField(_("in-policy personal cost"), max_digits=12, decimal_places=2)
    illness = models.BooleanField(_("impoverished by illness (recognised)"), default=False)
    # The calculation's result when recorded.
    eligible = models.BooleanField(_("eligible"), default=False)
    category = models.CharField(_("category"), max_length=20, blank=True)
    deductible = models.DecimalField(_("deductible"), max_digits=12, decimal_places=2)
    ratio = models.DecimalField(_("share paid"), max_digits=4, decimal_places=2)
    amount = models.DecimalField(_("amount by the rules"), max_digits=12, decimal_places=2)
    cap_left = models.DecimalField(_("cap left"), max_digits=12, decimal_places=2)
    explanation = models.JSONField(_("explanation"), default=list)
    decided_amount = models.DecimalField(
        _("amount decided"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    state = models.CharField(
        _("state"), max_length=10, choices=ClaimState.choices, default=ClaimState.RECORDED
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    actor = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("recorded by")
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )

    class Meta:
        verbose_name = _("medical assistance claim")
        verbose_name_plural = _("medical assistance claims")
        ordering = ["-admitted_on", "-id"]
        indexes = [models.Index(fields=["member", "admitted_on"], name="medical_claim_member_day")]

    def __str__(self) -> str:
        return f"{self.hospital} {self.admitted_on}"


class SettlementImport(models.Model):
    """A hospital's or the medical-insurance bureau's monthly one-stop settlement file, reconciled:
    the matched total is what the county pays the hospital; disputed rows wait for follow-up."""

    county = models.ForeignKey(
        "areas.Area", on_delete=models.PROTECT, related_name="+", verbose_name=_("county")
    )
    month = models.DateField(_("month"))
    file_name = models.CharField(_("file"), max_length=200)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    matched = models.PositiveIntegerField(_("matched"), default=0)
    disputed = models.PositiveIntegerField(_("disputed"), default=0)
    matched_total = models.DecimalField(_("matched total"), max_digits=14, decimal_places=2, default=0)
    disputed_total = models.DecimalField(_("disputed total"), max_digits=14, decimal_places=2, default=0)
    created_at = models.DateTimeField(_("time"), auto_now_add=True)
    actor = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, related_name="+")

    class Meta:
        verbose_name = _("settlement import")
        verbose_name_plural = _("settlement imports")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.file_name} {self.month:%Y-%m}"


class SettlementOutcome(models.TextChoices):
    MATCHED = "matched", _("Matched")
    AMOUNT = "amount", _("Amount differs from the rules")
    STATUS = "status", _("No qualifying status on the date")
    UNKNOWN = "unknown", _("No such person on the register")


class SettlementRow(models.Model):
    settlement = models.ForeignKey(SettlementImport, on_delete=models.CASCADE, related_name="lines")
    row = models.PositiveIntegerField(_("row"))
    name = models.CharField(_("name"), max_length=40)
    id_number = models.CharField(_("ID number"), max_length=18)
    member = models.ForeignKey(
        "registry.Member", on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("person")
    )
    community_code = models.CharField(_("community"), max_length=12, blank=True)
    hospital = models.CharField(_("hospital"), max_length=100)
    admitted_on = models.DateField(_("admitted (treated) on"))
    discharged_on = models.DateField(_("discharged on"))
    kind = models.CharField(_("treatment"), max_length=10, choices=TreatmentKind.choices)
    total_cost = models.DecimalField(_("total cost"), max_digits=12, decimal_places=2)
    insurance_paid = models.DecimalField(
        _("paid by basic medical insurance"), max_digits=12, decimal_places=2
    )
    serious_insurance_paid = models.DecimalField(
        _("paid by serious-illness insurance"), max_digits=12, decimal_places=2
    )
    in_policy_cost = models.DecimalField(_("in-policy personal cost"), max_digits=12, decimal_places=2)
    paid = models.DecimalField(_("paid by the hospital"), max_digits=12, decimal_places=2)
    expected = models.DecimalField(_("amount by the rules"), max_digits=12, decimal_places=2)
    category = models.CharField(_("category"), max_length=20, blank=True)
    deductible = models.DecimalField(_("deductible"), max_digits=12, decimal_places=2)
    outcome = models.CharField(_("outcome"), max_length=10, choices=SettlementOutcome.choices)

    class Meta:
        verbose_name = _("settlement row")
        verbose_name_plural = _("settlement rows")
        ordering = ["settlement_id", "row"]
        indexes = [models.Index(fields=["member", "admitted_on"], name="settlement_member_day")]

    def __str__(self) -> str:
        return f"{self.settlement_id}:{self.row}"


# ---- 节日慰问 holiday relief (below; `assistance.holiday`) ------------------------------------------


class HolidayItemKind(models.TextChoices):
    CASH = "cash", pgettext_lazy("holiday item", "Cash")
    RICE = "rice", _("Rice")
    FLOUR = "flour", _("Flour")
    OIL = "oil", _("Cooking oil")
    OTHER = "other", _("Other goods")


class RecipientState(models.TextChoices):
    PENDING = "pending", _("To visit")
    DELIVERED = "delivered", _("Delivered")
    NOT_DELIVERED = "not_delivered", _("Not delivered")
    REMOVED = "removed", _("Removed by hand")


class HolidayCampaign(models.Model):
    """A holiday visit (Spring Festival, Mid-Autumn, …) of a county or a street: who is visited is
    chosen by `criteria` (`holiday.criteria`) on `held_on`, plus households added by hand."""

    name = models.CharField(_("name"), max_length=60)
    held_on = models.DateField(_("date"))
    area = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="+", verbose_name=_("area"))
    criteria = models.JSONField(_("criteria"), default=list)
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("holiday campaign")
        verbose_name_plural = _("holiday campaigns")
        ordering = ["-held_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["area", "name", "held_on"], name="holiday_campaign_once"),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.held_on}"


class HolidayItem(models.Model):
    """One item of a package: `criterion` empty is everyone's package; a criterion's own items make
    the package of a household meeting it (the first of the campaign's criteria that has items)."""

    campaign = models.ForeignKey(HolidayCampaign, on_delete=models.CASCADE, related_name="items")
    criterion = models.CharField(_("criterion"), max_length=20, blank=True)
    kind = models.CharField(_("item"), max_length=5, choices=HolidayItemKind.choices)
    name = models.CharField(_("description"), max_length=40, blank=True)
    quantity = models.PositiveIntegerField(_("quantity"), default=1)
    unit_value = models.DecimalField(_("unit value"), max_digits=10, decimal_places=2)

    class Meta:
        ordering = ["campaign_id", "criterion", "id"]
        constraints = [models.CheckConstraint(condition=Q(unit_value__gt=0), name="holiday_item_positive")]

    def __str__(self) -> str:
        return f"{self.kind} ×{self.quantity}"


class HolidayRecipient(models.Model):
    """A household visited by a campaign: the criteria it met (or the hand that added it), its
    package as it was chosen, and whether it was handed over. One row per household and campaign."""

    campaign = models.ForeignKey(HolidayCampaign, on_delete=models.CASCADE, related_name="recipients")
    household = models.ForeignKey(
        "registry.Household", on_delete=models.PROTECT, related_name="+", verbose_name=_("household")
    )
    community = models.ForeignKey(
        "areas.Area", on_delete=models.PROTECT, related_name="+", verbose_name=_("community")
    )
    criteria = models.JSONField(_("criteria met"), default=list)
    by_hand = models.BooleanField(_("added by hand"), default=False)
    hand_reason = models.CharField(_("reason"), max_length=200, blank=True)
    persons = models.PositiveIntegerField(_("persons"), default=0)
    package = models.CharField(_("package of"), max_length=20, blank=True)  # a criterion; "": everyone's
    cash = models.DecimalField(_("cash"), max_digits=12, decimal_places=2, default=0)
    goods_value = models.DecimalField(_("value of goods"), max_digits=12, decimal_places=2, default=0)
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2, default=0)
    state = models.CharField(
        _("state"), max_length=13, choices=RecipientState.choices, default=RecipientState.PENDING
    )
    delivered_on = models.DateField(_("delivered on"), null=True, blank=True)
    delivered_by = models.CharField(_("delivered by"), max_length=60, blank=True)
    state_reason = models.CharField(_("reason"), max_length=200, blank=True)
    grant = models.ForeignKey(OneOffGrant, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("holiday recipient")
        verbose_name_plural = _("holiday recipients")
        ordering = ["campaign_id", "community__code", "household__number"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "household"], name="holiday_recipient_once"),
        ]
        indexes = [models.Index(fields=["campaign", "community"], name="holiday_recipient_community")]

    def __str__(self) -> str:
        return f"{self.campaign_id}:{self.household_id}"
