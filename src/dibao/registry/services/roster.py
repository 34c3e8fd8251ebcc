"""What the register keeps of a roster file: each import's record with its report, and the audit
entry of each import and export. Reading, checking and writing the file itself is
`registry.roster`; the households an import brings are written by `bulk`."""

from collections.abc import Callable
from typing import Any

from django.db import transaction

from dibao.accounts.models import User
from dibao.areas.models import Area
from dibao.core import audit

from ..models import RosterImport
from ..roster.parse import RowError


def roster_import_record(
    *,
    actor: User | None,
    area: Area,
    filename: str,
    rows: int,
    dry_run: bool,
    households: int,
    members: int,
    errors: list[RowError],
    note: str = "",
    extra: dict[str, Any] | None = None,
    kind: str = RosterImport.Kind.ROSTER,
) -> RosterImport:
    """The file's record (refused, checked only or imported) with its report, and its audit entry."""
    outcome = (
        RosterImport.Outcome.REFUSED
        if errors
        else RosterImport.Outcome.CHECKED
        if dry_run
        else RosterImport.Outcome.IMPORTED
    )
    with transaction.atomic():
        record = RosterImport.objects.create(
            actor=actor,
            community=area,
            kind=kind,
            file_name=filename[:200],
            outcome=outcome,
            rows=rows,
            dry_run=dry_run,
            households=households,
            members=members,
            error_count=len(errors),
            errors=[e.as_dict() for e in errors],
        )
        audit.record(
            actor=actor,
            action=audit.Action.IMPORT,
            obj=record,
            area_code=area.code,
            note=note,
            after={
                "outcome": outcome,
                "rows": rows,
                "households": households,
                "members": members,
                "errors": len(errors),
                **(extra or {}),
            },
        )
    return record


def roster_export_record(
    *,
    actor: User | None,
    area: Area,
    fmt: str,
    members: int,
    full_ids: bool,
    full_accounts: bool,
    description: str,
    keep: Callable[[], object] | None = None,
) -> None:
    """Who took which households' data out, and whether ID numbers and bank accounts were whole.
    `keep`: a job keeps the written file in this entry's transaction (`core.jobs.files`)."""
    with transaction.atomic():
        audit.record(
            actor=actor,
            action=audit.Action.EXPORT,
            obj=area,
            area_code=area.code,
            after={
                "format": fmt,
                "members": members,
                "full_id_numbers": full_ids,
                "full_bank_accounts": full_accounts,
            },
            note=description[:500],
        )
        if keep is not None:
            keep()
