"""The review pages: the worklist, reporting a change, recording it, the street's approval."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from dibao.benefits.models import Entitlement
from dibao.policy.services import standard_set
from dibao.registry.services import income_add
from dibao.reviews.models import Review, ReviewState
from dibao.reviews.services import review_open
from tests.benefits.support import receiving
from tests.cases.page_support import english

WORKLIST = reverse("reviews:worklist")


@pytest.fixture(autouse=True)
def standards(areas):
    standard_set(
        area=areas.county, data={"kind": "urban", "amount": "360", "valid_from": "2025-01"}, actor=None
    )


def due_now(entitlement):  # type: ignore[no-untyped-def]
    Entitlement.objects.filter(pk=entitlement.pk).update(next_review=datetime.date(2026, 1, 31))


def test_the_worklist_shows_due_open_and_waiting_reviews_of_the_area_only(login, areas, users):
    mine = receiving(areas.haizhou, users.haizhou)
    other = receiving(areas.liubeiqiao, users.liubeiqiao)
    due_now(mine)
    due_now(other)
    page = login(users.haizhou).get(WORKLIST)
    assert page.status_code == 200
    text = page.content.decode()
    assert mine.household.number in text and other.household.number not in text
    assert "已超期" in text
    assert page.context["campaign_form"] is None  # a community does not open campaigns
    assert login(users.street).get(WORKLIST).context["campaign_form"] is not None


def test_the_worklist_runs_a_bounded_number_of_queries(login, areas, users, django_assert_max_num_queries):
    client = login(users.street)
    for _ in range(3):
        due_now(receiving(areas.haizhou, users.haizhou))
    with django_assert_max_num_queries(12) as few:
        client.get(WORKLIST)
    for _ in range(6):
        e = receiving(areas.haizhou, users.haizhou)
        due_now(e)
        review_open(household=e.household, actor=users.haizhou)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(WORKLIST)


def test_report_a_change_record_it_and_see_the_new_amount(login, areas, users):
    e = receiving(areas.haizhou, users.haizhou)
    income_add(
        household=e.household,
        data={"kind": "other", "amount": "50", "month_from": "2025-06"},
        actor=users.haizhou,
    )
    client = english(login(users.haizhou))
    create = reverse("reviews:review-create", args=[e.household_id])
    refused = client.post(create, {"kind": "change"})
    assert refused.status_code == 200 and "Say what changed." in refused.content.decode()
    assert not Review.objects.exists()
    opened = client.post(create, {"kind": "change", "change_kind": "income", "occurred_on": "2026-02-01"})
    review = Review.objects.get()
    assert opened.status_code == 302 and opened.url == reverse("reviews:review-detail", args=[review.pk])
    detail = opened.url
    wrong = client.post(detail, {"outcome": "raise", "effective_on": "2026-12-01", "version": review.version})
    assert wrong.status_code == 200 and "not more than 260.00" in wrong.content.decode()
    done = client.post(
        detail,
        {"outcome": "lower", "effective_on": "2026-12-01", "checked_income": "on", "version": review.version},
    )
    assert done.status_code == 302
    page = client.get(detail).content.decode()
    assert 'id="amount-after">210.00' in page and 'id="explanation"' in page
    assert Entitlement.objects.get(household=e.household, month_to__isnull=True).amount == Decimal("210.00")


def test_the_street_approves_a_suspension_the_community_proposed(login, areas, users):
    e = receiving(areas.haizhou, users.haizhou)
    review = review_open(household=e.household, actor=users.haizhou)
    detail = reverse("reviews:review-detail", args=[review.pk])
    login(users.haizhou).post(
        detail,
        {
            "outcome": "suspend",
            "effective_on": "2026-12-01",
            "stop_reason": "absent",
            "reason_text": "长期外出，联系不上",
            "version": review.version,
        },
    )
    review.refresh_from_db()
    assert review.state == ReviewState.PROPOSED
    assert login(users.haizhou).post(reverse("reviews:review-approve", args=[review.pk])).status_code == 403
    assert login(users.liubeiqiao).get(detail).status_code == 404
    street = login(users.street)
    assert "审批" in street.get(detail).content.decode()
    street.post(reverse("reviews:review-approve", args=[review.pk]), {"version": review.version})
    review.refresh_from_db()
    e.household.refresh_from_db()
    assert review.state == ReviewState.DECIDED and e.household.status == "suspended"


def test_an_auditor_reads_but_cannot_record(login, areas, users):
    e = receiving(areas.haizhou, users.haizhou)
    review = review_open(household=e.household, actor=users.haizhou)
    client = login(users.auditor)
    page = client.get(reverse("reviews:review-detail", args=[review.pk]))
    assert page.status_code == 200 and page.context["form"] is None
    client.post(reverse("reviews:review-detail", args=[review.pk]), {"outcome": "continue"})
    review.refresh_from_db()
    assert review.state == ReviewState.OPEN
    assert client.get(reverse("reviews:review-create", args=[e.household_id])).status_code == 403


def test_the_notice_of_a_review_without_one_leads_back_to_the_review_saying_why(login, areas, users):
    review = review_open(household=receiving(areas.haizhou, users.haizhou).household, actor=users.haizhou)
    client = login(users.haizhou)
    answer = client.get(reverse("reviews:review-notice", args=[review.pk]))
    assert answer.status_code == 302 and answer.url == reverse("reviews:review-detail", args=[review.pk])
    assert "只有已决定的调减、暂停、停保或渐退才有告知书。" in client.get(answer.url).content.decode()
