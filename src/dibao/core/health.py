"""`/health/`: what a reverse proxy and a monitor ask before sending people to this server.

Three questions, each answered in the JSON: can the database be reached, does it have every
migration this version of dibao needs, and has the worker been seen recently
(core.worker_heartbeat). 200 when all three are yes, 503 otherwise. Nothing personal is in the
answer, so it needs no log-in; it is read-only and cheap (a few small queries).
"""

from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .worker_heartbeat import worker_seen

# Once a process has found every migration applied it stays so: a newer version's migrations come
# with newer code, which runs only after a restart. Not yet applied is asked again each time.
_migrated = False


def _migrations_applied() -> bool:
    global _migrated
    if not _migrated:
        executor = MigrationExecutor(connection)
        _migrated = not executor.migration_plan(executor.loader.graph.leaf_nodes())
    return _migrated


@never_cache
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    answer: dict[str, object] = {"database": False, "migrations": False, "worker": False}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        answer["database"] = True
        answer["migrations"] = _migrations_applied()
        if answer["migrations"]:
            seen, last = worker_seen()
            answer["worker"] = seen
            answer["worker_last_seen"] = last.isoformat() if last else None
    except DatabaseError:
        pass  # unreachable, or missing the tables the later questions read: already answered no
    healthy = all(answer[key] for key in ("database", "migrations", "worker"))
    answer["status"] = "ok" if healthy else "failing"
    return JsonResponse(answer, status=200 if healthy else 503)
