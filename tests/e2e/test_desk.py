"""The desk on a 390×844 phone, in a real browser: the county logs in and lands on what waits
for it — a run to approve, a case to decide — with the chart strip drawn by ECharts; the items
fit the screen and one tap opens the run."""

from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import timezone

from ..cases.support import standards
from ..desk.support import at_step, checked_run, due_for_review
from .test_application_flow import PASSWORD, log_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def phone(live_server: Any, browser: Any, areas: Any, users: Any) -> Iterator[Any]:
    """The county's desk, open on a 390×844 phone, with a run to approve and a case to decide."""
    standards(areas)
    users.county.set_password(PASSWORD)
    users.county.save()
    due_for_review(areas.haizhou, users.haizhou)
    at_step(areas, users, until="review")
    checked_run(areas, users, timezone.localdate().replace(day=1))
    context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(10_000)
    log_in(page, live_server.url, "c_county")
    page.goto(f"{live_server.url}/")
    yield page
    # Whatever the page still fetches is answered before the test's database is flushed.
    page.wait_for_load_state("networkidle")
    context.close()


def test_the_county_lands_on_its_work_on_a_phone(phone: Any) -> None:
    main = phone.locator("main").inner_text()
    assert "今日工作" in main and "审批发放表" in main and "待我办理的申请" in main
    # The charts are drawn (ECharts' canvas), with the figures in a table below.
    phone.wait_for_selector("#chart-paid canvas")
    phone.wait_for_selector("#chart-applications canvas")
    assert phone.locator("details.desk-figures table tbody tr").count() == 12
    # Every item and chart fits the phone's width.
    rights = phone.eval_on_selector_all(
        "main .desk-item a, main .desk-chart, main .desk-counts a",
        "els => els.map(e => e.getBoundingClientRect().right)",
    )
    assert rights and max(rights) <= 390
    # One tap opens the run to approve.
    with phone.expect_navigation():
        phone.get_by_role("link", name="审批发放表").click()
    assert "/payroll/" in phone.url


def test_the_desk_does_not_overflow_a_phone(phone: Any) -> None:
    assert phone.evaluate("document.documentElement.scrollWidth <= innerWidth")
