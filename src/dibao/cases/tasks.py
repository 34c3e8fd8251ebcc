"""The found lists counted again in the background (`services.found`), asked for by the desk."""

import datetime

from django_tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult

from dibao.areas.models import Area, Level

from .discovery.selectors import due_communities
from .services.found import found_recount


@task()
def recount_found(month: str) -> int:
    """Count again every list of `month` that is due, county by county: one task however many
    desks asked, so the queue holds at most one waiting (`recount_waiting`)."""
    first = datetime.date.fromisoformat(month)
    found = 0
    for county in Area.objects.filter(level=Level.COUNTY).order_by("code"):
        due = due_communities(county, first)
        if due:
            found += found_recount(county, first, due)
    return found


def recount_waiting() -> bool:
    """Whether a recount is queued and not yet started: it will count whatever is due when it
    starts, so a second one is not queued beside it (the database backend; the immediate backend
    of the tests runs each at once and leaves nothing waiting)."""
    return DBTaskResult.objects.filter(
        task_path=recount_found.module_path, status=TaskResultStatus.READY
    ).exists()
