"""A roster import started from the page or the API runs as a job: the request answers at once
and the job's page shows the rows checked, then the import's result page (or its refusal)."""

from django.urls import reverse

from dibao.accounts.models import User
from dibao.areas.models import Area
from dibao.core.jobs.progress import Progress
from dibao.core.jobs.runners import Finished, runner
from dibao.core.jobs.services import job_start
from dibao.core.models import Job

from ..services.access import require_writer
from .importer import import_roster

KIND = "roster-import"


def roster_import_start(*, filename: str, content: bytes, area: Area, actor: User, dry_run: bool) -> Job:
    """Queue the import. Role and area are checked now, so a refusal is answered at once; the
    import checks them again when it runs."""
    require_writer(actor, area)
    return job_start(
        kind=KIND,
        actor=actor,
        area_code=area.code,
        params={"area": area.code, "dry_run": dry_run},
        upload_name=filename,
        upload=content,
    )


@runner(KIND)
def run_roster_import(job: Job, progress: Progress) -> Finished:
    result = import_roster(
        filename=job.upload_name,
        content=bytes(job.upload or b""),
        area=Area.objects.get(code=job.params["area"]),
        actor=job.actor,
        dry_run=bool(job.params.get("dry_run")),
        progress=progress,
    )
    return Finished(outcome=result.as_dict(), result_url=reverse("roster:result", args=[result.record.pk]))
