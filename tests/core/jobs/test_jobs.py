"""Jobs: long work started from a page or the API, run by the worker, with its progress."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from dibao.core import audit
from dibao.core.errors import DomainError
from dibao.core.jobs.runners import RUNNERS, Finished, runner
from dibao.core.jobs.services import job_start
from dibao.core.models import AuditEntry, Job
from dibao.registry.models import Household, Member, RosterImport
from tests.api_support import API, api_as, own_id_numbers  # noqa: F401  (autouse fixture)
from tests.factories import id_number
from tests.registry.roster.files import row, xlsx_bytes

pytestmark = pytest.mark.django_db
IMPORT = reverse("roster:import")
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def roster(households: int = 3) -> bytes:
    rows = []
    for _ in range(households):
        head, child = id_number(), id_number()
        rows += [row(head, "张三", head), row(head, "张小", child, "子女")]
    return xlsx_bytes(rows)


def upload(client, community, content):  # type: ignore[no-untyped-def]
    return client.post(IMPORT, {"community": community.code, "file": SimpleUploadedFile("r.xlsx", content)})


@pytest.fixture
def test_kinds():  # type: ignore[no-untyped-def]
    """Runners of kinds only the tests start; taken away afterwards."""
    before = dict(RUNNERS)
    yield
    RUNNERS.clear()
    RUNNERS.update(before)


def test_a_roster_import_from_the_page_is_a_job_that_counts_its_rows_then_shows_the_result(
    areas, users, login
):
    client = login(users.haizhou)
    response = upload(client, areas.haizhou, roster(3))
    job = Job.objects.get()
    assert response["Location"] == reverse("jobs:detail", kwargs={"job_id": job.pk})
    assert (job.kind, job.state, job.actor, job.area_code) == (
        "roster-import",
        "succeeded",
        users.haizhou,
        areas.haizhou.code,
    )
    assert (job.done, job.total) == (6, 6)  # rows checked, of the file's rows
    assert job.upload is None  # the file is not kept once the work is done
    record = RosterImport.objects.get()
    assert job.outcome["import"] == record.pk and job.outcome["households"] == 3
    assert client.get(response["Location"])["Location"] == reverse("roster:result", args=[record.pk])
    assert AuditEntry.objects.filter(object_type="core.job", actor=users.haizhou).count() == 1


def test_a_job_is_seen_by_the_one_who_started_it_only(areas, users, login):
    upload(login(users.haizhou), areas.haizhou, roster(1))
    job = Job.objects.get()
    for other in (users.liubeiqiao, users.street, users.county):
        assert login(other).get(reverse("jobs:detail", args=[job.pk])).status_code == 404
        assert api_as(other).get(f"{API}/jobs/{job.pk}/").status_code == 404
    assert api_as().get(f"{API}/jobs/{job.pk}/").status_code == 401
    assert api_as(users.haizhou).get(f"{API}/jobs/{job.pk}/").json()["state"] == "succeeded"


def test_progress_is_written_outside_the_work_and_read_while_it_runs(areas, users, test_kinds):
    @runner("test-progress")
    def counting(job, progress):  # type: ignore[no-untyped-def]
        progress.start(400)
        progress.advance(200)
        seen = Job.objects.get(pk=job.pk)
        return Finished(outcome={"seen": [seen.state, seen.done, seen.total]})

    job = job_start(kind="test-progress", actor=users.haizhou, area_code=areas.haizhou.code, params={})
    assert job.outcome == {"seen": ["running", 200, 400]}
    assert (job.state, job.done, job.total) == ("succeeded", 200, 400)


def test_a_job_that_fails_leaves_nothing_and_says_why(areas, users, login, test_kinds):
    @runner("test-refused")
    def refused(job, progress):  # type: ignore[no-untyped-def]
        with transaction.atomic():
            audit.record(actor=job.actor, action=audit.Action.UPDATE, obj=job, area_code=job.area_code)
            raise DomainError("这个县本月的工资单已在起草。")

    @runner("test-broken")
    def broken(job, progress):  # type: ignore[no-untyped-def]
        with transaction.atomic():
            audit.record(actor=job.actor, action=audit.Action.UPDATE, obj=job, area_code=job.area_code)
            raise ZeroDivisionError

    client = login(users.haizhou)
    for kind, says in (("test-refused", "这个县本月的工资单已在起草。"), ("test-broken", "没有写入任何内容")):
        job = job_start(kind=kind, actor=users.haizhou, area_code=areas.haizhou.code, params={})
        assert job.state == "failed" and job.finished_at is not None
        assert not AuditEntry.objects.filter(action="update", object_id=str(job.pk)).exists()
        page = client.get(reverse("jobs:detail", args=[job.pk]))
        assert page.status_code == 200 and says in page.content.decode()
        body = api_as(users.haizhou).get(f"{API}/jobs/{job.pk}/").json()
        assert body["state"] == "failed" and body["error"]
    assert "ZeroDivisionError" not in page.content.decode()


def test_a_job_running_with_no_sign_of_life_is_shown_as_failed(areas, users, login, settings):
    long_ago = timezone.now() - settings.JOB_STALE_AFTER - datetime.timedelta(seconds=1)
    job = Job.objects.create(
        kind="roster-import",
        actor=users.haizhou,
        area_code=areas.haizhou.code,
        state="running",
        started_at=long_ago,
        heartbeat_at=long_ago,
    )
    page = login(users.haizhou).get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert 'data-state="failed"' in page and 'http-equiv="refresh"' not in page
    body = api_as(users.haizhou).get(f"{API}/jobs/{job.pk}/").json()
    assert body["state"] == "failed" and "没有写入任何内容" in body["error"]
    Job.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now())
    page = login(users.haizhou).get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert 'data-state="running"' in page and 'http-equiv="refresh"' in page


def test_the_api_answers_202_with_the_job_to_poll(areas, users):
    response = api_as(users.haizhou).post(
        f"{API}/imports/roster/", {"file": SimpleUploadedFile("r.xlsx", roster(2))}, format="multipart"
    )
    assert response.status_code == 202
    job = Job.objects.get()
    assert (
        response["Location"].endswith(f"{API}/jobs/{job.pk}/")
        and response.json()["url"] == response["Location"]
    )
    polled = api_as(users.haizhou).get(response["Location"]).json()
    assert (polled["state"], polled["done"], polled["total"]) == ("succeeded", 4, 4)
    assert polled["outcome"]["outcome"] == "imported" and polled["outcome"]["households"] == 2


# Committed for real: the worker opens and closes its own connections as it would in production.
@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DATABASE_TASKS)
def test_with_the_database_backend_the_request_only_queues_and_the_worker_does_the_work(areas, users, login):
    client = login(users.haizhou)
    response = upload(client, areas.haizhou, roster(2))
    job = Job.objects.get()
    assert job.state == "queued" and not Household.objects.exists()
    page = client.get(response["Location"]).content.decode()
    assert 'data-state="queued"' in page and 'http-equiv="refresh"' in page
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    job.refresh_from_db()
    assert (job.state, job.done, job.total) == ("succeeded", 4, 4)
    assert Member.objects.count() == 4
    assert client.get(response["Location"])["Location"] == reverse(
        "roster:result", args=[RosterImport.objects.get().pk]
    )
