"""Starting a job: its row (with the upload it reads) and its audit entry, then the task."""

from typing import Any

from django.db import transaction
from django.utils.translation import get_language

from .. import audit
from ..models import Job
from .tasks import run_job


def job_start(
    *,
    kind: str,
    actor: Any,
    area_code: str,
    params: dict[str, Any],
    upload_name: str = "",
    upload: bytes | None = None,
) -> Job:
    """Queue `kind` for the worker. The job's row is committed before the task is enqueued, so the
    worker never looks for a job that is not there yet; call this outside any transaction."""
    with transaction.atomic():
        job = Job.objects.create(
            kind=kind,
            actor=actor,
            area_code=area_code,
            params={**params, "language": get_language()},
            upload_name=upload_name[:200],
            upload=upload,
        )
        audit.record(
            actor=actor,
            action=audit.Action.CREATE,
            obj=job,
            area_code=area_code,
            after={"kind": kind, "file": upload_name, **params},
        )
    # The immediate backend (tests) runs it here and now; the database backend queues it.
    run_job.enqueue(job.pk)
    job.refresh_from_db()
    return job
