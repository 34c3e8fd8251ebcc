"""The one django-tasks task: run a job by its id, whatever its kind."""

import logging

from django.utils.translation import gettext as _
from django.utils.translation import override
from django_tasks import task

from ..errors import DomainError
from ..models import Job
from .bookkeeping import job_finish, job_running
from .progress import Progress
from .runners import RUNNERS

logger = logging.getLogger(__name__)


@task()
def run_job(job_id: int) -> None:
    job = Job.objects.select_related("actor").get(pk=job_id)
    if job.state != Job.State.QUEUED:
        return  # already run (a task delivered twice does the work once)
    job_running(job=job)
    # Messages in the report are in the language of the one who started the job.
    with override(str(job.params.get("language") or "zh-hans")):
        try:
            result = RUNNERS[job.kind](job, Progress(job.pk))
        except DomainError as exc:
            job_finish(job=job, state=Job.State.FAILED, error=str(exc))
        except Exception:
            logger.exception("job %s (%s) failed", job.pk, job.kind)
            job_finish(job=job, state=Job.State.FAILED, error=_("The work failed; nothing was written."))
        else:
            job_finish(
                job=job,
                state=Job.State.SUCCEEDED,
                outcome=result.outcome,
                result_url=result.result_url,
                message=result.message,
            )
