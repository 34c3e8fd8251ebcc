"""The labour sign-in on a phone (390×844), in a real browser: the community worker opens today's
session, ticks two of the three people on the list, saves it once, and sees them counted; the
page's content stays within the phone's width (the header is not this page's)."""

import pytest
from django.utils import timezone

from dibao.labour import services
from dibao.labour.models import Attendance

from ..cases.support import standards
from ..labour.support import group_of
from .test_application_flow import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

# How far the main content reaches past its box, and past the phone's screen.
OVERFLOW = """() => {
  const main = document.querySelector('.labour-main');
  const box = main.getBoundingClientRect();
  const wider = [...main.querySelectorAll('*')]
    .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1);
  return {scroll: main.scrollWidth - main.clientWidth, right: box.right - window.innerWidth,
          wider: wider.slice(0, 5).map(e => e.tagName + '.' + e.className)};
}"""


def test_the_sign_in_list_on_a_phone(live_server, browser, areas, users):
    standards(areas)
    users.haizhou.set_password(PASSWORD)
    users.haizhou.save()
    made = group_of(areas.haizhou, users.haizhou, people=3)
    today = timezone.localdate().isoformat()
    [session] = services.sessions_schedule(
        group=made.group,
        data={
            "weekdays": "0,1,2,3,4,5,6",
            "date_from": today,
            "date_to": today,
            "starts_at": "09:00",
            "ends_at": "11:00",
            "working_days_only": "0",
        },
        actor=users.haizhou,
    )
    context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    base = live_server.url
    try:
        page.goto(f"{base}/accounts/login/")
        page.fill("input[name=username]", "w_haizhou")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit].primary")
        page.wait_for_load_state()
        page.goto(f"{base}/labour/sessions/{session.pk}/")
        rows = page.locator("#sign-list .labour-list li")
        assert rows.count() == 3
        # Each row is a target a thumb can hit: the whole line toggles its box.
        assert all(rows.nth(i).bounding_box()["height"] >= 44 for i in range(3))
        page.locator("#sign-list label", has_text=made.heads[0].name).click()
        page.locator("#sign-list label", has_text=made.heads[1].name).click()
        with page.expect_navigation():
            page.click("#sign-list button[type=submit].primary")
        assert page.locator("#signed-count").inner_text().startswith("3 人中已到 2 人")
        assert page.locator("#sign-list input[name=present]:checked").count() == 2
        statuses = dict(Attendance.objects.filter(session=session).values_list("member_id", "status"))
        assert statuses == {
            made.heads[0].pk: "present",
            made.heads[1].pk: "present",
            made.heads[2].pk: "unexcused",
        }
        overflow = page.evaluate(OVERFLOW)
        assert overflow["scroll"] <= 1 and overflow["right"] <= 1 and overflow["wider"] == [], overflow
        # The card's code, typed as a scanner would type it, signs the third in.
        page.fill("input[name=code]", made.joined[2].code)
        with page.expect_navigation():
            page.click(".labour-code button[type=submit]")
        assert page.locator("#signed-count").inner_text().startswith("3 人中已到 3 人")
    finally:
        context.close()
