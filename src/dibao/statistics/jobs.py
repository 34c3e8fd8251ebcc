"""Writing a closed month's snapshot runs as a job: started when the county's payroll run of the
month is paid and when it closes (`payroll.closing`), one at a time per county and month (the
job's lock key)."""

import datetime
import logging
from typing import Any

from django.utils.translation import gettext as _

from dibao.areas.models import Area
from dibao.core.errors import DomainError
from dibao.core.jobs.progress import Progress
from dibao.core.jobs.runners import Finished, runner
from dibao.core.jobs.services import job_start
from dibao.core.models import Job
from dibao.core.months import parse_month

from .services import snapshot_write

KIND = "statistics-snapshot"
logger = logging.getLogger(__name__)


def snapshot_start(*, county: Area, month: datetime.date, actor: Any) -> Job:
    return job_start(
        kind=KIND,
        actor=actor,
        area_code=county.code,
        params={"county": county.code, "month": f"{month:%Y-%m}"},
        lock_key=f"{KIND}:{county.code}:{month:%Y-%m}",
    )


def month_closed(county: Area, month: datetime.date, actor: Any) -> None:
    """`payroll.closing`'s callback: the job, or — for the operator on the command line, who starts
    no job — the snapshot written now. A snapshot of the month already being written is enough."""
    if getattr(actor, "pk", None) is None:
        snapshot_write(county=county, month=month, actor=None)
        return
    try:
        snapshot_start(county=county, month=month, actor=actor)
    except DomainError:
        logger.info("a snapshot of %s %s is already being written", county.code, month)


@runner(KIND)
def run_snapshot(job: Job, progress: Progress) -> Finished:
    month = parse_month(job.params["month"])
    snapshot = snapshot_write(
        county=Area.objects.get(code=job.params["county"]), month=month, actor=job.actor
    )
    return Finished(
        outcome={"month": f"{month:%Y-%m}", "rows": snapshot.size},
        message=_("The statistics of %(month)s are kept: %(rows)s rows.")
        % {"month": f"{month:%Y-%m}", "rows": snapshot.size},
    )
