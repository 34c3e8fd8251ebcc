"""Monthly payroll runs (低保金发放): the county's run of a month, a line per receiving household
and program, and a run of its own for each program the county pays apart (its `run` term).

A run is drafted from the entitlements in force in its month by a few set-based statements
(`payroll.services.drafting`), checked street by street, approved by the county, exported to the
bank, paid (the bank's results imported) and closed. Only a draft changes; from approval on a run and
its lines are fixed, and anything to correct goes into a later month as an `Adjustment`.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dibao.core.bankfile import ControlTotal, Encoding, FileFormat
from dibao.core.csvfile import DigitGuard
from dibao.policy.programs.fields import program_field
from dibao.registry.models import UrbanRural


class RunState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    CHECKED = "checked", _("Checked by the streets")
    APPROVED = "approved", _("Approved")
    EXPORTED = "exported", _("Sent to the bank")
    PAID = "paid", _("Paid")
    CLOSED = "closed", _("Closed")


FIXED_STATES = frozenset({RunState.APPROVED, RunState.EXPORTED, RunState.PAID, RunState.CLOSED})


class Run(models.Model):
    county = models.ForeignKey(
        "areas.Area", on_delete=models.PROTECT, related_name="+", verbose_name=_("county")
    )
    month = models.DateField(_("month"))
    # Empty: the county's run of the month, which pays every recurring program the county pays
    # together (and the one-off grants); a program: that program's own run, where the county's
    # funding line wants it paid apart (`policy.programs.terms.RUN_OWN`).
    program = program_field(null=True, blank=True, default=None)
    state = models.CharField(_("state"), max_length=8, choices=RunState.choices, default=RunState.DRAFT)
    households = models.PositiveIntegerField(_("households"), default=0)
    persons = models.PositiveIntegerField(_("persons"), default=0)
    total = models.DecimalField(_("total"), max_digits=16, decimal_places=2, default=0)
    version = models.PositiveIntegerField(default=1)
    drafted_at = models.DateTimeField(_("drafted"), null=True, blank=True)
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, related_name="+")
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    approved_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, related_name="+")

    class Meta:
        verbose_name = _("payroll run")
        verbose_name_plural = _("payroll runs")
        ordering = ["-month", "county_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["county", "month"],
                condition=Q(program__isnull=True),
                name="payroll_one_shared_run_per_county_month",
            ),
            models.UniqueConstraint(
                fields=["county", "month", "program"],
                condition=Q(program__isnull=False),
                name="payroll_one_own_run_per_county_month_program",
            ),
        ]

    def __str__(self) -> str:
        own = f" {self.program_id}" if self.program_id else ""
        return f"{self.county_id} {self.month:%Y-%m}{own}"


def run_program_is(program: str | None) -> Q:
    """The runs of `program`: its own runs, or with None the county's shared runs."""
    return Q(program__isnull=True) if program is None else Q(program_id=program)


class LineResult(models.TextChoices):
    PENDING = "pending", _("Outstanding")
    PAID = "paid", _("Paid")
    FAILED = "failed", _("Failed")


class Line(models.Model):
    """What one household is paid in one run, with the details the bank file and roster print."""

    # Few indexes and database-checked references on purpose: a million lines are inserted a month,
    # and each index and each foreign-key check costs every one of them. The run and the household
    # are checked by the database; the entitlement, community and street are copied by the same
    # INSERT … SELECT from rows it joins, so they cannot point anywhere else, and are never deleted.
    run = models.ForeignKey(Run, on_delete=models.CASCADE, related_name="lines", db_index=False)
    # The run's month, copied by the drafting's INSERT … SELECT: on PostgreSQL the table is
    # partitioned by it (`core.services.partitions`), a partition a month.
    month = models.DateField(_("month"))
    household = models.ForeignKey("registry.Household", on_delete=models.PROTECT, related_name="+")
    # Empty on a line that pays a one-off grant (`grant`) rather than an entitlement.
    entitlement = models.ForeignKey(
        "benefits.Entitlement",
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    # The one-off grant (临时救助, 医疗救助) this line pays: a grant is paid by one line, ever.
    grant = models.ForeignKey(
        "assistance.OneOffGrant", on_delete=models.PROTECT, null=True, related_name="+", db_index=False
    )
    # Copied from the entitlement with it (not checked by the database, for the same reason).
    program = program_field(db_index=False, db_constraint=False)
    member = models.ForeignKey(
        "registry.Member",
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    community = models.ForeignKey(
        "areas.Area", on_delete=models.PROTECT, related_name="+", db_index=False, db_constraint=False
    )
    street = models.ForeignKey(
        "areas.Area", on_delete=models.PROTECT, related_name="+", db_index=False, db_constraint=False
    )
    urban_rural = models.CharField(max_length=5, choices=UrbanRural.choices)
    benefit_class = models.CharField(max_length=1, blank=True)
    persons = models.PositiveSmallIntegerField()
    amount = models.DecimalField(_("monthly amount"), max_digits=12, decimal_places=2)
    arrears = models.DecimalField(_("arrears"), max_digits=12, decimal_places=2, default=0)
    adjustment = models.DecimalField(_("adjustment"), max_digits=12, decimal_places=2, default=0)
    total = models.DecimalField(_("to pay"), max_digits=12, decimal_places=2)
    # As they were when the run was drafted: the bank pays the account on file that day.
    head_name = models.CharField(max_length=40)
    head_id_number = models.CharField(max_length=18)
    bank_name = models.CharField(max_length=60, blank=True)
    bank_account = models.CharField(max_length=40, blank=True)
    result = models.CharField(max_length=7, choices=LineResult.choices, default=LineResult.PENDING)
    result_reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["run_id", "community_id", "household_id"]
        # One line per entitlement in a run; an entitlement is one household's (or person's) in
        # one program, and its versions never overlap in a month, so this is one line per
        # household and program (per person and program). Led by the household and the program,
        # the one index also serves the drafting's look-ups of a household's line in a program.
        constraints = [
            models.UniqueConstraint(
                fields=["run", "household", "program", "entitlement"], name="payroll_line_once_per_run"
            ),
            models.UniqueConstraint(
                fields=["grant"], condition=Q(grant__isnull=False), name="payroll_line_pays_grant_once"
            ),
        ]
        indexes = [models.Index(fields=["run", "street"], name="payroll_line_run_street")]

    def __str__(self) -> str:
        return f"{self.run_id}/{self.household_id}: {self.total}"


class StreetCheck(models.Model):
    run = models.ForeignKey(Run, on_delete=models.CASCADE, related_name="checks")
    street = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="+")
    checked_at = models.DateTimeField(auto_now_add=True)
    checked_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["run", "street"], name="payroll_street_checks_once")]

    def __str__(self) -> str:
        return f"{self.run_id} {self.street_id}"


class Adjustment(models.Model):
    """Money carried into a later run: a failed payment reissued, an overpayment recovered."""

    class Kind(models.TextChoices):
        REISSUE = "reissue", _("Failed payment reissued")
        RECOVERY = "recovery", _("Overpayment recovered")
        OTHER = "other", _("Other")

    household = models.ForeignKey("registry.Household", on_delete=models.PROTECT, related_name="+")
    program = program_field(db_index=False)
    # The person whose benefit it corrects, for a program that pays a person.
    member = models.ForeignKey(
        "registry.Member", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)  # negative recovers
    note = models.CharField(_("note"), max_length=200, blank=True)
    # Neither reference to a line is checked by the database: on PostgreSQL lines are partitioned
    # by month and their key is (id, month), which a foreign key on the id alone cannot point at
    # (docs/architecture.md, "Tables partitioned by month"). Django still protects and empties
    # them on delete; the drafting writes both from the lines it has just written.
    source_line = models.ForeignKey(
        Line, on_delete=models.PROTECT, null=True, blank=True, related_name="+", db_constraint=False
    )
    # The line that carries it; empty while it waits for the next run.
    applied_line = models.ForeignKey(
        Line, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", db_constraint=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, related_name="+")

    class Meta:
        ordering = ["household_id", "created_at"]
        indexes = [
            models.Index(
                fields=["household", "program"],
                condition=Q(applied_line__isnull=True),
                name="adjustment_waiting",
            )
        ]

    def __str__(self) -> str:
        return f"{self.household_id}: {self.amount}"


class BankLayout(models.Model):
    """How a county's bank wants its payment file: which columns, in which order, under which
    headers, in which encoding and format, how a CSV keeps its digits and where the control total
    goes. Without one, the default layout applies (`payroll.bankfile.layout_for`)."""

    # The choices are the format's (`core.bankfile`), which a disbursement batch writes too.
    Format = FileFormat
    Encoding = Encoding

    county = models.OneToOneField("areas.Area", on_delete=models.PROTECT, related_name="+")
    # [{"field": "number", "header": "序号"}, ...]; fields are those `core.bankfile.FIELDS` names.
    columns = models.JSONField(_("columns"), default=list)
    file_format = models.CharField(_("format"), max_length=4, choices=Format.choices, default=Format.XLSX)
    encoding = models.CharField(
        _("encoding"), max_length=9, choices=Encoding.choices, default=Encoding.GB18030
    )
    # CSV only: how ID numbers and accounts stay text when a person opens the file.
    digit_guard = models.CharField(
        _("digits in a CSV"), max_length=7, choices=DigitGuard.choices, default=DigitGuard.TAB
    )
    control_total = models.CharField(
        _("control total"), max_length=6, choices=ControlTotal.choices, default=ControlTotal.NONE
    )

    class Meta:
        verbose_name = _("bank file layout")
        verbose_name_plural = _("bank file layouts")

    def __str__(self) -> str:
        return f"{self.county_id} {self.file_format}"
