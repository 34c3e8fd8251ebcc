"""The audit trail as an auditor reads it: what was done in words (a case's step, a payroll's
approval — never a key or a message template), to which household (number and head) or area,
fields by the names the forms use, before → after, times in the county's time zone to the second;
filters by person, household, kind and dates; the same rows as a workbook; bounded queries."""

import datetime
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from dibao.cases import services as case_services
from dibao.core.models import AuditEntry
from dibao.payroll.services import run_draft
from dibao.registry import services
from dibao.registry.models import Household

from ..cases.support import application, standards
from ..factories import id_number
from ..jobs_support import content, page_download
from ..registry.register_data import make_household

pytestmark = pytest.mark.django_db

AUDIT = reverse("core:audit-list")
EXPORT = reverse("core:audit-export")


@pytest.fixture
def story(areas, users):
    standards(areas)
    head_id = id_number()
    household = make_household(areas.haizhou, users.haizhou, head={"name": "王守田", "id_number": head_id})
    services.household_update(household=household, data={"address": "海州街9号"}, actor=users.haizhou)
    other = make_household(areas.haizhou, users.haizhou, head={"name": "李二"})
    case = application(areas, users, until="submit")
    case_services.transition(application=case, step="withdraw", actor=users.haizhou, data={})
    run_draft(county=areas.county, month=datetime.date.today().replace(day=1), actor=users.county)
    return {"household": household, "head_id": head_id, "other": other, "case": case}


def text_of(response) -> str:
    html = response.content.decode()
    main = html[html.index("<main>") : html.index("</main>")]
    return re.sub(r"<[^>]+>", " ", main)


def test_every_entry_reads_in_chinese_words(login, users, story):
    response = login(users.auditor).get(AUDIT)
    shown = text_of(response)
    # No raw JSON, no message template, no internal key or model name.
    assert "{" not in shown and "%(" not in shown and '"' not in shown
    for key in ("registry.", "cases.", "payroll.", "address", "submit", "withdraw", "draft", "from 20"):
        assert key not in shown, key
    # To whom: the household by its number and its head.
    household = story["household"]
    assert f"{household.number} 王守田" in shown
    # Fields as the forms name them, before → after.
    rows = {row.entry.pk: row for row in response.context["rows"]}
    change = next(c for row in rows.values() for c in row.changes if c.after == "海州街9号")
    assert change.label == "家庭住址" and change.before
    # What was done: the case's step and the payroll's draft, as words.
    whats = {row.what for row in rows.values()}
    assert "撤回" in " ".join(whats) or "撤销" in " ".join(whats), whats
    assert "生成低保金发放表" in whats or any("发放" in w for w in whats), whats


def test_times_are_the_countys_to_the_second(login, users, story):
    entry = AuditEntry.objects.order_by("-at", "-id").first()
    local = timezone.localtime(entry.at, timezone.get_fixed_timezone(8 * 60))
    shown = text_of(login(users.auditor).get(AUDIT))
    assert f"{local:%Y-%m-%d %H:%M:%S}" in shown


def test_english_when_switched(login, users, story, settings):
    client = login(users.auditor)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    shown = text_of(client.get(AUDIT))
    assert "What was done" in shown and "Changed" in shown and "家庭住址" not in shown
    assert "{" not in shown and "%(" not in shown


def test_id_numbers_stay_masked(login, users, story):
    html = login(users.auditor).get(AUDIT).content.decode()
    assert story["head_id"] not in html


def listed(client, **filters) -> set[int | None]:
    return {row.entry.household_id for row in client.get(AUDIT, filters).context["rows"]}


def test_filters_by_person_household_kind_and_dates(login, users, story):
    client = login(users.auditor)
    household, other = story["household"], story["other"]
    assert listed(client, household=household.number) == {household.pk}
    assert listed(client, person="王守田") == {household.pk}
    assert listed(client, person=story["head_id"]) == {household.pk}
    assert listed(client, person=story["head_id"].lower()) == {household.pk}  # x as typed
    assert listed(client, person="李二") == {other.pk}
    assert listed(client, person="无此人") == set()
    kinds = {row.entry.object_type for row in client.get(AUDIT, {"kind": "payroll.run"}).context["rows"]}
    assert kinds == {"payroll.run"}
    today = timezone.localdate()
    assert listed(client, date_from=(today + datetime.timedelta(days=1)).isoformat()) == set()
    assert household.pk in listed(client, date_from=today.isoformat(), date_to=today.isoformat())
    # Another community's household is not found through the filter either.
    outsider = login(users.liubeiqiao)
    assert outsider.get(AUDIT, {"household": household.number}).status_code == 403


def test_the_filters_stay_in_the_auditors_area(login, users, areas, story):
    from ..factories import UserFactory

    street_auditor = UserFactory.create(username="a_sqp", role="auditor", area=areas.shiqiaopu)
    client = login(street_auditor)
    assert listed(client, household=story["household"].number) == set()


def test_the_export_has_the_pages_columns_and_rows(login, users, story):
    client = login(users.auditor)
    response = client.post(EXPORT, {"household": story["household"].number})
    download = page_download(client, response)
    sheet = load_workbook(io.BytesIO(content(download)), read_only=True).active
    rows = [[c if c is not None else "" for c in row] for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == ["时间", "用户", "操作内容", "家庭户或区划", "对象", "备注", "变更内容"]
    page_rows = client.get(AUDIT, {"household": story["household"].number}).context["rows"]
    assert len(rows) - 1 == len(page_rows)
    assert all(r[3] == f"{story['household'].number} 王守田" for r in rows[1:])
    assert any("家庭住址：" in r[6] and "→ 海州街9号" in r[6] for r in rows[1:])
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", rows[1][0])
    assert story["head_id"] not in str(rows)


def test_the_export_is_a_post(login, users):
    assert login(users.auditor).get(EXPORT).status_code == 405


def test_a_page_of_entries_costs_a_bounded_number_of_queries(
    login, users, areas, story, django_assert_max_num_queries
):
    for n in range(15):
        household = make_household(areas.haizhou, users.haizhou, members=1)
        services.household_update(household=household, data={"address": f"海州街{n}号"}, actor=users.haizhou)
    assert Household.objects.count() > 15
    client = login(users.auditor)
    # session, user, area, count, page, households named, areas named, one per kind of object named
    with django_assert_max_num_queries(12):
        client.get(AUDIT)
    with django_assert_max_num_queries(12):
        client.get(AUDIT, {"person": "王守田"})
