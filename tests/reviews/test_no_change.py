"""An annual review's households recorded "no change" in bulk from the worklist: ticked rows, one
post, each review judged and audited on its own, refused rows named with their reason; and the
lists' head names and community filter."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from dibao.benefits.models import Entitlement
from dibao.core.models import AuditEntry
from dibao.policy.services import standard_set
from dibao.registry.services import income_add
from dibao.reviews.models import Outcome, Review, ReviewState
from dibao.reviews.services import campaign_open, reviews_record_no_change
from tests.benefits.support import receiving

WORKLIST = reverse("reviews:worklist")
NO_CHANGE = reverse("reviews:no-change")


@pytest.fixture(autouse=True)
def standards(areas):
    standard_set(
        area=areas.county, data={"kind": "urban", "amount": "360", "valid_from": "2025-01"}, actor=None
    )


def campaign(areas, users, n=3, community=None):  # type: ignore[no-untyped-def]
    """`n` receiving households of 海州 (or `community`) and the street's annual review of them."""
    entitlements = [receiving(community or areas.haizhou, users.haizhou) for _ in range(n)]
    campaign_open(area=areas.xinghaiwan, year=2026, due_on="2026-12-31", actor=users.street)
    return entitlements, list(Review.objects.filter(household__in=[e.household for e in entitlements]))


def review_entries(review: Review) -> int:
    return AuditEntry.objects.filter(object_type="reviews.review", object_id=str(review.pk)).count()


def test_ticked_reviews_are_recorded_no_change_in_one_post_and_a_changed_one_is_named(login, areas, users):
    entitlements, reviews = campaign(areas, users)
    changed = entitlements[0].household
    income_add(
        household=changed, data={"kind": "wage", "amount": "50", "month_from": "2025-01"}, actor=users.haizhou
    )
    client = login(users.haizhou)
    page = client.get(WORKLIST)
    assert 'name="reviews"' in page.content.decode()
    before = {r.pk: review_entries(r) for r in reviews}
    response = client.post(NO_CHANGE, {"reviews": [r.pk for r in reviews]})
    assert response.status_code == 302 and response.url.startswith(WORKLIST)
    texts = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("2" in t and "无变化" in t for t in texts)
    assert any(changed.number in t and "重新" not in t for t in texts)
    for review in reviews:
        review.refresh_from_db()
        if review.household_id == changed.pk:
            assert review.state == ReviewState.OPEN and review_entries(review) == before[review.pk]
            continue
        assert (review.state, review.outcome) == (ReviewState.DECIDED, Outcome.CONTINUE)
        assert review.amount_before == review.amount_after and review.recorded_by == users.haizhou
        assert review_entries(review) == before[review.pk] + 1  # each review audited on its own
        entitlement = Entitlement.objects.get(household_id=review.household_id, month_to__isnull=True)
        assert review.entitlement_id == entitlement.pk and entitlement.next_review > datetime.date(
            2026, 12, 1
        )


def test_the_service_is_set_based_and_refuses_per_row(areas, users, django_assert_max_num_queries):
    _few, reviews = campaign(areas, users, n=2)
    with django_assert_max_num_queries(40) as few:
        done = reviews_record_no_change(reviews=reviews, actor=users.haizhou)
    assert len(done.recorded) == 2 and not done.refused
    # Eight more households and another year's review of all ten: no more queries than for two.
    for _ in range(8):
        receiving(areas.haizhou, users.haizhou)
    campaign_open(area=areas.xinghaiwan, year=2025, due_on="2026-12-31", actor=users.street)
    reviews = list(Review.objects.filter(state=ReviewState.OPEN))
    assert len(reviews) == 10
    with django_assert_max_num_queries(len(few.captured_queries)):
        done = reviews_record_no_change(reviews=reviews, actor=users.haizhou)
    assert len(done.recorded) == 10
    # Recorded once, refused the second time, each with its reason.
    again = reviews_record_no_change(reviews=reviews, actor=users.haizhou)
    assert not again.recorded and set(again.refused) == {r.pk for r in reviews}
    assert all(reason.startswith("该复核") or reason for reason in again.refused.values())


def test_no_review_outside_the_area_is_recorded_and_the_auditor_records_none(login, areas, users):
    _mine, mine = campaign(areas, users, n=1)
    theirs = receiving(areas.liubeiqiao, users.liubeiqiao)
    campaign_open(area=areas.shiqiaopu, year=2026, due_on="2026-12-31", actor=None)
    other = Review.objects.get(household=theirs.household)
    response = login(users.haizhou).post(NO_CHANGE, {"reviews": [other.pk]})
    assert response.status_code == 302
    other.refresh_from_db()
    assert other.state == ReviewState.OPEN
    assert login(users.auditor).post(NO_CHANGE, {"reviews": [mine[0].pk]}).status_code == 403
    assert login(users.haizhou).get(NO_CHANGE).status_code == 405


def test_the_lists_name_the_head_and_filter_by_community(login, areas, users, django_assert_max_num_queries):
    campaign(areas, users, n=2)
    receiving(areas.haiyue, users.street)
    Entitlement.objects.update(next_review=datetime.date(2026, 1, 31))
    client = login(users.street)
    page = client.get(WORKLIST)
    heads = {r.head_name for r in page.context["open"]}
    assert heads and None not in heads
    assert {row.entitlement.head_name for row in page.context["due"]} >= heads
    assert page.context["community_form"].shown
    filtered = client.get(WORKLIST, {"community": areas.haiyue.code})
    assert {r.household.community_id for r in filtered.context["open"]} <= {areas.haiyue.pk}
    assert {row.entitlement.household.community_id for row in filtered.context["due"]} == {areas.haiyue.pk}
    assert not login(users.haizhou).get(WORKLIST).context["community_form"].shown
    with django_assert_max_num_queries(14):
        client.get(WORKLIST, {"community": areas.haizhou.code})
