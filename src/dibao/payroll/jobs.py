"""Drafting a county's month from the page or the API runs as a job: a large county's draft takes
longer than a request may. One draft of a county's month at a time: the job's lock key."""

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _

from dibao.accounts.models import User
from dibao.areas.models import Area
from dibao.core.jobs.progress import Progress
from dibao.core.jobs.runners import Finished, runner
from dibao.core.jobs.services import job_start
from dibao.core.models import Job
from dibao.core.months import parse_month

from . import services

KIND = "payroll-draft"


def payroll_draft_start(*, county: Area, month: datetime.date, actor: User, again: bool) -> Job:
    """Queue the draft (`again`: the month has a draft already). What would refuse it now is
    answered now."""
    month = month.replace(day=1)
    services.run_draft_allowed(county=county, month=month, actor=actor)
    return job_start(
        kind=KIND,
        actor=actor,
        area_code=county.code,
        params={"county": county.code, "month": f"{month:%Y-%m}", "again": again},
        lock_key=f"{KIND}:{county.code}:{month:%Y-%m}",
    )


@runner(KIND)
def run_payroll_draft(job: Job, progress: Progress) -> Finished:
    month = parse_month(job.params["month"])
    run = services.run_draft(county=Area.objects.get(code=job.params["county"]), month=month, actor=job.actor)
    if job.params.get("again"):
        text = _("The run for %(month)s was drafted again: %(households)s households, %(total)s yuan.")
    else:
        text = _("The run for %(month)s is drafted: %(households)s households, %(total)s yuan.")
    values = {"month": f"{run.month:%Y-%m}", "households": run.households, "total": run.total}
    return Finished(
        outcome={
            "run": run.pk,
            "month": values["month"],
            "households": run.households,
            "total": str(run.total),
        },
        result_url=reverse("payroll:run-detail", args=[run.pk]),
        message=text % values,
    )
