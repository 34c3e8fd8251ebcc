"""`/health/`: the database, its migrations and the worker, for the proxy and the monitor."""

import datetime

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from dibao.core import health
from dibao.core.models import Job
from dibao.core.worker_heartbeat import worker_heartbeat

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def queue_in_database(monkeypatch):  # type: ignore[no-untyped-def]
    """The queue in the database, and the worker run here (`db_worker --batch`): it closes the
    connection between tasks, which on PostgreSQL would end the test's own transaction."""
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)
    with override_settings(TASKS=DATABASE_QUEUE):
        yield


def test_a_quiet_worker_is_asked_for_a_sign_and_counted_once_it_answers(db, client, queue_in_database):
    first = client.get("/health/")
    assert first.status_code == 503
    assert first.json() == {
        "database": True,
        "migrations": True,
        "worker": False,
        "worker_last_seen": None,
        "status": "failing",
    }
    assert first["Cache-Control"].startswith("max-age=0")
    # The heartbeat waits for the worker; asking again does not queue a second one.
    assert client.get("/health/").status_code == 503
    assert DBTaskResult.objects.filter(task_path=worker_heartbeat.module_path).count() == 1

    call_command("db_worker", "--batch", "--no-startup-delay", "-v", "0")
    answer = client.get("/health/")
    assert answer.status_code == 200, answer.json()
    assert answer.json()["status"] == "ok" and answer.json()["worker"] is True
    seen = datetime.datetime.fromisoformat(answer.json()["worker_last_seen"])
    assert timezone.now() - seen < datetime.timedelta(minutes=1)


def test_a_worker_last_seen_long_ago_is_not_there_until_it_answers_again(
    db, client, queue_in_database, settings
):
    worker_heartbeat.enqueue()
    call_command("db_worker", "--batch", "--no-startup-delay", "-v", "0")
    long_ago = timezone.now() - 2 * settings.WORKER_SEEN_WITHIN
    DBTaskResult.objects.update(started_at=long_ago, finished_at=long_ago)
    assert client.get("/health/").json()["worker"] is False
    call_command("db_worker", "--batch", "--no-startup-delay", "-v", "0")
    assert client.get("/health/").json()["worker"] is True
    # The new heartbeat swept the old one: the queue table does not grow with them.
    assert DBTaskResult.objects.filter(task_path=worker_heartbeat.module_path).count() == 1


def test_a_worker_busy_with_a_long_job_is_seen_by_its_progress(users, client, queue_in_database):
    long_ago = timezone.now() - datetime.timedelta(hours=2)
    DBTaskResult.objects.all().delete()
    Job.objects.create(
        kind="import_roster",
        state=Job.State.RUNNING,
        actor=users.county,
        area_code="210204",
        started_at=long_ago,
        heartbeat_at=timezone.now(),
    )
    answer = client.get("/health/")
    assert answer.status_code == 200 and answer.json()["worker"] is True


def test_a_database_missing_migrations_is_unhealthy(db, client, monkeypatch):
    monkeypatch.setattr(health, "_migrated", False)
    monkeypatch.setattr(health.MigrationExecutor, "migration_plan", lambda self, targets: ["one pending"])
    answer = client.get("/health/")
    assert answer.status_code == 503
    assert answer.json()["migrations"] is False and answer.json()["database"] is True


def test_health_needs_no_log_in_and_refuses_writes(db, client):
    assert client.post("/health/").status_code == 405
