"""A community dibao worker's day in a real browser: log in, find a household by pinyin initials,
open it, and import a roster with one bad row and read what is wrong with it."""

import re

import pytest

from dibao.registry.models import Household

from ..factories import bad_check_digit, id_number, make_household
from ..registry.roster.files import csv_bytes, row

pytestmark = pytest.mark.django_db(transaction=True)


def test_log_in_search_open_and_import(live_server, page, areas, users, tmp_path):
    users.haizhou.set_password("Worker-pass-2026")
    users.haizhou.save()
    household = make_household(
        areas.haizhou, users.haizhou, address="海州街8号", head={"name": "张三丰", "id_number": id_number()}
    )
    make_household(areas.haizhou, users.haizhou, head={"name": "李四", "id_number": id_number()})

    page.goto(f"{live_server.url}/")
    page.fill("input[name=username]", "w_haizhou")
    page.fill("input[name=password]", "Worker-pass-2026")
    page.click("button[type=submit].primary")
    page.wait_for_load_state()
    # The desk first (what waits today), the register one click away.
    assert page.url == f"{live_server.url}/", page.locator("main").inner_text()
    page.click("main .actions a[href$='/households/']")
    page.wait_for_url(re.compile(r"/households/$"))

    page.fill("input[name=q]:not([type=hidden])", "zsf")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"q=zsf"))
    rows = page.locator("table tbody tr")
    assert rows.count() == 1
    assert "张三丰" in rows.first.inner_text() and "李四" not in page.content()

    page.click(f"a[href$='/households/{household.pk}/']")
    page.wait_for_url(re.compile(rf"/households/{household.pk}/$"))
    assert household.number in page.content() and "海州街8号" in page.content()
    assert "********" in page.content()  # the ID number is masked

    good, other = id_number(), id_number()
    roster = tmp_path / "名册.csv"
    roster.write_bytes(
        csv_bytes(
            [row(good, "王五", good), row(good, "王小五", bad_check_digit(other), "子女")], encoding="gb18030"
        )
    )
    page.goto(f"{live_server.url}/roster/")
    page.set_input_files("input[type=file]", str(roster))
    page.click("button[type=submit].primary")
    page.wait_for_url(re.compile(r"/roster/imports/\d+/"))
    errors = page.locator("table.errors")
    assert "3" in errors.inner_text() and "身份证号" in errors.inner_text()
    assert "校验位" in errors.inner_text()
    assert not Household.objects.filter(address="海州街1号").exists()
