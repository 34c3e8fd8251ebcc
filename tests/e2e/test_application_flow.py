"""One application from submission to approval through the pages, in a real browser: the community
worker creates, submits and accepts it, records the home investigation by two investigators, marks
it investigated, posts the notice and closes it; the street reviews; the county approves. The
household's page then shows it receiving, with its monthly amount."""

import datetime
import re

import pytest
from django.utils import timezone

from dibao.cases.checklist import REQUIRED
from dibao.cases.models import Application, Kind, State
from dibao.registry.services import income_add

from ..cases.support import standards
from ..factories import make_household

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "Case-pass-2026"


def log_in(page, base: str, username: str) -> None:
    page.context.clear_cookies()  # the previous user is logged out
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit].primary")
    page.wait_for_load_state()
    assert "/accounts/login/" not in page.url, page.locator("main").inner_text()


def take(page, form_id: str) -> None:
    """Press the form's main button and wait for the answer (the case page again)."""
    with page.expect_navigation():
        page.click(f"#{form_id} button[type=submit].primary")
    errors = page.locator(".form-errors, .errorlist")
    assert errors.count() == 0, errors.first.inner_text()


def state_of(application_id: int) -> str:
    return Application.objects.get(pk=application_id).state


def test_from_submission_to_approval_through_the_pages(live_server, page, areas, users):
    standards(areas)
    for user in (users.haizhou, users.street, users.county):
        user.set_password(PASSWORD)
        user.save()
    household = make_household(areas.haizhou, users.haizhou, members=2, head={"name": "赵铁柱"})
    income_add(
        household=household,
        data={"kind": "wage", "amount": "600", "month_from": "2020-01"},
        actor=users.haizhou,
    )
    base = live_server.url

    # The community worker: create, submit, accept.
    log_in(page, base, "w_haizhou")
    page.goto(f"{base}/households/{household.pk}/")
    with page.expect_navigation():
        page.click(f"a[href='/cases/new/?household={household.pk}']")
    assert page.input_value("input[name=applicant_name]") == "赵铁柱"
    page.fill("textarea[name=reason]", "夫妻二人失业，收入不足")
    with page.expect_navigation():
        page.click("#application-create button[type=submit].primary")
    match = re.search(r"/cases/(\d+)/$", page.url)
    assert match, page.url
    app_id = int(match[1])
    case_url = f"{base}/cases/{app_id}/"
    take(page, "step-submit")
    assert state_of(app_id) == State.SUBMITTED
    # The checklist: the application form uploaded, every other paper seen on the desk, ticked
    # on the checklist and saved at once.
    first, *others = REQUIRED[Kind.NEW]
    page.eval_on_selector("#materials details", "d => d.open = true")
    page.select_option("select[name=material-kind]", first)
    page.set_input_files(
        "input[name=material-file]",
        files=[{"name": "申请书.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 demo"}],
    )
    take(page, "material-add")
    for kind in others:
        page.check(f"input[name=checklist-kinds][value={kind}]")
    take(page, "materials-check")
    assert "missing-materials" not in page.content()
    # Accepted ten days ago: the notice that follows may not be dated before it.
    accepted_on = timezone.localdate() - datetime.timedelta(days=10)
    page.fill("input[name=accept-accepted_on]", accepted_on.isoformat())
    take(page, "step-accept")
    assert state_of(app_id) == State.ACCEPTED

    # The home investigation by two, then the step.
    page.fill("input[name=investigation-investigators]", "张明, 李华")
    page.fill("textarea[name=investigation-housing]", "两居室，约50平方米")
    page.fill("textarea[name=investigation-conclusion]", "情况属实")
    page.check("input[name=investigation-signed_by_investigators]")
    take(page, "investigation-add")
    assert "张明、李华" in page.locator("#investigations").inner_text()
    take(page, "step-investigate")
    assert state_of(app_id) == State.INVESTIGATED

    # The public notice, posted ten days ago so that it has ended; then closed.
    with page.expect_navigation():
        page.click("#step-post_notice a.button.primary")
    assert page.is_checked(f"input[name=applications][value='{app_id}']")
    posted_on = timezone.localdate() - datetime.timedelta(days=10)
    page.fill("input[name=posted_on]", posted_on.isoformat())
    with page.expect_navigation():
        page.click("#notice-create button[type=submit].primary")
    assert page.url == case_url  # back to the case the notice was posted from
    assert state_of(app_id) == State.UNDER_NOTICE
    take(page, "step-close_notice")
    assert state_of(app_id) == State.NOTICE_CLOSED

    # The street reviews.
    log_in(page, base, "s_xinghaiwan")
    page.goto(case_url)
    page.fill("textarea[name=review-opinion]", "经审核，情况属实，同意")
    # No economic check result is recorded: the street confirms going on, and says why.
    page.check("input[name=review-without_check]")
    page.fill("textarea[name=review-without_check_reason]", "核对平台维护，已电话核实")
    take(page, "step-review")
    assert state_of(app_id) == State.REVIEWED

    # The county approves the assessed amount, which the form shows already.
    log_in(page, base, "c_county")
    page.goto(case_url)
    assert page.input_value("input[name=approve-amount]") == "480.00"
    page.check("input[name=approve-without_check]")
    page.fill("textarea[name=approve-without_check_reason]", "核对平台维护，街道已电话核实")
    take(page, "step-approve")
    assert state_of(app_id) == State.APPROVED
    assert "480.00" in page.locator("#decided-amount").inner_text()

    # The household receives, with its monthly amount; in English on the switch too.
    page.goto(f"{base}/households/{household.pk}/")
    status = page.locator("h1 .status")
    assert "status-receiving" in (status.get_attribute("class") or "")
    assert "在保" in status.inner_text()
    assert "480.00" in page.locator("table.entitlements").inner_text()
    with page.expect_navigation():
        page.click("form.langswitch button[type=submit]")
    assert "Receiving" in page.locator("h1 .status").inner_text()
