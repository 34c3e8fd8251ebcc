"""Each kind of work the apps register for the desk (`core.work`): who sees it, in which area, and
what an item carries — and nothing for a role that cannot act on it."""

import datetime

import pytest
from django.utils import timezone

from dibao.assistance.services.temporary import temporary_help_first
from dibao.benefits.models import Entitlement
from dibao.cases import services as cases
from dibao.cases.models import State
from dibao.core.work import WORK
from dibao.desk.worklist import worklist
from dibao.payroll import services as payroll
from dibao.payroll.models import RunState
from dibao.policy.programs import codes
from dibao.reviews.services import review_open
from tests.assistance.test_temporary import emergency
from tests.cases.support import standards
from tests.factories import id_number, make_household

from .support import at_step, checked_run, due_for_review

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_force(areas):
    standards(areas)


def kinds(user):
    return {batch.kind: batch for batch in worklist(user, timezone.localdate()).batches}


def test_a_worker_sees_the_applications_at_their_step_with_head_community_and_deadline(areas, users):
    app = at_step(areas, users, until="accept")  # accepted: the community investigates
    batch = kinds(users.haizhou)["application"]
    assert batch.count == 1
    (item,) = batch.items
    assert (item.household, item.community, item.program) == (app.household.number, "海州社区", codes.DIBAO)
    assert item.head_name == app.household.members.get(relation="self").name
    assert item.due == app.due_on and not item.overdue
    assert item.url == f"/cases/{app.pk}/"
    assert item.title == "入户调查"
    # Not the street's step, nor another community's.
    assert "application" not in kinds(users.street)
    assert "application" not in kinds(users.liubeiqiao)


def test_overdue_applications_come_first_and_say_so(areas, users):
    later = at_step(areas, users, until="accept")
    late = at_step(areas, users, until="accept")
    late.__class__.objects.filter(pk=late.pk).update(due_on=timezone.localdate() - datetime.timedelta(days=3))
    items = kinds(users.haizhou)["application"].items
    assert [i.household for i in items] == [late.household.number, later.household.number]
    assert items[0].overdue and not items[1].overdue


def test_the_street_sees_what_waits_for_its_review_and_the_county_its_decision(areas, users):
    app = at_step(areas, users, until="close_notice")
    assert app.state == State.NOTICE_CLOSED
    (item,) = kinds(users.street)["application"].items
    assert item.title == "街道审核" and item.household == app.household.number
    cases.transition(application=app, step="review", data={"opinion": "同意"}, actor=users.street)
    (decide,) = kinds(users.county)["application"].items
    assert decide.title == "审批" and decide.url == f"/cases/{app.pk}/"


def test_a_notice_ended_asks_to_be_closed(areas, users):
    app = at_step(areas, users, until="post_notice")  # posted ten days ago: ended
    batch = kinds(users.haizhou)["notice"]
    (item,) = batch.items
    assert item.household == app.household.number and item.overdue
    assert item.title == "公示期满，结束公示"
    assert "notice" not in kinds(users.county)  # the county does not close notices
    # Not listed twice: an application under notice waits under the notice only.
    assert "application" not in kinds(users.haizhou)


def test_the_street_sees_its_reviews_due_and_the_community_only_its_own(areas, users):
    mine = due_for_review(areas.haizhou, users.haizhou)
    other = due_for_review(areas.liubeiqiao, users.liubeiqiao)
    later = due_for_review(
        areas.haizhou, users.haizhou, on=timezone.localdate() + datetime.timedelta(days=62)
    )
    street = kinds(users.street)["review_due"]
    assert [i.household for i in street.items] == [mine.household.number]
    assert street.items[0].url == f"/reviews/new/{mine.household_id}/"
    assert later.household.number not in str(street.items)
    assert other.household.number not in str(kinds(users.haizhou)["review_due"].items)
    assert kinds(users.county)["review_due"].count == 2
    # Once opened, the review itself is the item (to record), not the household again.
    review = review_open(household=mine.household, actor=users.haizhou)
    batch = kinds(users.haizhou)["review_due"]
    assert batch.count == 1 and batch.items[0].url == f"/reviews/{review.pk}/"


def test_the_county_sees_a_run_waiting_for_its_approval_and_the_street_its_check(areas, users):
    due_for_review(areas.haizhou, users.haizhou)  # a receiving household to pay
    month = timezone.localdate().replace(day=1)
    draft = payroll.run_draft(county=areas.county, month=month, actor=users.county)
    (item,) = kinds(users.street)["payroll_run"].items
    assert item.url == f"/payroll/{draft.pk}/" and "核对" in item.title
    assert "payroll_run" not in kinds(users.haizhou)
    run = checked_run(areas, users, month)
    assert run.state == RunState.CHECKED
    assert "payroll_run" not in kinds(users.street)  # checked: nothing left for the street
    (item,) = kinds(users.county)["payroll_run"].items
    assert item.url == f"/payroll/{run.pk}/" and "审批" in item.title


def test_a_county_with_no_run_for_the_month_is_asked_to_draft_it(areas, users):
    batch = kinds(users.county)["payroll_run"]
    assert batch.count == 1 and batch.items[0].url == "/payroll/"
    assert f"{timezone.localdate():%Y-%m}" in batch.items[0].title


def test_the_auditor_and_the_administrator_have_nothing_to_act_on(areas, users):
    at_step(areas, users, until="close_notice")
    due_for_review(areas.haizhou, users.haizhou)
    checked_run(areas, users, timezone.localdate().replace(day=1))
    assert worklist(users.auditor, timezone.localdate()).batches == []
    assert worklist(users.admin, timezone.localdate()).batches == []


def test_people_found_are_counted_in_sql_and_listed_with_their_head(areas, users):
    # A person of 85 who receives no elderly allowance and for whom nobody has applied.
    born = datetime.date(timezone.localdate().year - 85, 1, 1)
    head = {"name": "王老汉", "id_number": id_number(born), "relation": "self"}
    elderly = make_household(areas.haizhou, users.haizhou, head=head)
    for _ in range(3):
        make_household(areas.liubeiqiao, users.liubeiqiao, head={**head, "id_number": id_number(born)})
    mine = kinds(users.haizhou)["found"]
    assert mine.count == 1
    (item,) = mine.items
    assert (item.program, item.household, item.head_name) == (
        codes.ELDERLY_ALLOWANCE,
        elderly.number,
        "王老汉",
    )
    assert item.url.startswith("/cases/new/?") and f"household={elderly.pk}" in item.url
    county = WORK._sources["found"](users.county, timezone.localdate(), 2)
    assert county.count == 4 and len(county.items) == 2
    assert "found" not in kinds(users.auditor)


def test_help_given_first_shows_its_paperwork_due_and_not_again_among_the_applications(areas, users):
    app = emergency(areas, users)
    temporary_help_first(
        application=app, data={"category": "fire", "level": "1", "reason": "房屋失火"}, actor=users.street
    )
    app.refresh_from_db()
    mine = kinds(users.haizhou)
    (item,) = mine["help_first"].items
    assert (item.program, item.household, item.url) == (
        codes.TEMPORARY,
        app.household.number,
        f"/cases/{app.pk}/",
    )
    assert item.due == app.due_on and item.title.startswith("补办手续")
    assert "application" not in mine
    assert "help_first" not in kinds(users.liubeiqiao) and "help_first" not in kinds(users.auditor)


def test_households_taken_over_with_members_to_register(areas, users):
    entitlement = due_for_review(
        areas.haizhou, users.haizhou, on=timezone.localdate() + datetime.timedelta(days=90)
    )
    Entitlement.objects.filter(pk=entitlement.pk).update(persons=3)  # paid for three, one registered
    (item,) = kinds(users.haizhou)["household_to_complete"].items
    assert item.household == entitlement.household.number and item.title == "已登记1人，应登记3人"
    assert item.url == f"/households/{entitlement.household_id}/"
    assert "household_to_complete" not in kinds(users.liubeiqiao)
    assert "household_to_complete" not in kinds(users.auditor)
