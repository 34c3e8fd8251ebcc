"""A roster import as a job, in a real browser: the upload answers at once with the job's page,
which shows the job waiting, then — once the worker has done it — the import's result."""

import re

import pytest
from django.core.management import call_command
from django.test import override_settings

from dibao.core.models import Job
from dibao.registry.models import Member

from ..factories import id_number
from ..registry.roster.files import csv_bytes, row

pytestmark = pytest.mark.django_db(transaction=True)


@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
def test_the_job_page_waits_for_the_worker_then_shows_the_result(live_server, page, areas, users, tmp_path):
    users.haizhou.set_password("Worker-pass-2026")
    users.haizhou.save()
    roster = tmp_path / "名册.csv"
    rows = []
    for _ in range(60):
        head = id_number()
        rows += [row(head, "王五", head), row(head, "王小五", id_number(), "子女")]
    roster.write_bytes(csv_bytes(rows))

    page.goto(f"{live_server.url}/")
    page.fill("input[name=username]", "w_haizhou")
    page.fill("input[name=password]", "Worker-pass-2026")
    page.click("button[type=submit].primary")
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/roster/")
    page.set_input_files("input[type=file]", str(roster))
    page.click("button[type=submit].primary")

    page.wait_for_url(re.compile(r"/jobs/\d+/$"))
    assert page.locator("[data-state=queued]").count() == 1 and page.locator("progress").count() == 1
    assert "等待后台处理" in page.content() and not Member.objects.exists()

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    assert (Job.objects.get().done, Job.objects.get().total) == (120, 120)
    page.wait_for_url(re.compile(r"/roster/imports/\d+/"))  # the page refreshes itself
    assert "已导入60户、120名家庭成员。" in page.locator("main").inner_text()
    assert Member.objects.count() == 120
