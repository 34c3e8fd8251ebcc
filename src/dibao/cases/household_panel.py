"""The programs panel of a household's page: every program the household and its members hold
this month, the applications under way, and what the register shows they could apply for
(`discovery`), each with one click to apply. Registered on `core.panels.HOUSEHOLD_PAGE` in
`CasesConfig.ready`, as benefits registers the assessment: the register imports neither."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Q

from dibao.accounts.models import User
from dibao.benefits.models import Entitlement
from dibao.core.months import this_month
from dibao.policy.forms import program_names
from dibao.registry.models import Household

from .discovery.rules import DUE, Found
from .discovery.selectors import found
from .models import OPEN_STATES, Application, RelativeFiling
from .views.access import CASE_WRITERS


@dataclass
class Held:
    entitlement: Entitlement
    program: str  # its name as the page's language says it


@dataclass
class Could:
    found: Found
    program: str


@dataclass
class ProgramsPanel:
    month: datetime.date
    held: list[Held] = field(default_factory=list)
    applying: list[tuple[Application, str]] = field(default_factory=list)
    could: list[Could] = field(default_factory=list)
    may_apply: bool = False
    # Filed as close relatives of staff or cadres (近亲属备案) by the county's register.
    filings: list[RelativeFiling] = field(default_factory=list)


def programs_panel(user: User, household: Household, month_text: str | None) -> ProgramsPanel:
    """A fixed number of queries for any household: what is held, what is under way, its filings
    as a close relative of staff (when it holds or applies), the terms of the household's
    community and one query per categorical program."""
    month = this_month()
    panel = ProgramsPanel(month=month, may_apply=user.role in CASE_WRITERS)
    held = list(
        Entitlement.objects.filter(household=household, month_from__lte=month)
        .filter(Q(month_to__isnull=True) | Q(month_to__gte=month))
        .select_related("member")
        .order_by("program_id", "member_id")
    )
    applying = list(
        Application.objects.filter(household=household, state__in=OPEN_STATES)
        .select_related("member")
        .order_by("created_at")
    )
    # The register files households that hold a program or apply: for any other, nothing to ask.
    if held or applying:
        panel.filings = list(
            RelativeFiling.objects.filter(household=household, lapsed_at__isnull=True).order_by(
                "-filed_at", "id"
            )
        )
    could = found(household.community, month, household=household, direction=DUE)
    codes = [str(e.program_id) for e in held] + [str(a.program_id) for a in applying]
    names = program_names({*codes, *(f.program for f in could)})
    panel.held = [Held(e, names.get(str(e.program_id), str(e.program_id))) for e in held]
    panel.applying = [(a, names.get(str(a.program_id), str(a.program_id))) for a in applying]
    panel.could = [Could(f, names.get(f.program, f.program)) for f in could]
    return panel
