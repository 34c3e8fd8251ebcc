"""How a payroll command names its run: `--run ID`, or `--county CODE --month YYYY-MM` (the
county's run of the month; with `--program CODE`, that program's own run), and what it prints
about the run afterwards."""

from typing import Any

from django.core.management.base import CommandError

from dibao.accounts.models import User
from dibao.areas.console import county_named
from dibao.areas.models import Area
from dibao.core.console import refusals
from dibao.core.months import parse_month

from ..models import Run, run_program_is
from ..selectors import run_get


def add_run_options(parser: Any) -> None:
    parser.add_argument("--run", type=int, help="the run's id (see `dibao payroll-run`)")
    parser.add_argument("--county", help="the county's 6-digit code, with --month, instead of --run")
    parser.add_argument("--month", help="YYYY-MM, with --county")
    parser.add_argument("--program", help="with --county and --month: the own run of this program (its code)")


def chosen_run(options: dict[str, Any], actor: User | None, what: str) -> Run:
    """The run the options name, as `actor` may see it (a run of another county is not found)."""
    if options["run"] is not None:
        if options["county"] or options["month"] or options["program"]:
            raise CommandError("Name the run by --run, or by --county and --month, not both.")
        run = Run.objects.select_related("county").filter(pk=options["run"]).first()
        if run is None:
            raise CommandError(f"No payroll run {options['run']}.")
    else:
        if not (options["county"] and options["month"]):
            raise CommandError("Name the run: --run ID, or --county CODE --month YYYY-MM.")
        county = county_named(options["county"])
        with refusals(what):
            month = parse_month(options["month"])
        program = (options["program"] or "").strip() or None
        run = (
            Run.objects.select_related("county")
            .filter(run_program_is(program), county=county, month=month)
            .first()
        )
        if run is None:
            own = f" of {program}" if program else ""
            raise CommandError(
                f"No payroll run{own} of {county.code} for {month:%Y-%m} (draft it with `dibao payroll-run`)."
            )
    if actor is not None:
        with refusals(what):
            run_get(actor, run.pk)  # the pages' check: the run of the user's county
    return run


def street_checks(run: Run) -> list[dict[str, Any]]:
    """Each street with lines in the run, and whether it has checked its part."""
    checked = set(run.checks.values_list("street_id", flat=True))
    ids = set(run.lines.values_list("street_id", flat=True).distinct())
    return [
        {"street": street.code, "name": street.name, "checked": street.pk in checked}
        for street in Area.objects.filter(pk__in=ids).order_by("code")
    ]
