"""The bank file's writes: a county's layout, and the export that sends an approved run to the
bank. Writing the file itself is `payroll.bankfile`'s; what is recorded of it is here."""

from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import IO, Any

from django.db import transaction

from dibao.accounts.models import User
from dibao.areas.models import Area
from dibao.assistance.services.grants import grants_exported_record
from dibao.core import audit
from dibao.core.jobs.progress import NO_PROGRESS, Progress

from .. import bankfile
from ..models import BankLayout, Run, RunState
from .runs import APPROVERS, require_role, run_advance


def layout_set(*, county: Area, data: Mapping[str, Any], actor: User | None) -> BankLayout:
    """Save the county's layout (the county's officers only), audited."""
    require_role(actor, county, APPROVERS)
    cleaned = bankfile.clean_layout(data)
    with transaction.atomic():
        layout = BankLayout.objects.select_for_update().filter(county=county).first()
        before = None if layout is None else audit.snapshot(layout)
        layout = layout or BankLayout(county=county)
        for name, value in cleaned.items():
            setattr(layout, name, value)
        layout.save()
        audit.record(
            actor=actor,
            action=audit.Action.CREATE if before is None else audit.Action.UPDATE,
            obj=layout,
            area_code=county.code,
            before=before,
            after=audit.snapshot(layout),
        )
    return layout


def bank_file_export(
    *,
    run: Run,
    out: IO[bytes],
    actor: User | None,
    progress: Progress = NO_PROGRESS,
    keep: Callable[[], object] | None = None,
    program: str | None = None,
) -> tuple[int, Decimal]:
    """The county's officers export an approved run's file; the run becomes "sent to the bank".
    `program`: only that program's lines (a file per program; see `bankfile.write_bank_file`).

    Every export is audited: the file carries whole ID numbers and accounts out of the system.
    The file is written whole before the transaction: one that fails half way leaves the run
    approved. `keep` (a job's: `core.jobs.files`) keeps the written file in the same transaction
    as the run's move, so the run is "sent" exactly when its file is kept.
    """
    require_role(actor, run.county, APPROVERS)
    program = bankfile.program_code(program)
    layout = bankfile.layout_for(run.county)
    count, total = bankfile.write_bank_file(run, out, layout, progress, program)
    with transaction.atomic():
        if run.state == RunState.APPROVED:
            run = run_advance(run=run, to=RunState.EXPORTED, actor=actor)
        # The one-off grants in this file are paid now: no longer to be cancelled.
        grants_exported_record(lines=bankfile.paid_lines(run, program), actor=actor)
        audit.record(
            actor=actor,
            action=audit.Action.EXPORT,
            obj=run,
            area_code=run.county.code,
            after={
                "format": layout.file_format,
                "program": program or "",
                "lines": count,
                "total": str(total),
            },
            note="bank file",
        )
        if keep is not None:
            keep()
    return count, total
