"""The complaints pages on a phone at 390 px: the list, the intake form, a complaint with its
timeline and step forms, and the report's wide table, none wider than the screen."""

import pytest

from dibao.complaints import services

from ..complaints.support import receive, setting
from .test_application_flow import PASSWORD, log_in
from .test_phone_layout import no_page_overflow

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def phone(browser):  # type: ignore[no-untyped-def]
    context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def test_the_complaints_pages_fit_a_phone(live_server, phone, areas, users):
    made = setting(areas, users)
    complaint = receive(users.haizhou, household=made.household, summary="反映该户" * 40)
    complaint = services.complaint_accept(complaint=complaint, owner=users.haizhou, actor=users.street)
    services.note_add(complaint=complaint, text="入户核实，" * 30, actor=users.haizhou)
    users.street.set_password(PASSWORD)
    users.street.save()
    log_in(phone, live_server.url, "s_xinghaiwan")
    for path in (
        "/complaints/",
        "/complaints/new/",
        f"/complaints/{complaint.pk}/",
        "/complaints/report/?area=210204001000&month=2026-03&to=2026-12",
    ):
        response = phone.goto(f"{live_server.url}{path}")
        assert response is not None and response.status == 200, path
        no_page_overflow(phone, path)
