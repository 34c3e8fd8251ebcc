"""The check from the page runs as a job: a county's month may hold thousands of sign-ins and open
many reviews. One check of an area's month at a time: the job's lock key."""

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _

from dibao.accounts.models import User
from dibao.areas.models import Area
from dibao.core.jobs.progress import Progress
from dibao.core.jobs.runners import Finished, runner
from dibao.core.jobs.services import job_start
from dibao.core.models import Job
from dibao.core.roles import LABOUR_WORKERS

from .services import labour_check
from .services.records import require

KIND = "labour-check"


def labour_check_start(*, area: Area, month: datetime.date, actor: User) -> Job:
    require(actor, area, LABOUR_WORKERS)
    return job_start(
        kind=KIND,
        actor=actor,
        area_code=area.code,
        params={"area": area.code, "month": f"{month:%Y-%m}"},
        lock_key=f"{KIND}:{area.code}:{month:%Y-%m}",
    )


@runner(KIND)
def run_labour_check(job: Job, progress: Progress) -> Finished:
    month = datetime.date.fromisoformat(job.params["month"] + "-01")
    done = labour_check(area=Area.objects.get(code=job.params["area"]), month=month, actor=job.actor)
    return Finished(
        outcome=done.as_json(),
        result_url=f"{reverse('labour:figures')}?month={month:%Y-%m}",
        message=_("Checked %(month)s: %(reminders)d reminders sent, %(reviews)d reviews opened.")
        % {"month": f"{month:%Y-%m}", "reminders": len(done.reminders), "reviews": len(done.reviews)},
    )
