"""Every write of the payroll: its runs (`runs`, drafted set-based by `drafting`), the bank file's
layout and export (`bankfiles`), the bank's results (`results`). Each write is one transaction
with its audit entry.

The run's steps are named here, as they always were; the bank file's and the results' services
are imported from their modules, which read the files through `payroll.bankfile` and
`payroll.results` (those import this package for its checks, so it does not import them back)."""

from .runs import (
    APPROVERS,
    CHECKERS,
    DRAFTERS,
    require_fixed,
    require_role,
    run_advance,
    run_approve,
    run_check,
    run_draft,
    run_draft_allowed,
    run_name,
)

__all__ = [
    "APPROVERS",
    "CHECKERS",
    "DRAFTERS",
    "require_fixed",
    "require_role",
    "run_advance",
    "run_approve",
    "run_check",
    "run_draft",
    "run_draft_allowed",
    "run_name",
]
