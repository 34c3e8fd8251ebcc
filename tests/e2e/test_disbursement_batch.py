"""A county's disbursement batch on a phone (390 px): one officer makes it from the grants waiting,
another approves it and writes its bank file, whose job page offers the file; no page is wider than
the screen."""

import datetime
import os

import pytest

from dibao.assistance.models import BatchState, DisbursementBatch
from dibao.core.roles import Role

from ..assistance.test_batches import grant, paid_in
from ..cases.support import standards
from ..factories import UserFactory
from .test_application_flow import PASSWORD, log_in

pytestmark = pytest.mark.django_db(transaction=True)


def fits(page) -> None:  # type: ignore[no-untyped-def]
    """The page's own content is no wider than the phone (the site's header is the base's)."""
    width = page.evaluate("document.querySelector('main').scrollWidth")
    assert width <= 390, f"{page.url}: the content is {width} px wide"


def test_a_batch_is_made_approved_and_sent_on_a_phone(live_server, browser, areas, users, tmp_path):
    standards(areas)
    paid_in(areas, "batch")
    grant(areas, users, day=datetime.date(2026, 1, 20))
    second = UserFactory.create(username="c_second", role=Role.COUNTY, area=areas.county)
    for user in (users.county, second):
        user.set_password(PASSWORD)
        user.save()
    context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
    page = context.new_page()
    base = live_server.url
    try:
        log_in(page, base, "c_county")
        page.goto(f"{base}/assistance/batches/")
        fits(page)
        page.select_option("#batch-create select[name=program]", "temporary")
        with page.expect_navigation():
            page.click("#batch-create button[type=submit]")
        batch = DisbursementBatch.objects.get()
        assert page.url.endswith(f"/assistance/batches/{batch.pk}/")
        assert "720.00" in page.locator("#batch-amount").inner_text()
        fits(page)
        log_in(page, base, "c_second")
        page.goto(f"{base}/assistance/batches/{batch.pk}/")
        with page.expect_navigation():
            page.get_by_role("button", name="批准该批次").click()
        assert DisbursementBatch.objects.get().state == BatchState.APPROVED
        with page.expect_navigation():
            page.get_by_role("button", name="生成代发文件").click()
        assert "/jobs/" in page.url
        if os.environ.get("DIBAO_SCREENSHOTS"):
            page.goto(f"{base}/assistance/batches/{batch.pk}/")
            page.screenshot(path=os.environ["DIBAO_SCREENSHOTS"] + "/batch.png", full_page=True)
        assert DisbursementBatch.objects.get().state == BatchState.EXPORTED
    finally:
        context.close()
