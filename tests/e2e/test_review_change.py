"""A reported change through the pages, in a real browser: the community worker reports that a
household's income rose, records the review, sees the lowered amount with its explanation, and
finds the household in the change report (变更情况)."""

import datetime

import pytest
from django.utils import timezone

from dibao.benefits.models import Entitlement
from dibao.core.months import add_months
from dibao.policy.services import standard_set
from dibao.registry.services import income_add
from dibao.reviews.models import Review, ReviewState

from ..benefits.support import receiving
from .test_application_flow import PASSWORD, log_in, take

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_reported_change_lowers_the_amount_and_shows_in_the_change_report(live_server, page, areas, users):
    standard_set(
        area=areas.county, data={"kind": "urban", "amount": "360", "valid_from": "2025-01"}, actor=None
    )
    users.haizhou.set_password(PASSWORD)
    users.haizhou.save()
    entitlement = receiving(areas.haizhou, users.haizhou)  # 260 a month
    household = entitlement.household
    income_add(
        household=household,
        data={"kind": "other", "amount": "50", "month_from": "2025-06"},
        actor=users.haizhou,
    )
    today = timezone.localdate()
    effective = add_months(today.replace(day=1), 1)
    base = live_server.url

    log_in(page, base, "w_haizhou")
    page.goto(f"{base}/households/{household.pk}/")
    with page.expect_navigation():
        page.click(f"a[href='/reviews/new/{household.pk}/']")
    page.select_option("select[name=change_kind]", "income")
    page.fill("input[name=occurred_on]", (today - datetime.timedelta(days=3)).isoformat())
    page.fill("textarea[name=description]", "子女打零工，每月增加收入50元")
    with page.expect_navigation():
        page.click("form button[type=submit].primary")
    review = Review.objects.get(household=household)
    assert page.url.endswith(f"/reviews/{review.pk}/")

    page.check("input[name=checked_income]")
    page.select_option("select[name=outcome]", "lower")
    page.fill("input[name=effective_on]", effective.isoformat())
    take(page, "record")
    review.refresh_from_db()
    assert review.state == ReviewState.DECIDED
    assert page.locator("#amount-after").inner_text().strip() == "210.00"
    explanation = page.locator("#explanation").inner_text()
    assert "210" in explanation and "360" in explanation
    assert Entitlement.objects.get(household=household, month_to__isnull=True).amount == 210

    page.goto(
        f"{base}/reviews/changes/?area={areas.haizhou.code}&from={today.isoformat()}&to={today.isoformat()}"
    )
    report = page.locator("main").inner_text()
    assert household.number in report
