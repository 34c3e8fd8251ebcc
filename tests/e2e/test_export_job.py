"""The roster export as a job, in a real browser: the list's export button answers at once with
the job's page, which waits for the worker, counts the members written, then offers the file."""

import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings

from dibao.core.models import Job

from ..factories import make_household

pytestmark = pytest.mark.django_db(transaction=True)


@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
def test_the_export_button_leads_to_the_job_page_and_its_download(live_server, page, areas, users):
    users.haizhou.set_password("Worker-pass-2026")
    users.haizhou.save()
    household = make_household(areas.haizhou, users.haizhou, members=2)  # and the head: 3 members

    page.goto(f"{live_server.url}/")
    page.fill("input[name=username]", "w_haizhou")
    page.fill("input[name=password]", "Worker-pass-2026")
    page.click("button[type=submit].primary")
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/households/")
    page.click("form.export button[value=csv]")

    page.wait_for_url(re.compile(r"/jobs/\d+/$"))
    assert page.locator("[data-state=queued]").count() == 1

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    job = Job.objects.get()
    assert (job.state, job.done, job.total) == ("succeeded", 3, 3)
    link = page.locator("#job-file")
    link.wait_for()  # the page refreshes itself
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename.endswith(".csv")
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert household.number in text and text.count(household.number) == 3
