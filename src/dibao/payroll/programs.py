"""Which run of a month pays which program.

A county pays its recurring programs in one run a month, the shared run (`Run.program` empty),
unless its funding lines want a program paid apart: the program's `run` term then says `own`
from a month (`policy.programs.terms.RUN_OWN`), and that program is paid in a run of its own
(`Run.program` set). 低保 has no such term and is always in the shared run, as are the one-off
grants the county pays in its run. A household's program is paid by one run of a month, never two:

- an own run pays its program only; one may be drafted only for a month whose term says `own`
  (`payroll.services.runs`), and once it exists it keeps paying it whatever the term says later;
- the shared run pays every paying recurring program except those the term pays apart that month
  and those that have an own run that month.

The term is read at the county, as the run is the county's.
"""

import datetime
from typing import Any

from dibao.policy.models import Program, ProgramKind
from dibao.policy.programs.in_force import display_name, programs_in_force
from dibao.policy.programs.terms import RUN_OWN, RUN_SHARED, terms_of

from .models import Run


def paying_programs() -> list[str]:
    """The recurring programs that pay money (边缘 and 刚性支出 recognise a status and pay nothing)."""
    return list(
        Program.objects.filter(kind=ProgramKind.RECURRING, pays_cash=True).values_list("code", flat=True)
    )


def separable() -> list[tuple[str, str]]:
    """The programs a county may pay in a run of their own (those with a `run` term), with their
    names, in the catalogue's order."""
    return [
        (program.code, display_name(program))
        for program in Program.objects.filter(kind=ProgramKind.RECURRING, pays_cash=True)
        if any(term.name == "run" for term in terms_of(program.code))
    ]


def apart_by_term(county: Any, month: datetime.date) -> frozenset[str]:
    """The programs the county's `run` term pays in runs of their own in `month`."""
    return frozenset(
        found.program.code
        for found in programs_in_force(county, month)
        if found.terms.get("run", RUN_SHARED) == RUN_OWN
    )


def own_runs(county_id: int, month: datetime.date) -> set[str]:
    """The programs that have a run of their own in the county's `month`."""
    found = Run.objects.filter(county_id=county_id, month=month, program__isnull=False)
    return {str(code) for code in found.values_list("program_id", flat=True)}


def shared_programs(county: Any, month: datetime.date) -> list[str]:
    """What the county's shared run of `month` pays of the recurring programs."""
    apart = apart_by_term(county, month) | own_runs(county.pk, month)
    return [code for code in paying_programs() if code not in apart]


def run_programs(run: Run) -> list[str]:
    """The recurring programs `run` pays."""
    if run.program_id is not None:
        return [str(run.program_id)] if str(run.program_id) in paying_programs() else []
    return shared_programs(run.county, run.month)


def pays(run: Run, code: str) -> bool:
    """Does `run` pay the program (recurring or one-off) `code` in its month?"""
    if run.program_id is not None:
        return str(run.program_id) == code
    return code not in apart_by_term(run.county, run.month) | own_runs(run.county_id, run.month)
