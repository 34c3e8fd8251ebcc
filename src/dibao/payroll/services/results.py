"""The bank's results written on a run: which payments went through and which failed, each
failure waiting as a reissue (`Adjustment`) for the next run's draft, and the run paid when no
line is outstanding. Reading and matching the bank's file is `payroll.results`; it calls this
with the run locked, once every row has been matched."""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from dibao.accounts.models import User
from dibao.core import audit

from ..bankfile import paid_lines
from ..models import Adjustment, Line, LineResult, Run, RunState
from .runs import APPROVERS, require_role, run_advance

CHUNK = 500  # ids per UPDATE … WHERE id IN (…): well inside every database's parameter limit


@dataclass(frozen=True)
class Failure:
    """A payment the bank returned: its line, what to reissue to whom, and the bank's reason."""

    line_id: int
    household_id: int
    amount: Decimal
    reason: str


def _chunks(ids: list[int]) -> Iterable[list[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def bank_results_record(
    *, run: Run, filename: str, paid: list[int], failed: list[Failure], actor: User | None
) -> Run:
    """Results on the lines `paid` (ids) and `failed`, a reissue for each failure, the audit
    entry; the run (locked by the caller) is paid when no line is left without a result.
    Returns the run as it now is."""
    require_role(actor, run.county, APPROVERS)
    with transaction.atomic():
        for ids in _chunks(paid):
            Line.objects.filter(pk__in=ids).update(result=LineResult.PAID, result_reason="")
        by_reason: dict[str, list[int]] = {}
        for failure in failed:
            by_reason.setdefault(failure.reason, []).append(failure.line_id)
        for reason, line_ids in by_reason.items():  # a bank gives few distinct reasons: few statements
            for ids in _chunks(line_ids):
                Line.objects.filter(pk__in=ids).update(result=LineResult.FAILED, result_reason=reason)
        month = f"{run.month:%Y-%m}"
        # A reissue is owed in the failed line's program, to its person where it paid one.
        whose: dict[int, tuple[str, int | None]] = {}
        for ids in _chunks([failure.line_id for failure in failed]):
            whose.update(
                (pk, (str(program), member))
                for pk, program, member in Line.objects.filter(pk__in=ids).values_list(
                    "id", "program_id", "member_id"
                )
            )
        Adjustment.objects.bulk_create(
            [
                Adjustment(
                    household_id=failure.household_id,
                    program_id=whose[failure.line_id][0],
                    member_id=whose[failure.line_id][1],
                    kind=Adjustment.Kind.REISSUE,
                    amount=failure.amount,
                    source_line_id=failure.line_id,
                    note=(
                        _("Payment of %(month)s failed: %(reason)s")
                        % {"month": month, "reason": failure.reason}
                        if failure.reason
                        else _("Payment of %(month)s failed") % {"month": month}
                    )[:200],
                    created_by=audit.acting_user(actor),
                )
                for failure in failed
            ],
            batch_size=2000,
        )
        outstanding = paid_lines(run).filter(result=LineResult.PENDING).count()
        audit.record(
            actor=actor,
            action=audit.Action.IMPORT,
            obj=run,
            area_code=run.county.code,
            after={
                "file": filename[:200],
                "paid": len(paid),
                "failed": len(failed),
                "outstanding": outstanding,
            },
            note="bank results",
        )
        if not outstanding:
            run = run_advance(run=run, to=RunState.PAID, actor=actor)
    return run
