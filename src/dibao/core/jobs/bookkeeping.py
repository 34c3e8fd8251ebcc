"""The job's bookkeeping as the task runs it: taken by the worker, how far it has got, what came of
it. Apart from `services` (which starts a job and enqueues the task) so that the task and its
progress, which write these, do not import back the module that enqueues them.

None of these writes an audit entry: see `services` for why the job's row is its own record."""

from typing import Any

from django.utils import timezone

from ..models import Job


def job_running(*, job: Job) -> None:
    """The worker has taken the job."""
    now = timezone.now()
    Job.objects.filter(pk=job.pk).update(state=Job.State.RUNNING, started_at=now, heartbeat_at=now)


def job_progress_set(*, job_id: int, done: int, total: int) -> None:
    """How far the job has got, `done` of `total`; also says its worker is alive."""
    Job.objects.filter(pk=job_id).update(done=done, total=total, heartbeat_at=timezone.now())


def job_finish(
    *,
    job: Job,
    state: str,
    error: str = "",
    outcome: dict[str, Any] | None = None,
    result_url: str = "",
    message: str = "",
) -> None:
    """What came of the job; its upload, read, is let go."""
    Job.objects.filter(pk=job.pk).update(
        state=state,
        error=error,
        outcome=outcome,
        result_url=result_url,
        message=message[:300],
        upload=None,
        finished_at=timezone.now(),
    )
