"""Who reads payroll runs, and which step a user may take on a run now.

The pages show a button, and the API lists an action, for exactly what `actions` answers; the
services check role, area and state again on every write, so a step offered by neither is also
refused by both."""

from collections.abc import Iterable

from dibao.accounts.models import User
from dibao.core.roles import Role

from ..models import FIXED_STATES, Run, RunState
from ..services import APPROVERS, CHECKERS, DRAFTERS

# Everyone who works with households reads the runs of their county (their own area's lines);
# administrators manage users and areas, not payments.
READERS = frozenset({Role.COMMUNITY, Role.STREET, Role.COUNTY, Role.AUDITOR})
# The bank file, the bank's results and closing are the county's, as approval is.
PAYERS = APPROVERS
# The bank's results are imported while the run is at the bank: file after file until no payment
# is outstanding, when the run becomes paid (payroll.results).
RESULT_STATES = frozenset({RunState.EXPORTED})

# Every action by name, in the order a run goes through them.
ACTIONS = ("redraft", "check", "approve", "bank_file", "results", "close")


def may_check(user: User, run: Run, street_id: int, checked: Iterable[int]) -> bool:
    """May the user check this street's part now: a draft, not yet checked, and the street officer
    of that street (or the county, for any street)."""
    if run.state != RunState.DRAFT or street_id in set(checked) or user.role not in CHECKERS:
        return False
    return user.role != Role.STREET or user.area_id == street_id


def actions(user: User, run: Run, streets: Iterable[int], checked: Iterable[int]) -> list[str]:
    """The actions the user may take on the run now. `streets`: the streets with lines that the
    user sees; `checked`: the streets that have checked."""
    done = set(checked)
    allowed: list[str] = []
    role, state = user.role, run.state
    if role in DRAFTERS and state == RunState.DRAFT:
        allowed.append("redraft")
    if any(may_check(user, run, street, done) for street in streets):
        allowed.append("check")
    if role in APPROVERS and state == RunState.CHECKED:
        allowed.append("approve")
    if role in PAYERS and state in FIXED_STATES:
        allowed.append("bank_file")
    if role in PAYERS and state in RESULT_STATES:
        allowed.append("results")
    if role in PAYERS and state == RunState.PAID:
        allowed.append("close")
    return allowed
