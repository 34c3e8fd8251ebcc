"""Confirming a recalculation from the page or the API runs as a job: a county's standard change
writes a new entitlement version for every household it reaches, more than a request may take.
One confirmation of a recalculation at a time: the job's lock key."""

from django.urls import reverse
from django.utils.translation import gettext as _

from dibao.accounts.models import User
from dibao.core.jobs.progress import Progress
from dibao.core.jobs.runners import Finished, runner
from dibao.core.jobs.services import job_start
from dibao.core.models import Job

from .models import Recalculation
from .services.recalculations import recalculation_confirm, recalculation_decidable

KIND = "recalculation-confirm"


def recalculation_confirm_start(*, recalculation: Recalculation, actor: User) -> Job:
    """Queue the confirmation; what would refuse it now is answered now."""
    recalculation_decidable(recalculation=recalculation, actor=actor)
    return job_start(
        kind=KIND,
        actor=actor,
        area_code=recalculation.area.code,
        params={"recalculation": recalculation.pk},
        lock_key=f"{KIND}:{recalculation.pk}",
    )


@runner(KIND)
def run_recalculation_confirm(job: Job, progress: Progress) -> Finished:
    recalculation = Recalculation.objects.select_related("area").get(pk=job.params["recalculation"])
    done = recalculation_confirm(recalculation=recalculation, actor=job.actor)
    month = f"{done.month:%Y-%m}"
    return Finished(
        outcome={
            "recalculation": done.pk,
            "state": done.state,
            "month": month,
            "households": done.households,
        },
        result_url=reverse("benefits:recalculation-detail", args=[done.pk]),
        message=_("Confirmed: the new amounts apply from %(month)s.") % {"month": month},
    )
