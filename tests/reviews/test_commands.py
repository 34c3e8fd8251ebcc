"""`dibao reviews-due` (the households of an area due for review, as text or JSON) and
`dibao gradual-exits` (the households whose gradual exit has ended, and ending them)."""

import datetime
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from dibao.benefits.models import Entitlement, Movement, MovementKind
from dibao.config import cli
from dibao.policy.services import standard_set
from dibao.registry.services import income_add
from dibao.reviews.services import review_approve, review_open, review_record
from tests.benefits.support import receiving

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def standards(areas):
    standard_set(
        area=areas.county, data={"kind": "urban", "amount": "360", "valid_from": "2025-01"}, actor=None
    )


def run(command: str, *args: str) -> str:
    out = io.StringIO()
    call_command(command, *args, stdout=out)
    return out.getvalue()


def next_review_in(entitlement: Entitlement, days: int) -> datetime.date:
    day = timezone.localdate() + datetime.timedelta(days=days)
    Entitlement.objects.filter(pk=entitlement.pk).update(next_review=day)
    return day


@pytest.fixture
def due(areas, users):  # type: ignore[no-untyped-def]
    """In 海州: one overdue with a review open, one due in a week, one due in two months; in
    柳背桥 (another street): one overdue."""
    overdue = receiving(areas.haizhou, users.haizhou, head={"name": "周桂芳"})
    soon = receiving(areas.haizhou, users.haizhou)
    later = receiving(areas.haizhou, users.haizhou)
    elsewhere = receiving(areas.liubeiqiao, users.liubeiqiao)
    next_review_in(overdue, -5)
    next_review_in(soon, 7)
    next_review_in(later, 60)
    next_review_in(elsewhere, -1)
    review_open(household=overdue.household, actor=users.haizhou)
    return overdue, soon, later, elsewhere


def test_reviews_due_as_json(areas, due):
    overdue, soon, later, _elsewhere = due
    body = json.loads(run("reviews_due", "--area", areas.xinghaiwan.code, "--json"))
    assert [row["household"] for row in body["households"]] == [overdue.household_id, soon.household_id]
    assert body["households"][0] == {
        "household": overdue.household_id,
        "number": overdue.household.number,
        "head": "周桂芳",
        "community": areas.haizhou.code,
        "community_name": areas.haizhou.name,
        "management_class": overdue.management_class,
        "next_review": (timezone.localdate() - datetime.timedelta(days=5)).isoformat(),
        "overdue": True,
        "days": -5,
        "has_open_review": True,
    }
    assert body["households"][1]["days"] == 7 and not body["households"][1]["has_open_review"]
    assert (body["area"], body["days"], body["overdue"], body["due_soon"], body["with_open_review"]) == (
        areas.xinghaiwan.code,
        30,
        1,
        1,
        1,
    )
    wider = json.loads(run("reviews_due", "--area", areas.xinghaiwan.code, "--days", "90", "--json"))
    assert [row["household"] for row in wider["households"]][-1] == later.household_id
    county = json.loads(run("reviews_due", "--area", areas.county.code, "--json"))
    assert county["overdue"] == 2 and len(county["households"]) == 3
    empty = json.loads(run("reviews_due", "--area", areas.haiyue.code, "--json"))
    assert empty["households"] == [] and empty["overdue"] == empty["due_soon"] == 0


def test_reviews_due_as_text(areas, due):
    overdue, soon, _later, _elsewhere = due
    lines = run("reviews_due", "--area", areas.haizhou.code).splitlines()
    assert len(lines) == 3
    assert lines[0].startswith("OVERDUE\t") and overdue.household.number in lines[0]
    assert "周桂芳" in lines[0] and lines[0].endswith("review open")
    assert lines[1].startswith("due\t") and soon.household.number in lines[1] and "\t+7\t" in lines[1]
    assert lines[2] == "1 overdue, 1 due within 30 days, 1 with a review open"


def test_reviews_due_refuses_an_unknown_area_and_is_reached_by_its_hyphenated_name(areas, due, capsys):
    with pytest.raises(CommandError, match="999999"):
        run("reviews_due", "--area", "999999")
    with pytest.raises(CommandError, match="--days"):
        run("reviews_due", "--area", areas.haizhou.code, "--days", "-1")
    cli.main(["dibao", "reviews-due", "--area", areas.haizhou.code, "--json"])
    assert json.loads(capsys.readouterr().out)["overdue"] == 1


def exiting(areas, users):  # type: ignore[no-untyped-def]
    """A household of 海州 whose gradual exit, decided with effect from March for three months,
    ended in May; and one still receiving."""
    e = receiving(areas.haizhou, users.haizhou, head={"name": "赵建国"})
    income_add(
        household=e.household,
        data={"kind": "wage", "amount": "3000", "month_from": "2026-02"},
        actor=users.haizhou,
    )
    review = review_record(
        review=review_open(household=e.household, actor=users.haizhou),
        actor=users.haizhou,
        data={
            "outcome": "gradual_exit",
            "effective_on": "2026-03-01",
            "stop_reason": "employed",
            "exit_months": 3,
        },
    )
    review_approve(review=review, actor=users.street)
    receiving(areas.haizhou, users.haizhou)
    return e


def test_gradual_exits_lists_and_finishes_the_ended_ones(areas, users):
    e = exiting(areas, users)
    listed = json.loads(run("gradual_exits", "--county", areas.county.code, "--json"))
    assert listed["count"] == 1 and listed["finished"] is None and listed["county"] == areas.county.code
    assert listed["households"] == [
        {
            "household": e.household_id,
            "number": e.household.number,
            "head": "赵建国",
            "community": areas.haizhou.code,
            "community_name": areas.haizhou.name,
            "last_month": "2026-05",
            "amount": "260.00",
            "stop_reason": "employed",
        }
    ]
    e.household.refresh_from_db()
    assert e.household.status == "receiving"  # listing ends nothing
    finished = json.loads(run("gradual_exits", "--county", areas.county.code, "--finish", "--json"))
    assert finished["finished"] == 1 and [h["household"] for h in finished["households"]] == [e.household_id]
    e.household.refresh_from_db()
    assert e.household.status == "terminated"
    ended = Movement.objects.get(household=e.household, kind=MovementKind.TERMINATE)
    assert (ended.stop_reason, ended.month) == ("employed", datetime.date(2026, 6, 1))
    again = json.loads(run("gradual_exits", "--finish", "--json"))
    assert (again["count"], again["finished"], again["county"]) == (0, 0, None)


def test_gradual_exits_as_text_and_an_unknown_county(areas, users, capsys):
    e = exiting(areas, users)
    lines = run("gradual_exits").splitlines()
    assert lines[0].startswith(f"{e.household.number}\t{areas.haizhou.name}\t赵建国\tlast paid 2026-05")
    assert lines[-1] == "1 households whose gradual exit has ended; --finish ends them"
    with pytest.raises(CommandError, match="210299"):
        run("gradual_exits", "--county", "210299")
    with pytest.raises(CommandError):
        run("gradual_exits", "--county", areas.xinghaiwan.code)  # a street is not a county
    cli.main(["dibao", "gradual-exits", "--finish"])
    assert capsys.readouterr().out.splitlines()[-1] == "1 households ended"
