"""The landing page: counts first, each kind's items one click from where they are done, a
bounded number of queries however much waits, and never an item of another community."""

import datetime
import json
from decimal import Decimal

import pytest
from django.utils import timezone

from dibao.payroll.models import Run
from dibao.payroll.services import run_approve
from tests.cases.support import standards

from .support import at_step, checked_run, due_for_review

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_force(areas):
    standards(areas)


def test_the_landing_page_is_the_desk_with_the_register_one_click_away(login, areas, users):
    app = at_step(areas, users, until="accept")
    page = login(users.haizhou).get("/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "今日工作" in text and 'href="/households/"' in text
    assert f'href="/cases/{app.pk}/"' in text and app.household.number in text
    assert 'href="#work-application"' in text  # the count leads to its items
    assert "desk-chart-data" not in text  # no chart strip for a community


def test_nothing_to_act_on_says_so(login, users):
    text = login(users.auditor).get("/").content.decode()
    assert "今天没有待办事项。" in text


def test_anonymous_visitors_are_sent_to_log_in(client, areas):
    page = client.get("/")
    assert page.status_code == 302 and "/accounts/login/" in page.url


def test_the_page_runs_a_bounded_number_of_queries(login, areas, users, django_assert_max_num_queries):
    client = login(users.street)
    at_step(areas, users, until="close_notice")
    due_for_review(areas.haizhou, users.haizhou)
    with django_assert_max_num_queries(60) as few:
        client.get("/")
    for _ in range(4):
        at_step(areas, users, until="close_notice")
        due_for_review(areas.haizhou, users.haizhou)
        due_for_review(areas.haiyue, users.street)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get("/")
    assert page.context["work"].total >= 13


def test_another_community_never_sees_an_item(login, areas, users):
    app = at_step(areas, users, until="accept")
    entitlement = due_for_review(areas.haizhou, users.haizhou)
    text = login(users.liubeiqiao).get("/").content.decode()
    assert app.household.number not in text and entitlement.household.number not in text
    street = login(users.street).get("/").content.decode()
    assert entitlement.household.number in street


def test_the_chart_strip_shows_what_the_runs_paid(login, areas, users):
    for _ in range(2):
        due_for_review(areas.haizhou, users.haizhou)
    due_for_review(areas.liubeiqiao, users.liubeiqiao)
    this_month = timezone.localdate().replace(day=1)
    last_month = (this_month - datetime.timedelta(days=1)).replace(day=1)
    for month in (last_month, this_month):
        run_approve(run=checked_run(areas, users, month), actor=users.county)
    county = login(users.county).get("/")
    data = county.context["charts"]
    runs = {f"{r.month:%Y-%m}": r for r in Run.objects.all()}
    for month, run in runs.items():
        i = data["months"].index(month)
        assert (data["households"][i], Decimal(data["amounts"][i])) == (run.households, run.total)
        assert run.households == 3 and run.total > 0
    assert data["months"][-1] == f"{this_month:%Y-%m}" and len(data["months"]) == 12
    text = county.content.decode()
    assert 'id="desk-chart-data"' in text and "echarts.min.js" in text and "<details" in text
    assert (
        json.loads(text.split('id="desk-chart-data" type="application/json">')[1].split("</script>")[0])
        == data
    )
    # The street's strip counts its own households only.
    street = login(users.street).get("/").context["charts"]
    assert street["households"][-1] == 2
