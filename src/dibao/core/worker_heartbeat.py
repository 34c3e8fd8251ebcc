"""When the worker (`dibao db_worker`) was last seen at work, for the health check.

django-tasks' database backend keeps no record of an idle worker: a worker shows only in the tasks
it starts and finishes, and — while it runs a long job — in the progress the job writes
(`Job.heartbeat_at`). So the health check asks a quiet worker for a sign of life: it queues
`worker_heartbeat`, a task that does nothing but sweep its own earlier results, and the time the
worker started it is the sign. A worker that is there answers within its polling interval (a
second); one that is not leaves the heartbeat waiting, and a second one is not queued beside it.
"""

import datetime

from django.conf import settings
from django.db.models import Max
from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult

from .models import Job


@task()
def worker_heartbeat() -> None:
    # Only the latest few heartbeats matter; the queue table is not to grow by one a minute.
    stale = DBTaskResult.objects.filter(
        task_path=worker_heartbeat.module_path,
        finished_at__lt=timezone.now() - settings.WORKER_SEEN_WITHIN,
    )
    stale.delete()


def worker_last_seen() -> datetime.datetime | None:
    """The latest moment a worker started or finished a task, or wrote a job's progress."""
    tasks = DBTaskResult.objects.aggregate(started=Max("started_at"), finished=Max("finished_at"))
    progress = Job.objects.filter(state=Job.State.RUNNING).aggregate(at=Max("heartbeat_at"))["at"]
    moments = [moment for moment in (tasks["started"], tasks["finished"], progress) if moment]
    return max(moments) if moments else None


def worker_seen(now: datetime.datetime | None = None) -> tuple[bool, datetime.datetime | None]:
    """Whether the worker was seen within WORKER_SEEN_WITHIN, and when; asks a quiet one for a sign."""
    now = now or timezone.now()
    last = worker_last_seen()
    window = settings.WORKER_SEEN_WITHIN
    if last is None or now - last > window / 2:
        waiting = DBTaskResult.objects.filter(
            task_path=worker_heartbeat.module_path, status=TaskResultStatus.READY
        ).exists()
        if not waiting:
            worker_heartbeat.enqueue()
    return last is not None and now - last <= window, last
