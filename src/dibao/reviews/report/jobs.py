"""The change report's workbook from the page or the API is a job: a county's report over a long
period reads every movement of it. The job's page, and the API's job, then offer the file."""

import datetime

from dibao.accounts.models import User
from dibao.areas.models import Area
from dibao.core.jobs.files import keep_written
from dibao.core.jobs.progress import Progress
from dibao.core.jobs.runners import Finished, runner
from dibao.core.jobs.services import job_start
from dibao.core.models import Job
from dibao.policy.programs.codes import DIBAO

from .selectors import change_report, check_period, report_program
from .workbook import change_report_xlsx, filename

KIND = "change-report-xlsx"


def change_report_xlsx_start(
    *, area: Area, date_from: datetime.date, date_to: datetime.date, actor: User, program: str = DIBAO
) -> Job:
    """Queue the workbook of `area` (found by `report_area`, which checked the reader) for the
    period and program (低保 by default); a wrong period or an unknown program is refused now."""
    check_period(date_from, date_to)
    program = report_program(program).code
    return job_start(
        kind=KIND,
        actor=actor,
        area_code=area.code,
        params={
            "area": area.code,
            "program": program,
            "from": date_from.isoformat(),
            "to": date_to.isoformat(),
            "produces_file": True,
        },
    )


@runner(KIND)
def run_change_report_xlsx(job: Job, progress: Progress) -> Finished:
    area = Area.objects.get(code=job.params["area"])
    date_from = datetime.date.fromisoformat(job.params["from"])
    date_to = datetime.date.fromisoformat(job.params["to"])
    report = change_report(area, date_from, date_to, program=job.params.get("program", DIBAO))
    name = filename(report)
    keep_written(job, name, lambda out: out.write(change_report_xlsx(report)))
    period = {"from": job.params["from"], "to": job.params["to"]}
    return Finished(outcome={"area": area.code, "program": report.program, **period, "file": name})
