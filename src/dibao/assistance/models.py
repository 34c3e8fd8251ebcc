"""The records of one-off assistance (see the package's docstring).

The grant ledger comes first: every one-off program (临时救助, 医疗救助, …) ends in a `OneOffGrant`,
which payroll pays once — in the county's next monthly run or in a disbursement batch of its own.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

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
    run and in a batch. The references are ids, not foreign keys: payroll sits above this app."""

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
    paid_batch_id = models.BigIntegerField(null=True, blank=True)
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
                condition=Q(paid_line_id__isnull=True) | Q(paid_batch_id__isnull=True),
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


# ---- 医疗救助 (below) -----------------------------------------------------------------------------
