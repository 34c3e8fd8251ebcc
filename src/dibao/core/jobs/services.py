"""Starting a job: its row (with the upload it reads) and its audit entry, then the task."""

from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .. import audit
from ..errors import DomainError
from ..models import Job
from .tasks import run_job


def job_start(
    *,
    kind: str,
    actor: audit.Actor,
    area_code: str,
    params: dict[str, Any],
    upload_name: str = "",
    upload: bytes | None = None,
    lock_key: str = "",
) -> Job:
    """Queue `kind` for the worker. The job's row is committed before the task is enqueued, so the
    worker never looks for a job that is not there yet; call this outside any transaction.

    With a `lock_key`, a second job with the same key is refused while the first is queued or
    running (a database constraint, so two requests at the same moment cannot both pass)."""
    if lock_key:
        _release_stale(lock_key)
    try:
        with transaction.atomic():
            job = Job.objects.create(
                kind=kind,
                actor_id=actor.pk,
                area_code=area_code,
                params={**params, "language": get_language()},
                upload_name=upload_name[:200],
                upload=upload,
                lock_key=lock_key,
            )
            audit.record(
                actor=actor,
                action=audit.Action.CREATE,
                obj=job,
                area_code=area_code,
                after={"kind": kind, "file": upload_name, **params},
            )
    except IntegrityError:
        raise DomainError(
            _("The same work is already under way; wait for it to finish and look again."), code="busy"
        ) from None
    # The immediate backend (tests) runs it here and now; the database backend queues it.
    run_job.enqueue(job.pk)
    job.refresh_from_db()
    return job


def _release_stale(lock_key: str) -> None:
    """A job holding the key whose worker was stopped is failed (its work never committed), so it
    does not hold the key for ever."""
    cutoff = timezone.now() - settings.JOB_STALE_AFTER
    Job.objects.filter(lock_key=lock_key, state=Job.State.RUNNING, heartbeat_at__lt=cutoff).update(
        state=Job.State.FAILED, finished_at=timezone.now()
    )
