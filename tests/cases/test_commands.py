"""`dibao cases-due`: the open applications of an area that are overdue or due within five working
days, as text or JSON; other areas' cases are not listed."""

import datetime
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from dibao.cases import services
from dibao.cases.models import Application, State
from dibao.config import cli
from tests.factories import make_household

from .support import application, papers_seen, standards

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def policy(areas):
    standards(areas)


def due_in(app: Application, days: int) -> datetime.date:
    due = timezone.localdate() + datetime.timedelta(days=days)
    Application.objects.filter(pk=app.pk).update(due_on=due)
    return due


def cases_due(*args: str) -> str:
    out = io.StringIO()
    call_command("cases_due", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def cases(areas, users):  # type: ignore[no-untyped-def]
    """In 海州: one overdue, one due today, one due in two months, one overdue but decided;
    in 柳背桥 (another street): one overdue."""
    overdue = application(areas, users, until="accept")
    soon = application(areas, users, until="investigate")
    later = application(areas, users, until="accept")
    decided = application(areas, users, until="accept")
    household = make_household(areas.liubeiqiao, users.liubeiqiao)
    elsewhere = services.application_create(household=household, data={}, actor=users.liubeiqiao)
    for step in ("submit", "accept"):
        if step == "accept":
            papers_seen(elsewhere, users.liubeiqiao)
        services.transition(application=elsewhere, step=step, actor=users.liubeiqiao)
    due_in(overdue, -3)
    due_in(soon, 0)
    due_in(later, 60)
    due_in(decided, -5)
    Application.objects.filter(pk=decided.pk).update(state=State.WITHDRAWN)
    due_in(elsewhere, -1)
    for app in (overdue, soon, later, decided, elsewhere):
        app.refresh_from_db()
    return overdue, soon, later, decided, elsewhere


def test_json_lists_overdue_and_due_soon_of_the_area_only(areas, cases):
    overdue, soon, _later, _decided, _elsewhere = cases
    found = json.loads(cases_due("--area", areas.xinghaiwan.code, "--json"))
    assert [row["id"] for row in found["overdue"]] == [overdue.pk]
    assert [row["id"] for row in found["due_soon"]] == [soon.pk]
    assert found["overdue"][0] == {
        "id": overdue.pk,
        "applicant": overdue.applicant_name,
        "household": overdue.household.number,
        "community": areas.haizhou.code,
        "state": "accepted",
        "accepted_on": overdue.accepted_on.isoformat(),
        "due_on": overdue.due_on.isoformat(),
        "extended": False,
    }
    assert found["due_soon"][0]["state"] == "investigated"


def test_the_county_sees_every_street_and_a_community_only_its_own(areas, cases):
    overdue, _soon, _later, _decided, elsewhere = cases
    county = json.loads(cases_due("--area", areas.county.code, "--json"))
    assert [row["id"] for row in county["overdue"]] == [overdue.pk, elsewhere.pk]
    other = json.loads(cases_due("--area", areas.liubeiqiao.code, "--json"))
    assert [row["id"] for row in other["overdue"]] == [elsewhere.pk] and other["due_soon"] == []
    empty = json.loads(cases_due("--area", areas.haiyue.code, "--json"))
    assert empty == {"overdue": [], "due_soon": []}


def test_text_output_has_a_line_per_case_and_the_counts(areas, cases):
    overdue, soon, _later, _decided, _elsewhere = cases
    lines = cases_due("--area", areas.haizhou.code).splitlines()
    assert lines[-1] == "1 overdue, 1 due soon"
    assert lines[0].startswith(f"OVERDUE\t{overdue.due_on}\t海州社区\t{overdue.applicant_name}\t")
    assert lines[1].startswith(f"due soon\t{soon.due_on}\t海州社区\t{soon.applicant_name}\t")
    assert len(lines) == 3


def test_an_unknown_area_is_an_error(areas):
    with pytest.raises(CommandError, match="999999"):
        cases_due("--area", "999999", "--json")


def test_the_hyphenated_name_reaches_it(areas, cases, capsys):
    overdue = cases[0]
    cli.main(["dibao", "cases-due", "--area", areas.haizhou.code, "--json"])
    assert [row["id"] for row in json.loads(capsys.readouterr().out)["overdue"]] == [overdue.pk]
