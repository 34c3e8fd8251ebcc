"""An emergency (急难型) 临时救助 through the pages, in a real browser: the street opens the
household's page after a fire, applies for temporary assistance and grants help first at once;
the month's posting shows it with the name masked; the next payroll run pays it, once, under
`temporary`."""

import datetime
import re
from decimal import Decimal

import pytest

from dibao.assistance.models import OneOffGrant
from dibao.payroll.services import run_draft
from dibao.policy.programs import codes

from ..cases.support import standards
from ..factories import make_household
from .test_application_flow import PASSWORD, log_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_emergency_grant_from_the_street_is_posted_and_paid_once(live_server, page, areas, users):
    standards(areas)  # 360 元 a month: two months' standard is 720
    users.street.set_password(PASSWORD)
    users.street.save()
    household = make_household(areas.haizhou, users.haizhou, head={"name": "欧阳火生"})
    base = live_server.url

    log_in(page, base, "s_xinghaiwan")
    page.goto(f"{base}/households/{household.pk}/")
    with page.expect_navigation():
        page.get_by_role("link", name=re.compile("临时救助|temporary assistance")).first.click()
    page.select_option("#temporary-apply select[name=kind]", "emergency")
    page.fill("#temporary-apply input[name=applicant_name]", "欧阳火生")
    page.fill("#temporary-apply textarea[name=reason]", "房屋失火，生活用品全部烧毁")
    with page.expect_navigation():
        page.click("#temporary-apply button[type=submit].primary")
    assert re.search(r"/assistance/temporary/\d+/help-first/$", page.url), page.url

    # Help first: hardship level 1 is two months of the standard, within the street's limit.
    page.select_option("#help-first select[name=category]", "fire")
    page.fill("#help-first input[name=level]", "1")
    with page.expect_navigation():
        page.click("#help-first button[type=submit].primary")
    grant = OneOffGrant.objects.get()
    assert (grant.program_id, grant.amount, grant.help_first) == (codes.TEMPORARY, Decimal("720.00"), True)

    # The month's posting: the name masked, the amount and the reason shown.
    month = datetime.date.today().replace(day=1)
    page.goto(f"{base}/assistance/temporary/posting/{areas.haizhou.code}/?month={month:%Y-%m}")
    posted = page.locator("main").inner_text()
    assert "720.00" in posted and "欧阳火生" not in posted and "欧" in posted

    # The next run pays it under its program, and a second draft does not pay it again.
    run = run_draft(county=areas.county, month=month, actor=users.county)
    lines = list(run.lines.filter(program_id=codes.TEMPORARY).values_list("household_id", "amount"))
    assert lines == [(household.pk, Decimal("720.00"))]
    run = run_draft(county=areas.county, month=month, actor=users.county)
    assert run.lines.filter(program_id=codes.TEMPORARY).count() == 1
