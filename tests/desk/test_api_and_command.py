"""`GET /api/v1/worklist/` and `dibao worklist --user`: the desk's list in one shape, scoped to the
caller's area; the chart's applications per month."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from dibao.cases import services as cases
from dibao.desk.charts import chart_data
from tests.api_support import API, api_as
from tests.cases.support import standards

from .support import at_step, due_for_review

pytestmark = pytest.mark.django_db

ITEM_KEYS = {"kind", "title", "program", "household", "head_name", "community", "due", "overdue", "url"}


@pytest.fixture(autouse=True)
def in_force(areas):
    standards(areas)


def test_the_api_lists_items_and_counts_per_kind(areas, users):
    app = at_step(areas, users, until="accept")
    due_for_review(areas.haizhou, users.haizhou)
    answer = api_as(users.haizhou).get(f"{API}/worklist/")
    assert answer.status_code == 200
    body = answer.json()
    assert set(body) == {"date", "total", "counts", "items"}
    assert body["date"] == timezone.localdate().isoformat()
    counts = {c["kind"]: c["count"] for c in body["counts"]}
    assert counts == {"application": 1, "review_due": 1}
    assert body["total"] == 2
    assert all(set(item) == ITEM_KEYS for item in body["items"])
    (first,) = [i for i in body["items"] if i["kind"] == "application"]
    assert first["household"] == app.household.number and first["due"] == app.due_on.isoformat()
    assert first["url"] == f"/cases/{app.pk}/" and first["program"] == "dibao" and first["overdue"] is False


def test_the_api_never_shows_another_communitys_items(areas, users):
    at_step(areas, users, until="accept")
    due_for_review(areas.haizhou, users.haizhou)
    body = api_as(users.liubeiqiao).get(f"{API}/worklist/").json()
    assert body["items"] == [] and body["total"] == 0
    assert api_as(users.auditor).get(f"{API}/worklist/").json()["counts"] == []
    assert api_as().get(f"{API}/worklist/").status_code == 401


def test_the_api_speaks_english_when_asked(areas, users):
    at_step(areas, users, until="accept")
    body = api_as(users.haizhou, language="en").get(f"{API}/worklist/").json()
    assert body["counts"][0]["label"] == "Applications at my step"
    assert body["items"][0]["title"] == "Investigate at home"


def test_the_command_prints_a_table_and_the_apis_json(areas, users):
    app = at_step(areas, users, until="accept")
    out = StringIO()
    call_command("worklist", "--user", "w_haizhou", stdout=out)
    text = out.getvalue()
    assert app.household.number in text and "1 in all" in text
    out = StringIO()
    call_command("worklist", "--user", "w_haizhou", "--json", stdout=out)
    as_json = json.loads(out.getvalue())
    assert as_json == api_as(users.haizhou).get(f"{API}/worklist/").json()
    out = StringIO()
    call_command("worklist", "--user", "w_liubeiqiao", stdout=out)
    assert app.household.number not in out.getvalue()
    assert "Nothing waits for w_liubeiqiao today." in out.getvalue()


def test_the_command_names_an_unknown_user(areas, users):
    with pytest.raises(CommandError, match="No active user nobody-here"):
        call_command("worklist", "--user", "nobody-here")


def test_the_chart_counts_applications_received_and_decided_this_month(areas, users):
    received = [at_step(areas, users, until="submit") for _ in range(2)]
    cases.transition(application=received[0], step="withdraw", actor=users.haizhou)
    rejected = at_step(areas, users, until="review")
    cases.transition(
        application=rejected, step="reject", data={"reasons": "收入超过标准"}, actor=users.county
    )
    data = chart_data(users.county, timezone.localdate())
    assert (data["received"][-1], data["decided"][-1]) == (3, 1)
    assert chart_data(users.street, timezone.localdate())["received"][-1] == 3
    assert chart_data(users.haizhou, timezone.localdate()) is None
