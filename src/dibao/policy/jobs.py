""" "What if" (调标测算) as a workbook, from the page or the API, is a job: it assesses every
household of the area twice, which for a county outlasts a request. The job's page, and the API's
job, then offer the file. The page and the JSON answer stay immediate: they show the first rows."""

import datetime
from decimal import Decimal

from django.utils.translation import gettext as _

from dibao.accounts.models import User
from dibao.areas.models import Area
from dibao.core.jobs.files import keep_written
from dibao.core.jobs.progress import Progress
from dibao.core.jobs.runners import Finished, runner
from dibao.core.jobs.services import job_start
from dibao.core.models import Job
from dibao.core.months import parse_month
from dibao.registry.selectors import visible_households

from .simulation import Simulation, simulate, simulation_xlsx

KIND = "policy-simulate-xlsx"


def filename(result: Simulation) -> str:
    label = _("what-if")  # outside the f-string, where makemessages finds it
    return f"{label}-{result.area.code}-{result.kind}-{result.standard}-{result.month:%Y-%m}.xlsx"


def simulation_xlsx_start(
    *, area: Area, kind: str, standard: Decimal, month: datetime.date, actor: User
) -> Job:
    """Queue the workbook; the area was found in the user's and the standard read by the caller."""
    return job_start(
        kind=KIND,
        actor=actor,
        area_code=area.code,
        params={
            "area": area.code,
            "kind": kind,
            "standard": str(standard),
            "month": f"{month:%Y-%m}",
            "produces_file": True,
        },
    )


@runner(KIND)
def run_simulation_xlsx(job: Job, progress: Progress) -> Finished:
    result = simulate(
        households=visible_households(job.actor),
        area=Area.objects.get(code=job.params["area"]),
        kind=job.params["kind"],
        standard=Decimal(job.params["standard"]),
        month=parse_month(job.params["month"]),
    )
    name = filename(result)
    keep_written(job, name, lambda out: out.write(simulation_xlsx(result)))
    return Finished(outcome={"households": len(result.rows), "changed": len(result.changed), "file": name})
