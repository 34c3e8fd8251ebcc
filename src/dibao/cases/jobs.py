"""A large register of staff and cadres imported from the page runs as a job: reading and matching
it against every receiving household may take longer than a request. One import per county at a
time: the job's lock key."""

from django.urls import reverse
from django.utils.translation import gettext as _

from dibao.accounts.models import User
from dibao.areas.models import Area
from dibao.core.errors import DomainError
from dibao.core.jobs.progress import Progress
from dibao.core.jobs.runners import Finished, runner
from dibao.core.jobs.services import job_start
from dibao.core.models import Job

from .services.register import RegisterRefused, register_import, require_register_keeper

KIND = "relatives-import"
# The row errors said in the job's refusal; the page lists them all when the file is imported there.
SAID_ERRORS = 20


def register_import_start(*, county: Area, filename: str, content: bytes, actor: User) -> Job:
    """Queue the import; who may import is answered now."""
    require_register_keeper(county, actor)
    return job_start(
        kind=KIND,
        actor=actor,
        area_code=county.code,
        params={"county": county.code},
        upload_name=filename,
        upload=content,
        lock_key=f"{KIND}:{county.code}",
    )


@runner(KIND)
def run_register_import(job: Job, progress: Progress) -> Finished:
    try:
        result = register_import(
            county=Area.objects.get(code=job.params["county"]),
            filename=job.upload_name,
            content=bytes(job.upload or b""),
            actor=job.actor,
        )
    except RegisterRefused as exc:
        lines = [
            _("Row %(row)d, column %(column)s: %(reason)s")
            % {"row": e.row, "column": e.column, "reason": e.reason}
            for e in exc.row_errors[:SAID_ERRORS]
        ]
        raise DomainError(" ".join([str(exc), *lines])) from None
    return Finished(
        outcome=result.as_dict(),
        result_url=reverse("cases:relative-filings"),
        message=_("%(staff)d staff and cadres imported; %(filed)d new filings.")
        % {"staff": result.staff, "filed": result.matched.filed},
    )
