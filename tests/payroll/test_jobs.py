"""Drafting from the page or the API is a job: one draft of a county's month at a time."""

import datetime

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from dibao.core.errors import DomainError
from dibao.core.jobs.tasks import run_job
from dibao.core.models import Job
from dibao.payroll import services
from dibao.payroll.jobs import payroll_draft_start
from dibao.payroll.models import Run

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
