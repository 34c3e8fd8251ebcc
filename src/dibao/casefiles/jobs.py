"""An area's case files, one PDF each in a zip, printed by a job started from the area page: a
street's files take minutes. The job's page, and the API's job, then offer the zip to its starter;
each download is in the trail, since the files carry people's data."""

from django.utils import timezone

from dibao.accounts.models import User
from dibao.areas.models import Area
from dibao.core.downloads import download_name
from dibao.core.jobs.files import producing
from dibao.core.jobs.progress import Progress
from dibao.core.jobs.runners import Finished, runner
from dibao.core.jobs.services import job_start
from dibao.core.models import Job

from .selectors import area_households
from .services import casefiles_print, require_printer

KIND = "casefiles-zip"
ZIP = "application/zip"


def casefiles_zip_start(*, actor: User, area: Area) -> Job:
    """Queue the files of `area` (found in the user's area by the caller); the role is checked now."""
    require_printer(actor)
    return job_start(
        kind=KIND,
        actor=actor,
        area_code=area.code,
        params={"area": area.code, "produces_file": True, "personal_data": True, "media_type": ZIP},
        lock_key=f"{KIND}:{area.code}",
    )


def zip_name(area: Area) -> str:
    return download_name("家庭档案", area.name, timezone.localdate(), "zip")


@runner(KIND)
def run_casefiles_zip(job: Job, progress: Progress) -> Finished:
    user = job.actor
    area, households = area_households(user, job.params["area"])
    name = zip_name(area)
    with producing(job) as file:
        count = casefiles_print(
            households=list(households),
            actor=user,
            out=file.out,
            progress=progress,
            job_id=job.pk,
            keep=lambda: file.keep(name),
        )
    return Finished(outcome={"area": area.code, "households": count, "file": name})
