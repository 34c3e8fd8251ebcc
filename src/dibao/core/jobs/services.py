"""Starting a job: its row (with the upload it reads) and its audit entry, then the task; and the
file a job produces: saved, downloaded (audited when it carries people's data), removed when
expired. The job's bookkeeping as the task runs it is `bookkeeping`.

The bookkeeping writes no audit entry of its own. The job's row is itself the record of the work:
who started it (audited by `job_start`), when it ran, how far it got and what came of it, and it
is kept. Those writes are also made outside any transaction — between chunks of the work, so that
a reader sees the job move, and after a failure whose rollback they must survive — where
`audit.record` refuses to run; and an entry for every step of progress would bury the trail."""

import logging
from typing import IO, Any

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .. import audit
from ..errors import DomainError
from ..models import Job
from .tasks import run_job

logger = logging.getLogger(__name__)


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
    job_files_expire()
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


def job_file_save(*, job: Job, content: IO[bytes], name: str) -> str:
    """Keep `content` as the job's file, downloaded as `name`: saved to the default storage under
    `jobs/`, and named on the job's row. Called inside the work's transaction (`core.jobs.files`),
    which removes the stored file again if that transaction does not commit. Returns where it is."""
    content.seek(0)
    suffix = name.rsplit(".", 1)[-1] if "." in name else "bin"
    stored = default_storage.save(f"jobs/{job.pk}.{suffix}", File(content))
    try:
        Job.objects.filter(pk=job.pk).update(file=stored, file_name=name[:200])
    except BaseException:
        default_storage.delete(stored)
        raise
    return stored


def job_file_discard(*, job: Job, stored: str) -> None:
    """A stored file whose work failed: it goes, and the job names no file (its transaction's
    rollback has usually undone that already; this also holds when no transaction was open)."""
    Job.objects.filter(pk=job.pk, file=stored).update(file="", file_name="")
    default_storage.delete(stored)


def job_file_downloaded(*, job: Job, actor: audit.Actor) -> None:
    """A job's file with people's data in it (a roster, a bank file) was handed out again: an
    entry for each download, as the direct export's entry recorded its one."""
    with transaction.atomic():
        audit.record(
            actor=actor,
            action=audit.Action.EXPORT,
            obj=job,
            area_code=job.area_code,
            after={"kind": job.kind, "file": job.file_name},
            note="job file downloaded",
        )


def job_files_expire(*, now: Any = None) -> int:
    """Remove the files of jobs finished more than JOB_FILES_KEPT_FOR ago; how many went. The job's
    row stays (it is the record of the work), with its file no longer named."""
    cutoff = (now or timezone.now()) - settings.JOB_FILES_KEPT_FOR
    expired = list(Job.objects.filter(finished_at__lt=cutoff).exclude(file="").values_list("pk", "file"))
    for pk, stored in expired:
        try:
            default_storage.delete(stored)
        except OSError:
            logger.exception("job %s: its file %s could not be removed", pk, stored)
            continue
        Job.objects.filter(pk=pk).update(file="")
    return len(expired)
