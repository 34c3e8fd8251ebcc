"""Every screen on a phone, in a real browser at 390×844: no page is wider than the screen (a wide
table scrolls inside its own box), and the header folds behind a menu button that, opened by
mouse or keyboard, shows the sections and 退出登录. At 1280 px the whole header shows as before."""

import datetime
import io

import pytest
from PIL import Image

from dibao.assistance.services.temporary import temporary_apply, temporary_help_first
from dibao.cases.models import Material, MaterialKind
from dibao.payroll.services import run_draft
from dibao.reviews.services import review_open

from ..benefits.support import receiving
from ..cases.support import application, standards
from ..factories import make_household
from .test_application_flow import PASSWORD, log_in

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser):  # type: ignore[no-untyped-def]
    context = browser.new_context(locale="zh-CN", viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def county_story(areas, users):  # type: ignore[no-untyped-def]
    """Something on every page the test opens: a receiving household with a long address, an
    application under investigation, a review, a payroll run and a temporary grant."""
    standards(areas)
    for user in (users.haizhou, users.street, users.county, users.auditor):
        user.set_password(PASSWORD)
        user.save()
    entitlement = receiving(
        areas.haizhou,
        users.haizhou,
        address="星海湾街道海州社区石桥路三十一号院六号楼三单元二层二〇一室（东户）",
        month=datetime.date(2020, 1, 1),
    )
    case = application(areas, users, until="accept")
    review = review_open(household=entitlement.household, actor=users.haizhou)
    month = datetime.date.today().replace(day=1)
    run = run_draft(county=areas.county, month=month, actor=users.county)
    fire = temporary_apply(
        community=areas.haizhou,
        data={
            "household": make_household(areas.haizhou, users.haizhou).pk,
            "kind": "emergency",
            "reason": "房屋失火",
        },
        actor=users.haizhou,
    )
    temporary_help_first(
        application=fire, data={"category": "fire", "level": "1", "reason": "房屋失火"}, actor=users.street
    )
    return {"household": entitlement.household, "case": case, "review": review, "run": run}


def no_page_overflow(page, path: str) -> None:
    widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"{path} is {widths[0]} px wide on a {widths[1]} px screen"


def log_out_reachable(page, path: str) -> None:
    log_out = page.get_by_role("button", name="退出登录")
    assert not log_out.is_visible(), f"{path}: the menu starts closed"
    menu = page.locator(".menu-button")
    assert menu.is_visible() and menu.get_attribute("aria-expanded") == "false"
    menu.click()
    assert menu.get_attribute("aria-expanded") == "true"
    assert log_out.is_visible(), path
    box = log_out.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], path
    no_page_overflow(page, path)  # opened, the menu is no wider than the screen either
    menu.click()
    assert not log_out.is_visible()


def visit(page, base: str, path: str) -> None:
    response = page.goto(f"{base}{path}")
    assert response is not None and response.status == 200, path
    no_page_overflow(page, path)
    log_out_reachable(page, path)


def test_every_page_fits_a_phone_and_log_out_stays_in_reach(live_server, phone, areas, users, county_story):
    base = live_server.url
    story = county_story
    log_in(phone, base, "w_haizhou")
    for path in (
        "/households/",
        f"/households/{story['household'].pk}/",
        f"/cases/{story['case'].pk}/",
        f"/reviews/new/{story['household'].pk}/",
        f"/reviews/{story['review'].pk}/",
        "/assistance/temporary/new/",
        "/assistance/grants/?program=temporary",
    ):
        visit(phone, base, path)

    log_in(phone, base, "c_county")
    statistics = "/statistics/?by=street&by=benefit_class&by=category"
    for path in (f"/payroll/{story['run'].pk}/", "/payroll/", "/policy/programs/", "/policy/", statistics):
        visit(phone, base, path)

    log_in(phone, base, "a_auditor")
    visit(phone, base, "/audit/")


def test_the_menu_opens_from_the_keyboard(live_server, phone, areas, users):
    users.haizhou.set_password(PASSWORD)
    users.haizhou.save()
    base = live_server.url
    log_in(phone, base, "w_haizhou")
    phone.goto(f"{base}/households/")
    menu = phone.locator(".menu-button")
    menu.focus()
    phone.keyboard.press("Enter")
    assert menu.get_attribute("aria-expanded") == "true"
    households = phone.locator(".mainnav a[aria-current=page]")
    assert households.is_visible() and households.inner_text() == "家庭户"
    # Tab goes from the button into the opened menu, down to 退出登录.
    log_out = phone.get_by_role("button", name="退出登录")
    for _ in range(20):
        phone.keyboard.press("Tab")
        if log_out.evaluate("el => el === document.activeElement"):
            break
    else:
        pytest.fail("退出登录 cannot be reached with the keyboard")
    with phone.expect_navigation():
        phone.keyboard.press("Enter")
    assert "/accounts/login/" in phone.url


def test_the_whole_header_shows_on_a_desktop(live_server, page, areas, users):
    users.county.set_password(PASSWORD)
    users.county.save()
    page.set_viewport_size({"width": 1280, "height": 800})
    base = live_server.url
    log_in(page, base, "c_county")
    page.goto(f"{base}/households/")
    assert not page.locator(".menu-button").is_visible()
    for name in ("家庭户", "政策", "低保申请", "低保金发放", "复核"):
        assert page.locator(".mainnav").get_by_role("link", name=name, exact=True).is_visible(), name
    assert page.get_by_role("button", name="退出登录").is_visible()
    no_page_overflow(page, "/households/ at 1280 px")
    header = page.locator(".topbar").bounding_box()
    assert header is not None and header["height"] <= 60  # one line, not folded


def test_a_home_investigation_with_photos_at_the_door(live_server, phone, areas, users, tmp_path):
    standards(areas)
    users.haizhou.set_password(PASSWORD)
    users.haizhou.save()
    case = application(areas, users, until="accept")
    photo = tmp_path / "门口.jpg"
    image = io.BytesIO()
    Image.new("RGB", (320, 240), (180, 160, 140)).save(image, "JPEG")
    photo.write_bytes(image.getvalue())
    base = live_server.url

    log_in(phone, base, "w_haizhou")
    phone.goto(f"{base}/cases/{case.pk}/")
    form = phone.locator("#investigation-add")
    form.scroll_into_view_if_needed()
    assert form.is_visible()
    camera = form.locator("input[type=file]")
    assert camera.get_attribute("capture") == "environment" and camera.get_attribute("accept") == "image/*"
    box = form.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    no_page_overflow(phone, "the case page with its investigation form")

    form.locator("input[name=investigation-visited_on]").fill(datetime.date.today().isoformat())
    form.locator("input[name=investigation-investigators]").fill("张明, 李华")
    form.locator("textarea[name=investigation-housing]").fill("两居室，家具陈旧")
    camera.set_input_files([str(photo)])
    with phone.expect_navigation():
        form.locator("button[type=submit].primary").click()
    assert phone.locator(".form-errors, .errorlist").count() == 0
    photos = Material.objects.filter(application=case, kind=MaterialKind.PHOTO)
    assert photos.count() == 1
    assert photos.get().note in phone.locator("#materials").inner_text()
