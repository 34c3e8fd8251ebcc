"""Drafting from the page or the API is a job: one draft of a county's month at a time. The bank
file is a job too: its file kept with the run's move to "sent", or neither."""

import datetime
import io

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from python_calamine import CalamineWorkbook

from dibao.core.errors import DomainError
from dibao.core.jobs.tasks import run_job
from dibao.core.models import Job
from dibao.payroll import services
from dibao.payroll.jobs import payroll_draft_start
from dibao.payroll.models import Run, RunState
from dibao.payroll.services import bankfiles
from dibao.policy.services import standard_set
from tests.benefits.support import receiving
from tests.factories import UserFactory
from tests.jobs_support import content, job_of, page_download

from .test_api import approved

pytestmark = pytest.mark.django_db
JAN, FEB = datetime.date(2026, 1, 1), datetime.date(2026, 2, 1)
# Jobs are queued and left there: no worker runs them in these tests.
QUEUED_ONLY = override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})


@QUEUED_ONLY
def test_a_second_draft_of_the_same_county_and_month_is_refused_while_the_first_is_under_way(areas, users):
    first = payroll_draft_start(county=areas.county, month=JAN, actor=users.county, again=False)
    assert first.state == "queued" and not Run.objects.exists()
    with pytest.raises(DomainError) as refused:
        payroll_draft_start(county=areas.county, month=JAN, actor=users.county, again=False)
    assert refused.value.code == "busy"
    assert (
        payroll_draft_start(county=areas.county, month=FEB, actor=users.county, again=False).state == "queued"
    )
    # Once the first has finished (or its worker was stopped long ago), the month may be drafted again.
    long_ago = timezone.now() - datetime.timedelta(days=1)
    Job.objects.filter(pk=first.pk).update(state="running", started_at=long_ago, heartbeat_at=long_ago)
    assert (
        payroll_draft_start(county=areas.county, month=JAN, actor=users.county, again=False).state == "queued"
    )
    assert Job.objects.get(pk=first.pk).state == "failed"


@QUEUED_ONLY
def test_the_page_says_so_beside_the_form(areas, users, login):
    client = login(users.county)
    started = client.post(reverse("payroll:run-draft"), {"month": "2026-01"})
    job = Job.objects.get()
    assert started["Location"] == reverse("jobs:detail", args=[job.pk])
    again = client.post(reverse("payroll:run-draft"), {"month": "2026-01"}, HTTP_ACCEPT_LANGUAGE="en")
    assert "already under way" in str(again.context["form"].errors)
    assert Job.objects.count() == 1


def test_a_draft_refused_when_it_runs_fails_with_the_reason_and_writes_nothing(areas, users):
    run = services.run_draft(county=areas.county, month=JAN, actor=users.county)
    Run.objects.filter(pk=run.pk).update(state="approved")
    with QUEUED_ONLY:
        job = payroll_draft_start(county=areas.county, month=FEB, actor=users.county, again=False)
    # Between queueing and running, the month it drafts was approved by another way in.
    Job.objects.filter(pk=job.pk).update(params={**job.params, "month": "2026-01"})
    run_job.call(job.pk)
    job.refresh_from_db()
    # The reason, in the language of the one who started it (simplified Chinese by default).
    assert job.state == "failed" and "不能再重新编制" in job.error
    assert Run.objects.count() == 1 and Run.objects.get().version == run.version


# The bank file -----------------------------------------------------------------------------------


@pytest.fixture
def approved_run(areas, users) -> Run:  # type: ignore[no-untyped-def]
    """The API tests' run: four households of three communities, approved by the county."""
    for kind, amount in (("urban", "360"), ("rural", "200")):
        standard_set(
            area=areas.county, data={"kind": kind, "amount": amount, "valid_from": "2025-01"}, actor=None
        )
    receiving(areas.haizhou, users.haizhou)
    receiving(areas.haiyue, users.street)
    receiving(areas.liubeiqiao, users.liubeiqiao, members=1)
    return approved(areas, users)


def test_the_bank_file_job_counts_its_lines_keeps_its_file_and_sends_the_run(
    areas, users, approved_run, login
):
    client = login(users.county)
    started = client.post(reverse("payroll:run-bank-file", args=[approved_run.pk]))
    job = job_of(started)
    assert (job.state, job.done, job.total) == ("succeeded", 3, 3)
    assert job.file.name.startswith("jobs/") and job.file_name == "救助资金代发-沙河口区-2026年01月.xlsx"
    assert Run.objects.get().state == RunState.EXPORTED
    rows = CalamineWorkbook.from_filelike(io.BytesIO(content(page_download(client, started))))
    assert len(rows.get_sheet_by_index(0).to_python()) == 1 + 3
    # Another county officer, and a street's, find neither the job nor its file.
    for other in (UserFactory.create(username="c_other", role="county", area=areas.county), users.street):
        stranger = login(other)
        assert stranger.get(started["Location"]).status_code == 404
        assert stranger.get(reverse("jobs:file", args=[job.pk])).status_code == 404


def test_a_bank_file_that_fails_keeps_no_file_and_leaves_the_run_approved(
    areas, users, approved_run, login, media_root, monkeypatch
):
    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("the disk is full")

    # The file is written whole, then the run's move fails in the transaction that keeps the file.
    monkeypatch.setattr(bankfiles, "run_advance", broken)
    client = login(users.county)
    job = job_of(client.post(reverse("payroll:run-bank-file", args=[approved_run.pk])))
    assert job.state == "failed" and not job.file and not job.file_name
    assert Run.objects.get().state == RunState.APPROVED
    assert list((media_root / "jobs").glob("*")) == []  # nothing stored
    assert client.get(reverse("jobs:file", args=[job.pk])).status_code == 404
    assert "job-file" not in client.get(reverse("jobs:detail", args=[job.pk])).content.decode()


def test_a_file_that_cannot_be_kept_leaves_the_run_approved(areas, users, approved_run, login, monkeypatch):
    def full(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise OSError("no space left on device")

    monkeypatch.setattr("django.core.files.storage.default_storage.save", full)
    job = job_of(login(users.county).post(reverse("payroll:run-bank-file", args=[approved_run.pk])))
    assert job.state == "failed" and not job.file
    assert Run.objects.get().state == RunState.APPROVED
