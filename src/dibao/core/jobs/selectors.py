"""Reading jobs: a user sees the jobs they started, and no one else's (another's is not found)."""

import datetime
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from ..audit import Actor
from ..errors import NotFound
from ..models import Job


def visible_jobs(user: Actor) -> QuerySet[Job]:
    return Job.objects.filter(actor=user.pk).defer("upload")


def job_get(user: Actor, pk: Any) -> Job:
    job = visible_jobs(user).filter(pk=pk).first()
    if job is None:
        raise NotFound()
    return job


def shown_state(job: Job, now: datetime.datetime | None = None) -> str:
    """The job's state as it is shown: one still "running" with no sign of life for
    JOB_STALE_AFTER has lost its worker (killed, restarted). Its work was one transaction that
    never committed, so nothing of it was written: it is shown as failed."""
    if job.state != Job.State.RUNNING:
        return job.state
    last = job.heartbeat_at or job.started_at or job.created_at
    if (now or timezone.now()) - last > settings.JOB_STALE_AFTER:
        return Job.State.FAILED
    return job.state


def is_finished(state: str) -> bool:
    return state in (Job.State.SUCCEEDED, Job.State.FAILED)


def shown_error(job: Job, state: str) -> str:
    """Why a failed job failed: its refusal, or — when its worker stopped — that it never finished."""
    if state == Job.State.FAILED and not job.error:
        return _("The work stopped without finishing (its worker was stopped); nothing was written.")
    return job.error
