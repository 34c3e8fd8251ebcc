"""Every write to a county's disbursement batch: making it from the grants waiting to be paid in a
batch, approving it (by another officer than the one who made it), sending its bank file (which
marks its grants paid), and taking a cancelled grant off a batch still being prepared. Each is one
transaction with its audit entry; the grants are marked through `services.grants`, set-based."""

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import IO, Any

from django.db import transaction
from django.db.models import Count, IntegerField, Max, QuerySet, Sum
from django.db.models.functions import Cast, Round
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dibao.accounts.models import User
from dibao.areas.models import Area, Level
from dibao.core import audit
from dibao.core.errors import DomainError
from dibao.core.jobs.progress import NO_PROGRESS, Progress
from dibao.core.months import this_month
from dibao.core.roles import Role
from dibao.policy.models import Program, ProgramKind
from dibao.policy.programs.in_force import program_in_force
from dibao.policy.programs.terms import PAID_IN_BATCH, PAID_IN_RUN

from ..models import BatchState, DisbursementBatch, GrantForm, GrantState, OneOffGrant
from ..services.grants import grants_exported_record, grants_link_batch, require_area
from . import bankfile

BATCHERS = frozenset({Role.COUNTY})
_FIELDS = ["number", "title", "program", "state", "households", "persons", "amount"]


def _record(batch: DisbursementBatch, actor: User | None, before: dict[str, Any] | None, note: str) -> None:
    audit.record(
        actor=actor,
        action=audit.Action.CREATE if before is None else audit.Action.UPDATE,
        obj=batch,
        area_code=batch.county.code,
        before=before,
        after=audit.snapshot(batch, _FIELDS),
        note=note,
    )


def one_off_program(code: object) -> Program:
    """A one-off program by its code, or DomainError on the field `program`."""
    found = Program.objects.filter(code=str(code or "").strip()).first()
    if found is None or found.kind != ProgramKind.ONE_OFF:
        raise DomainError(
            _("'%(v)s' is not a one-off program; the codes are: %(codes)s.")
            % {
                "v": code,
                "codes": ", ".join(
                    Program.objects.filter(kind=ProgramKind.ONE_OFF).values_list("code", flat=True)
                ),
            },
            field="program",
        )
    return found


def paid_in_batch(county: Area, program: Program, month: datetime.date) -> bool:
    """Whether the county pays the program's grants in batches in the month (its term `paid_in`);
    the payroll's drafting asks the same term the other way round (`drafting.paid_in_run`)."""
    found = program_in_force(county, month, program.code)
    return found is not None and found.terms.get("paid_in", PAID_IN_RUN) == PAID_IN_BATCH


def waiting(county: Area, program: str) -> QuerySet[OneOffGrant]:
    """The county's grants of the program a batch would take: granted, in cash, carried by nothing."""
    return OneOffGrant.objects.filter(
        county=county,
        program_id=program,
        state=GrantState.GRANTED,
        form=GrantForm.CASH,
        paid_line_id__isnull=True,
        paid_batch__isnull=True,
    )


def figures(grants: QuerySet[OneOffGrant]) -> tuple[int, int, Decimal]:
    """(households, person-times, amount) of the grants: one aggregate, summed in whole fen, so the
    batch, its bank file and its roster agree to the fen on SQLite too."""
    got = grants.aggregate(
        households=Count("household_id", distinct=True),
        persons=Count("id"),
        fen=Sum(Cast(Round("amount", 2) * 100, IntegerField())),
    )
    return got["households"], got["persons"], (Decimal(got["fen"] or 0) / 100).quantize(Decimal("0.01"))


def _require_county(county: Area) -> None:
    if county.level != Level.COUNTY:
        raise DomainError(_("A disbursement batch is made for a county."), field="county")


def batch_create_allowed(*, county: Area, program: str, actor: User | None) -> Program:
    """What would refuse `batch_create`, told before any write (the page and the API answer it at
    once): a county, its officer, a one-off program the county pays in batches."""
    _require_county(county)
    require_area(actor, county, BATCHERS)
    found = one_off_program(program)
    if not paid_in_batch(county, found, this_month()):
        raise DomainError(
            _(
                "The county pays %(program)s grants in its monthly payroll run, not in a batch "
                "(the program's term paid_in)."
            )
            % {"program": found.name},
            field="program",
            code="paid_in_run",
        )
    return found


def batch_create(
    *, county: Area, program: str, actor: User | None, title: str = "", until: datetime.date | None = None
) -> DisbursementBatch:
    """A batch of every granted, unpaid cash grant of `program` in the county (decided on or before
    `until`, if given), numbered after the county's last batch. The grants are taken by one
    statement; a county with none waiting is told so and nothing is written."""
    found = batch_create_allowed(county=county, program=program, actor=actor)
    title = str(title or "").strip()
    if len(title) > 100:
        raise DomainError(_("At most %(n)s characters.") % {"n": 100}, field="title")
    with transaction.atomic():
        # One batch of a county at a time: its row is the lock, and the numbers follow each other.
        Area.objects.select_for_update().filter(pk=county.pk).first()
        grants = waiting(county, found.code)
        if until is not None:
            grants = grants.filter(decided_on__lte=until)
        if not grants.exists():
            raise DomainError(
                _("No granted cash grant of %(program)s waits to be paid in a batch.")
                % {"program": found.name},
                code="nothing_waiting",
            )
        last = DisbursementBatch.objects.filter(county=county).aggregate(n=Max("number"))["n"] or 0
        batch = DisbursementBatch.objects.create(
            county=county,
            program=found,
            number=last + 1,
            title=title or f"{found.short_name}发放 第{last + 1}批",
            created_by=audit.acting_user(actor),
        )
        grants_link_batch(grants=grants, batch_id=batch.pk, actor=actor)
        batch.households, batch.persons, batch.amount = figures(batch.grants.all())
        batch.save(update_fields=["households", "persons", "amount"])
        _record(batch, actor, None, "create")
    return batch


def _locked(batch: DisbursementBatch) -> DisbursementBatch:
    return (
        DisbursementBatch.objects.select_for_update(of=("self",))
        .select_related("county", "program")
        .get(pk=batch.pk)
    )


def batch_approve(*, batch: DisbursementBatch, actor: User | None) -> DisbursementBatch:
    """A county officer other than the one who made the batch approves it; from now on it does not
    change, and its bank file may be written."""
    require_area(actor, batch.county, BATCHERS)
    with transaction.atomic():
        locked = _locked(batch)
        if locked.state != BatchState.DRAFT:
            raise DomainError(
                _("The batch is %(state)s and is not approved again.")
                % {"state": locked.get_state_display()},
                code="wrong_state",
            )
        if not locked.persons:
            raise DomainError(_("The batch has no grants left to pay."), code="empty")
        made_by = locked.created_by_id
        if actor is not None and made_by is not None and made_by == actor.pk:
            raise DomainError(
                _("A batch is approved by another officer than the one who made it."), code="same_person"
            )
        before = audit.snapshot(locked, _FIELDS)
        locked.state = BatchState.APPROVED
        locked.approved_at = timezone.now()
        locked.approved_by = audit.acting_user(actor)
        locked.save(update_fields=["state", "approved_at", "approved_by"])
        _record(locked, actor, before, "approve")
    return locked


def require_approved(batch: DisbursementBatch) -> None:
    if batch.state not in (BatchState.APPROVED, BatchState.EXPORTED):
        raise DomainError(_("Only an approved batch is sent to the bank."), code="wrong_state")


def batch_bank_file_export(
    *,
    batch: DisbursementBatch,
    out: IO[bytes],
    actor: User | None,
    progress: Progress = NO_PROGRESS,
    keep: Callable[[], object] | None = None,
) -> tuple[int, Decimal]:
    """The county's officers write an approved batch's bank file; the batch becomes "sent to the
    bank" and its grants paid — no longer to be cancelled, and never carried by anything again.

    As the run's export: the file is written whole before the transaction, so one that fails half
    way leaves the batch approved; `keep` (a job's) keeps the file in the same transaction."""
    require_area(actor, batch.county, BATCHERS)
    batch = DisbursementBatch.objects.select_related("county", "program").get(pk=batch.pk)  # as it is now
    require_approved(batch)
    count, total = bankfile.write_batch_file(batch, out, progress)
    with transaction.atomic():
        locked = _locked(batch)
        require_approved(locked)
        layout = bankfile.layout_for(locked.county)
        if locked.state == BatchState.APPROVED:
            before = audit.snapshot(locked, _FIELDS)
            locked.state = BatchState.EXPORTED
            locked.exported_at = timezone.now()
            locked.save(update_fields=["state", "exported_at"])
            _record(locked, actor, before, "exported")
        grants_exported_record(batch_id=locked.pk, actor=actor)
        audit.record(
            actor=actor,
            action=audit.Action.EXPORT,
            obj=locked,
            area_code=locked.county.code,
            after={"format": layout.file_format, "lines": count, "total": str(total)},
            note="bank file",
        )
        if keep is not None:
            keep()
    return count, total


def release_grant_batch(grant: OneOffGrant) -> None:
    """A grant being cancelled (`paying.RELEASERS`): off a batch still a draft, whose figures are
    counted again without it; refused, saying why, once the batch is approved."""
    if grant.paid_batch_id is None:
        return
    batch = (
        DisbursementBatch.objects.select_for_update(of=("self",))
        .select_related("county")
        .get(pk=grant.paid_batch_id)
    )
    if batch.state != BatchState.DRAFT:
        raise DomainError(
            _(
                "The grant is in disbursement batch %(number)s, which is %(state)s; "
                "it can no longer be taken off it."
            )
            % {"number": batch.number, "state": batch.get_state_display()},
            code="fixed",
        )
    before = audit.snapshot(batch, _FIELDS)
    batch.households, batch.persons, batch.amount = figures(batch.grants.exclude(pk=grant.pk))
    batch.save(update_fields=["households", "persons", "amount"])
    _record(batch, None, before, f"grant {grant.pk} cancelled")
