"""Every write to a payroll run: drafting (and redrafting) it, the streets' checks, the county's
approval, and the steps after it. A run changes only while it is a draft; every step is one
transaction with its audit entry, so a failure leaves the run as it was before the step."""

import datetime
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dibao.accounts.models import User
from dibao.areas.models import Area, Level
from dibao.benefits.services import allowances_advance
from dibao.core import audit
from dibao.core.errors import DomainError, Forbidden, NotFound
from dibao.core.roles import Role
from dibao.core.services import partitions
from dibao.policy.models import Program
from dibao.policy.programs import codes
from dibao.policy.programs.in_force import display_name

from .. import closing, programs, totals
from ..models import FIXED_STATES, Run, RunState, StreetCheck, run_program_is
from ..selectors import county_paid_through
from . import drafting

DRAFTERS = frozenset({Role.COUNTY})
CHECKERS = frozenset({Role.STREET, Role.COUNTY})
APPROVERS = frozenset({Role.COUNTY})


def require_role(actor: User | None, area: Area, roles: frozenset[str]) -> None:
    """`actor=None` is the server's operator on the command line."""
    if actor is None:
        return
    if actor.area is None or not (actor.area.contains(area) or area.contains(actor.area)):
        raise NotFound()
    if actor.role not in roles:
        raise Forbidden()


SNAPSHOT = ["month", "program", "state", "households", "persons", "total"]


def _record(run: Run, actor: User | None, action: str, before: dict[str, Any] | None) -> None:
    audit.record(
        actor=actor,
        action=audit.Action.CREATE if before is None else audit.Action.UPDATE,
        obj=run,
        area_code=run.county.code,
        before=before,
        after=audit.snapshot(run, SNAPSHOT),
        note=action,
    )


def run_name(run: Run) -> str:
    """How a message names the run: "2026-03", or "2026-03 (特困人员救助供养)" for a program's own run."""
    if run.program_id is None:
        return f"{run.month:%Y-%m}"
    program = Program.objects.filter(code=run.program_id).first()
    return f"{run.month:%Y-%m} ({display_name(program) if program else run.program_id})"


def _own_program(county: Area, month: datetime.date, program: str, existing: Run | None) -> None:
    """May `program` have a run of its own in the county's `month`? Only a paying recurring program
    with a `run` term, only in a month that term says `own` (a run that exists keeps its program),
    and never one the shared run of the month pays already: no household's program is paid twice."""
    found = Program.objects.filter(code=program).first()
    if found is None:
        raise DomainError(
            _("No program has the code '%(code)s'; the codes are: %(codes)s.")
            % {"code": program, "codes": ", ".join(Program.objects.values_list("code", flat=True))},
            field="program",
        )
    name = display_name(found)
    if program not in dict(programs.separable()):
        raise DomainError(
            _("%(program)s is paid in the county's run: it has no run of its own.") % {"program": name},
            field="program",
        )
    if existing is None and program not in programs.apart_by_term(county, month):
        raise DomainError(
            _(
                "The county pays %(program)s in its run in %(month)s. To pay it in a run of its own, "
                "set the program's payroll run to a run of its own from that month first."
            )
            % {"program": name, "month": f"{month:%Y-%m}"},
            field="program",
            code="shared",
        )
    shared = Run.objects.filter(county=county, month=month, program__isnull=True).first()
    if shared is not None and shared.lines.filter(program_id=program).exists():
        if shared.state == RunState.DRAFT:
            message = _(
                "The county's run for %(month)s was drafted while it paid %(program)s: draft it again "
                "first, so that it no longer does."
            )
        else:
            message = _(
                "The county's run for %(month)s, which is %(state)s, paid %(program)s: it is not paid "
                "again in a run of its own."
            )
        raise DomainError(
            message % {"month": f"{month:%Y-%m}", "program": name, "state": shared.get_state_display()},
            field="program",
            code="paid_in_shared",
        )


def run_draft_allowed(
    *,
    county: Area,
    month: datetime.date,
    actor: User | None,
    program: str | None = None,
    look: bool = True,
) -> None:
    """The refusals of `run_draft` that can be told before it runs, so a page or the API answers
    them at once rather than from a job; `run_draft` checks them again under its lock."""
    if county.level != Level.COUNTY:
        raise DomainError(_("A payroll run is made for a county."), field="county")
    require_role(actor, county, DRAFTERS)
    if look:
        month = month.replace(day=1)
        run = Run.objects.filter(run_program_is(program or None), county=county, month=month).first()
        if run is not None and run.state != RunState.DRAFT:
            raise _fixed(run)
        if program:
            _own_program(county, month, program, run)


def _fixed(run: Run) -> DomainError:
    return DomainError(
        _("The run for %(month)s is %(state)s and can no longer be drafted again.")
        % {"month": run_name(run), "state": run.get_state_display()},
        code="fixed",
    )


def run_draft(*, county: Area, month: datetime.date, actor: User | None, program: str | None = None) -> Run:
    """Draft the county's run for the month (`program`: that program's own run), or draft it again
    while it is still a draft.

    The same month drafted twice gives the same lines; there is never a second shared run for a
    month, nor a second run of a program, and no household's program is paid by two runs of a
    month (`payroll.programs`).
    """
    program = program or None
    run_draft_allowed(county=county, month=month, actor=actor, program=program, look=False)
    month = month.replace(day=1)
    # The month's partitions before the lines arrive, in a short transaction of their own: made
    # inside the draft's, their lock on the lines' table would be held until it commits.
    partitions.ensure_months(connection, [month])
    with transaction.atomic():
        run = (
            Run.objects.select_for_update()
            .filter(run_program_is(program), county=county, month=month)
            .first()
        )
        if program is not None:
            _own_program(county, month, program, run)
        before = None
        if run is None:
            try:
                with transaction.atomic():
                    run = Run.objects.create(
                        county=county, month=month, program_id=program, created_by=audit.acting_user(actor)
                    )
            except IntegrityError:  # drafted at the same moment by someone else
                raise DomainError(
                    _("This month's run was just created; open it again."), code="stale"
                ) from None
        else:
            if run.state != RunState.DRAFT:
                raise _fixed(run)
            before = audit.snapshot(run, SNAPSHOT)
            run.checks.all().delete()  # a new draft needs new checks
        # The 高龄 bands reached and the persons gone are written first, so the lines pay them
        # (not in a month whose 高龄津贴 an approved run has paid: `allowances_advance` refuses it).
        paid_through = county_paid_through(county, codes.ELDERLY_ALLOWANCE)
        if paid_through is None or month > paid_through:
            allowances_advance(county=county, month=month, actor=actor)
        drafting.draft(run, actor)
        totals.store(run)
        run.drafted_at = timezone.now()
        run.version += 1
        run.save()
        _record(run, actor, "draft", before)
    return run


def run_check(*, run: Run, street: Area, actor: User | None) -> Run:
    """A street confirms its part; when every street with lines has, the run is checked."""
    require_role(actor, street, CHECKERS)
    if actor is not None and actor.role == Role.STREET and actor.area_id != street.pk:
        raise Forbidden()
    with transaction.atomic():
        locked = Run.objects.select_for_update(of=("self",)).select_related("county").get(pk=run.pk)
        if locked.state != RunState.DRAFT:
            raise DomainError(_("Only a draft is checked."), code="fixed")
        if not locked.lines.filter(street=street).exists():
            raise DomainError(_("This street has no lines in the run."), field="street")
        StreetCheck.objects.get_or_create(
            run=locked, street=street, defaults={"checked_by": audit.acting_user(actor)}
        )
        streets = set(locked.lines.values_list("street_id", flat=True).distinct())
        checked = set(locked.checks.values_list("street_id", flat=True))
        before = audit.snapshot(locked, ["state"])
        if streets <= checked:
            locked.state = RunState.CHECKED
            locked.version += 1
            locked.save(update_fields=["state", "version"])
        _record(locked, actor, f"check {street.code}", before)
    return locked


def run_approve(*, run: Run, actor: User | None, version: int | None = None) -> Run:
    """The county approves a checked run; from now on neither it nor its lines change."""
    require_role(actor, run.county, APPROVERS)
    with transaction.atomic():
        locked = Run.objects.select_for_update(of=("self",)).select_related("county").get(pk=run.pk)
        if version is not None and locked.version != version:
            raise DomainError(_("The run changed since you opened it; check it again."), code="stale")
        if locked.state != RunState.CHECKED:
            raise DomainError(
                _("Every street must check its part before the run is approved."), code="wrong_state"
            )
        before = audit.snapshot(locked, ["state"])
        locked.state = RunState.APPROVED
        locked.approved_at = timezone.now()
        locked.approved_by = audit.acting_user(actor)
        locked.version += 1
        locked.save()
        _record(locked, actor, "approve", before)
    return locked


def require_fixed(run: Run) -> None:
    if run.state not in FIXED_STATES:
        raise DomainError(_("Only an approved run is sent to the bank."), code="wrong_state")


def run_advance(*, run: Run, to: str, actor: User | None) -> Run:
    """approved → exported (bank file made) → paid (results imported) → closed."""
    order: list[str] = [RunState.APPROVED, RunState.EXPORTED, RunState.PAID, RunState.CLOSED]
    require_role(actor, run.county, APPROVERS)
    with transaction.atomic():
        locked = Run.objects.select_for_update(of=("self",)).select_related("county").get(pk=run.pk)
        if locked.state not in order or to not in order or order.index(to) != order.index(locked.state) + 1:
            if locked.state == to:
                return locked
            raise DomainError(
                _("A %(state)s run cannot become %(to)s.")
                % {"state": locked.get_state_display(), "to": RunState(to).label},
                code="wrong_state",
            )
        before = audit.snapshot(locked, ["state"])
        locked.state = to
        locked.version += 1
        locked.save(update_fields=["state", "version"])
        _record(locked, actor, to, before)
        if to in (RunState.PAID, RunState.CLOSED):  # the month's figures are final: paid, then closed
            closing.month_closed(locked.county, locked.month, actor)
    return locked
