""" "What if" (调标测算) as a workbook, from the page or the API, is a job: it assesses every
household of the area twice, which for a county outlasts a request. The job's page, and the API's
job, then offer the file. The page and the JSON answer stay immediate: they show the first rows."""

import datetime
from decimal import Decimal

from dibao.accounts.models import User
from dibao.areas.models import Area
from dibao.core.downloads import download_name
from dibao.core.jobs.files import keep_written
from dibao.core.jobs.progress import Progress
from dibao.core.jobs.runners import Finished, runner
from dibao.core.jobs.services import job_start
from dibao.core.models import Job
from dibao.core.months import parse_month
from dibao.registry.selectors import visible_households

from .simulation import Simulation, simulate, simulation_xlsx

KIND = "policy-simulate-xlsx"


# The file name's words for the line tried, as the county's files call them.
KIND_WORDS = {"urban": "城市", "rural": "农村"}


def filename(result: Simulation) -> str:
    """低保标准测算（城市400.00元）-沙河口区-2026年03月.xlsx"""
    what = f"低保标准测算（{KIND_WORDS.get(result.kind, result.kind)}{result.standard}元）"
    return download_name(what, result.area.name, result.month, "xlsx")


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
