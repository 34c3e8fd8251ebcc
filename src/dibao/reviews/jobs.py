"""Opening an area's annual review from the page or the API runs as a job: a county's campaign
opens a review (and writes an audit entry) for every household under management. One opening of
an area's year at a time: the job's lock key."""

import datetime
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from dibao.accounts.models import User
from dibao.areas.models import Area
from dibao.core.jobs.progress import Progress
from dibao.core.jobs.runners import Finished, runner
from dibao.core.jobs.services import job_start
from dibao.core.models import Job

from .services.opening import campaign_open, campaign_openable

KIND = "review-campaign-open"


def campaign_open_start(*, area: Area, year: int, due_on: Any, actor: User) -> Job:
    """Queue the opening; what would refuse it now is answered now."""
    due = campaign_openable(area=area, year=year, due_on=due_on, actor=actor)
    return job_start(
        kind=KIND,
        actor=actor,
        area_code=area.code,
        params={"area": area.code, "year": int(year), "due_on": due.isoformat()},
        lock_key=f"{KIND}:{area.code}:{year}",
    )


@runner(KIND)
def run_campaign_open(job: Job, progress: Progress) -> Finished:
    campaign = campaign_open(
        area=Area.objects.get(code=job.params["area"]),
        year=job.params["year"],
        due_on=datetime.date.fromisoformat(job.params["due_on"]),
        actor=job.actor,
    )
    return Finished(
        outcome={"campaign": campaign.pk, "year": campaign.year, "reviews": campaign.reviews},
        result_url=reverse("reviews:worklist"),
        message=_("Annual review %(year)s opened: %(n)s reviews.")
        % {"year": campaign.year, "n": campaign.reviews},
    )
