"""A job's file: kept in the work's transaction, downloaded by its starter only, removed when
expired (`dibao expire-job-files`, and each job started)."""

import datetime
import io

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from dibao.core.jobs.files import keep_written, producing
from dibao.core.jobs.runners import RUNNERS, Finished, runner
from dibao.core.jobs.services import job_files_expire, job_start
from dibao.core.models import AuditEntry, Job
from tests.api_support import API, api_as, own_id_numbers  # noqa: F401  (autouse fixture)
from tests.jobs_support import content

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def test_kinds():  # type: ignore[no-untyped-def]
    """Runners of kinds only these tests start; taken away afterwards."""
    before = dict(RUNNERS)

    @runner("test-file")
    def write(job: Job, progress) -> Finished:  # type: ignore[no-untyped-def]
        keep_written(job, "报表.csv", lambda out: out.write("姓名,金额\n张三,1\n".encode()))
        return Finished(outcome={"file": "报表.csv"})

    @runner("test-file-fails")
    def fails(job: Job, progress) -> Finished:  # type: ignore[no-untyped-def]
        with producing(job) as file:
            file.out.write(b"half a file")
            with transaction.atomic():
                file.keep("half.csv")
                raise RuntimeError("the work failed after the file was saved")

    yield
    RUNNERS.clear()
    RUNNERS.update(before)


def start(user, kind="test-file", personal=False) -> Job:  # type: ignore[no-untyped-def]
    params = {"produces_file": True, **({"personal_data": True} if personal else {})}
    return job_start(kind=kind, actor=user, area_code=user.area.code, params=params)


def test_the_job_page_offers_the_file_and_the_download_streams_it(areas, users, login):
    job = start(users.haizhou)
    assert job.state == "succeeded" and job.file.name == f"jobs/{job.pk}.csv"
    client = login(users.haizhou)
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert f'href="{reverse("jobs:file", args=[job.pk])}"' in page and "报表.csv" in page
    download = client.get(reverse("jobs:file", args=[job.pk]))
    assert download.status_code == 200 and download["Content-Type"] == "text/csv; charset=utf-8"
    assert "filename*=UTF-8''%E6%8A%A5%E8%A1%A8.csv" in download["Content-Disposition"]
    assert content(download).decode() == "姓名,金额\n张三,1\n"
    # A file without people's data leaves no entry of its download; one with them does, each time.
    assert not AuditEntry.objects.filter(note="job file downloaded").exists()
    personal = start(users.haizhou, personal=True)
    for _ in range(2):
        client.get(reverse("jobs:file", args=[personal.pk]))
    entries = AuditEntry.objects.filter(note="job file downloaded", actor=users.haizhou)
    assert entries.count() == 2 and entries.first().area_code == areas.haizhou.code


def test_the_api_gives_the_file_url_to_its_starter_only(areas, users):
    job = start(users.haizhou)
    body = api_as(users.haizhou).get(f"{API}/jobs/{job.pk}/").json()
    assert body["file_url"] == f"http://testserver{API}/jobs/{job.pk}/file/"
    assert body["file_name"] == "报表.csv"
    download = api_as(users.haizhou).get(body["file_url"])
    assert download.status_code == 200 and content(download).decode().startswith("姓名")
    for other in (users.liubeiqiao, users.street, users.county):
        assert api_as(other).get(f"{API}/jobs/{job.pk}/").status_code == 404
        refused = api_as(other).get(body["file_url"])
        assert refused.status_code == 404 and refused.json()["code"] == "not_found"


def test_a_job_that_fails_after_keeping_its_file_keeps_none(areas, users, login, media_root):
    job = start(users.haizhou, kind="test-file-fails")
    assert job.state == "failed" and not job.file and not job.file_name
    assert list((media_root / "jobs").glob("*")) == []
    assert login(users.haizhou).get(reverse("jobs:file", args=[job.pk])).status_code == 404
    assert api_as(users.haizhou).get(f"{API}/jobs/{job.pk}/").json()["file_url"] is None


def test_expired_files_are_removed_and_their_jobs_stay(areas, users, login, settings):
    old, recent = start(users.haizhou), start(users.haizhou)
    long_ago = timezone.now() - settings.JOB_FILES_KEPT_FOR - datetime.timedelta(minutes=1)
    Job.objects.filter(pk=old.pk).update(finished_at=long_ago)
    out = io.StringIO()
    call_command("expire_job_files", stdout=out)
    assert out.getvalue().strip() == "removed 1 expired job files"
    old.refresh_from_db()
    assert not old.file and old.file_name == "报表.csv" and old.state == "succeeded"
    assert not default_storage.exists(f"jobs/{old.pk}.csv")
    assert default_storage.exists(Job.objects.get(pk=recent.pk).file.name)
    client = login(users.haizhou)
    assert client.get(reverse("jobs:file", args=[old.pk])).status_code == 404
    page = client.get(reverse("jobs:detail", args=[old.pk]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "no longer kept" in page
    # Each job started sweeps the expired ones too.
    Job.objects.filter(pk=recent.pk).update(finished_at=long_ago)
    start(users.haizhou)
    assert not Job.objects.get(pk=recent.pk).file
    assert job_files_expire() == 0
