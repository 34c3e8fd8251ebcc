"""Taking over households from the county's payment roster (发放名册, one row per household)."""

import datetime
import io
import json
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from python_calamine import CalamineWorkbook

from dibao.benefits.models import Entitlement, Movement, MovementKind
from dibao.benefits.recipients.importer import import_recipients
from dibao.benefits.selectors import households_to_complete
from dibao.core.errors import DomainError
from dibao.core.models import AuditEntry
from dibao.core.scoping import CONSOLE
from dibao.payroll import services as payroll
from dibao.registry.models import Household, Member, RosterImport
from dibao.reviews.report.selectors import change_report
from tests.api_support import api_as
from tests.jobs_support import content, page_download
from tests.payroll.filesupport import approved
from tests.registry.roster.files import csv_bytes, xlsx_bytes
from tests.registry.roster.test_commands import dibao

from ...factories import bad_check_digit, id_number, make_household
from .recipients_files import family, recipients_csv

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 15)
DEC = datetime.date(2026, 12, 1)
HEADERS = [
    "地区",
    "户主姓名",
    "身份证号码",
    "保障人数",
    "保障金",
    "分类施保金",
    "发放合计",
    "账户名称",
    "开户银行",
    "账号",
]


def paid_row(
    id_no: str | None = None,
    name: str = "王秀英",
    *,
    community: object = "海州社区",
    persons: object = 3,
    basic: object = "900.00",
    classified: object = "60.00",
    total: object = "960.00",
    holder: str | None = None,
    bank: str = "大连农商银行",
    account: str = "6228480012345678",
) -> list[object]:
    return [
        community,
        name,
        id_no or id_number(),
        persons,
        basic,
        classified,
        total,
        name if holder is None else holder,
        bank,
        account,
    ]


def rows_of_two() -> list[list[object]]:
    return [
        paid_row(),
        paid_row(
            name="李建国",
            community="210204002001",  # 柳背桥, by its code
            persons=1,
            basic="455",
            classified="",
            total="455",
            bank="",
            account="",
            holder="",
        ),
    ]


def run(areas, content, name="发放名册.xlsx", month=DEC, **kwargs):
    return import_recipients(
        filename=name,
        content=content,
        county=areas.county,
        actor=None,
        today=TODAY,
        month_from=month,
        **kwargs,
    )


def errors_of(result):
    return {(e.row, e.column): e.reason for e in result.errors}


def nothing_written():
    return not (
        Household.objects.exists()
        or Member.objects.exists()
        or Entitlement.objects.exists()
        or Movement.objects.exists()
        or AuditEntry.objects.filter(household_id__isnull=False).exists()
    )


@pytest.mark.parametrize(
    ("name", "content"),
    [
        (
            "发放名册.xlsx",
            lambda rows: xlsx_bytes(rows, headers=HEADERS, title="某街道2026年12月低保发放名册"),
        ),
        ("发放名册.csv", lambda rows: csv_bytes(rows, "gb18030", headers=HEADERS)),
    ],
)
def test_a_payment_roster_makes_households_with_their_heads_and_the_rosters_pay(areas, name, content):
    rows = rows_of_two()
    result = run(areas, content(rows), name=name)
    assert result.errors == []
    assert (result.households, result.members) == (2, 2)
    assert (result.summary.layout, result.summary.to_complete) == ("payment_roster", 1)
    assert result.summary.addresses_from_community is True
    assert result.summary.monthly_total == Decimal("1415.00")

    first = Household.objects.get(members__id_number=rows[0][2])
    assert (first.community, first.status, first.urban_rural) == (areas.haizhou, "receiving", "urban")
    assert (first.address, first.bank_name, first.bank_account) == (
        areas.haizhou.name,
        "大连农商银行",
        "6228480012345678",
    )
    head = first.members.get()
    assert (head.name, head.relation, head.is_current) == ("王秀英", "self", True)
    assert head.birth_date is not None and head.sex in ("M", "F")
    e = Entitlement.objects.get(household=first)
    assert (e.amount, e.persons, e.month_from, e.reason) == (Decimal("960.00"), 3, DEC, "migration")
    messages = {line["message"]: line["params"] for line in e.explanation}
    assert messages["Basic benefit (保障金): %(amount)s yuan."] == {"amount": "900.00"}
    assert messages["Classified benefit (分类施保金): %(amount)s yuan."] == {"amount": "60.00"}

    second = Household.objects.get(members__id_number=rows[1][2])
    assert second.community == areas.liubeiqiao and second.bank_account == ""
    assert Entitlement.objects.get(household=second).persons == 1

    document = result.as_dict()
    assert (document["layout"], document["to_complete"], document["addresses_from_community"]) == (
        "payment_roster",
        1,
        True,
    )
    assert (document["households"], document["entitlements"], document["monthly_total"]) == (2, 2, "1415.00")


def test_the_first_payroll_pays_exactly_the_imported_total(areas, users):
    result = run(areas, xlsx_bytes(rows_of_two(), headers=HEADERS))
    assert result.errors == []
    drafted = payroll.run_draft(county=areas.county, month=DEC, actor=users.county)
    assert drafted.total == result.summary.monthly_total == Decimal("1415.00")
    assert drafted.lines.count() == 2


def test_parts_that_do_not_add_up_refuse_the_file_naming_row_and_column(areas):
    rows = [paid_row(), paid_row(basic="900.00", classified="60.00", total="961.00")]
    result = run(areas, csv_bytes(rows, "gb18030", headers=HEADERS), name="a.csv")
    errors = errors_of(result)
    assert list(errors) == [(3, "发放合计")]
    assert "960.00" in errors[(3, "发放合计")] and "961.00" in errors[(3, "发放合计")]
    assert result.households == 0 and nothing_written()
    assert RosterImport.objects.get().outcome == "refused"


def test_row_errors_bad_id_duplicates_community_persons_and_account_holder(areas, users):
    taken = id_number()
    make_household(areas.haizhou, users.haizhou, head={"id_number": taken})
    twice = id_number()
    rows = [
        paid_row(bad_check_digit(id_number())),  # 2
        paid_row(twice),  # 3
        paid_row(twice),  # 4
        paid_row(taken),  # 5
        paid_row(community="没有这个社区"),  # 6
        paid_row(persons=0),  # 7
        paid_row(persons="两"),  # 8
        paid_row(holder=""),  # 9
        paid_row(basic="0", classified="0", total="0"),  # 10
        paid_row(total="9.999"),  # 11
    ]
    before = Household.objects.count()
    result = run(areas, xlsx_bytes(rows, headers=HEADERS))
    errors = errors_of(result)
    assert {(row, column) for row, column in errors} == {
        (2, "身份证号码"),
        (4, "身份证号码"),
        (5, "身份证号码"),
        (6, "地区"),
        (7, "保障人数"),
        (8, "保障人数"),
        (9, "账户名称"),
        (10, "发放合计"),
        (11, "发放合计"),
    }
    assert "row 3" in errors[(4, "身份证号码")] or "3" in errors[(4, "身份证号码")]
    assert Household.objects.count() == before and not Entitlement.objects.exists()


def test_a_payment_roster_needs_its_first_month(areas):
    with pytest.raises(DomainError) as caught:
        run(areas, xlsx_bytes([paid_row()], headers=HEADERS), month=None)
    assert "month_from" in caught.value.errors
    with pytest.raises(DomainError) as caught:
        run(areas, xlsx_bytes([paid_row()], headers=HEADERS), month=datetime.date(2030, 1, 1))
    assert "month_from" in caught.value.errors
    assert nothing_written()


def test_an_optional_urban_rural_column_and_option(areas):
    headers = [*HEADERS, "城乡", "家庭住址"]
    rows = [[*paid_row(), "农村", "海州路1号"], [*paid_row(), "", "海州路2号"]]
    result = run(areas, xlsx_bytes(rows, headers=headers), urban_rural="rural")
    assert result.errors == [] and result.summary.addresses_from_community is False
    assert sorted(Household.objects.values_list("urban_rural", "address")) == [
        ("rural", "海州路1号"),
        ("rural", "海州路2号"),
    ]


def test_households_to_complete_lists_those_paid_for_more_persons_than_registered(areas, users):
    rows = rows_of_two()
    run(areas, xlsx_bytes(rows, headers=HEADERS))
    found = list(households_to_complete(CONSOLE))
    assert [(h.members.get().id_number, h.covered, h.registered) for h in found] == [(rows[0][2], 3, 1)]
    assert list(households_to_complete(users.liubeiqiao)) == []
    assert [h.pk for h in households_to_complete(users.haizhou)] == [found[0].pk]


def test_a_migration_is_an_opening_balance_not_an_intake(areas):
    run(areas, xlsx_bytes(rows_of_two(), headers=HEADERS))
    movements = Movement.objects.all()
    assert {(m.kind, m.recorded_on) for m in movements} == {
        (MovementKind.OPENING, datetime.date(2026, 11, 30))
    }

    # Counted in the month it takes effect: brought in with December, its first month paid.
    november = change_report(areas.county, datetime.date(2026, 11, 1), datetime.date(2026, 11, 30))
    assert november.total.closing.households == 0 and november.total.movements == 0

    december = change_report(areas.county, DEC, datetime.date(2026, 12, 31))
    total = december.total
    assert total.opening.households == 0 and total.new.households == 0
    assert (total.brought_in.households, total.brought_in.persons, total.brought_in.amount) == (
        2,
        4,
        Decimal("1415.00"),
    )
    assert total.closing.households == 2 and december.balances()
    body = december.as_json()
    assert body["totals"]["brought_in"]["households"] == 2 and body["totals"]["new"]["households"] == 0

    january = change_report(areas.county, datetime.date(2027, 1, 1), datetime.date(2027, 1, 31)).total
    assert (january.opening.households, january.opening.persons, january.opening.amount) == (
        2,
        4,
        Decimal("1415.00"),
    )
    assert january.brought_in.households == 0


def test_the_command_takes_a_payment_roster_from_a_month(areas, tmp_path, capsys):
    path = tmp_path / "发放名册.csv"
    path.write_bytes(csv_bytes(rows_of_two(), "gb18030", headers=HEADERS))
    month = f"{datetime.date.today():%Y-%m}"
    status, out = dibao(
        capsys, "import-recipients", str(path), "--county", "210204", "--from", month, "--json"
    )
    document = json.loads(out)
    assert status == 0
    assert (document["layout"], document["households"], document["to_complete"]) == ("payment_roster", 2, 1)
    assert Entitlement.objects.filter(month_from=datetime.date.today().replace(day=1)).count() == 2


def test_the_command_without_from_says_so(areas, tmp_path):
    path = tmp_path / "发放名册.xlsx"
    path.write_bytes(xlsx_bytes(rows_of_two(), headers=HEADERS))
    with pytest.raises(CommandError, match="--from"):
        call_command("import_recipients", str(path), "--county", "210204")
    with pytest.raises(CommandError, match="--from"):
        call_command("import_recipients", str(path), "--county", "210204", "--from", "2026-13")


# The page and the API ---------------------------------------------------------------------------


def test_the_page_takes_a_payment_roster_with_its_first_month(areas, users, login):
    client = login(users.county)
    page = reverse("recipients:upload")
    content = xlsx_bytes(rows_of_two(), headers=HEADERS)
    refused = client.post(page, {"file": SimpleUploadedFile("发放名册.xlsx", content)})
    assert refused.status_code == 200 and "--from" in refused.content.decode()
    assert not Household.objects.exists()

    month = f"{datetime.date.today():%Y-%m}"
    done = client.post(
        page,
        {"file": SimpleUploadedFile("发放名册.xlsx", content), "month_from": month, "urban_rural": "rural"},
    )
    assert done.status_code == 302
    assert set(Household.objects.values_list("urban_rural", flat=True)) == {"rural"}
    result = client.get(done["Location"], HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "待补录成员的户数" in result

    template = client.get(reverse("recipients:payment-template"))
    assert template.status_code == 200
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(template.streaming_content)))
    assert sheet.get_sheet_by_index(0).to_python()[0][:3] == ["地区", "户主姓名", "身份证号码"]


def test_the_api_takes_a_payment_roster_with_month_from(areas, users):
    content = csv_bytes(rows_of_two(), "gb18030", headers=HEADERS)
    url = "/api/v1/imports/recipients/"
    refused = api_as(users.county).post(
        url, {"file": SimpleUploadedFile("a.csv", content)}, format="multipart"
    )
    assert refused.status_code == 400 and "month_from" in refused.json()["errors"]
    month = f"{datetime.date.today():%Y-%m}"
    answered = api_as(users.county).post(
        url, {"file": SimpleUploadedFile("a.csv", content), "month_from": month}, format="multipart"
    )
    body = answered.json()
    assert answered.status_code == 201, body
    assert (body["layout"], body["households"], body["to_complete"]) == ("payment_roster", 2, 1)


def test_the_change_reports_page_and_workbook_show_the_brought_in_column(areas, users, login):
    run(areas, xlsx_bytes(rows_of_two(), headers=HEADERS))
    client = login(users.county)
    query = {"area": "210204", "from": "2026-12-01", "to": "2026-12-31"}
    page = client.get(reverse("reviews:change-report"), query, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert page.status_code == 200
    assert "期初结转" in page.content.decode()
    started = client.post(reverse("reviews:change-report-xlsx"), query, HTTP_ACCEPT_LANGUAGE="zh-hans")
    workbook = page_download(client, started)
    book = CalamineWorkbook.from_filelike(io.BytesIO(content(workbook)))
    summary = book.get_sheet_by_index(0).to_python()
    assert any("期初结转" in str(cell) for row in summary[:5] for cell in row)
    total = next(row for row in summary if row[0] == "合计")
    # opening (3 columns), then brought in: its households, persons and amount
    assert [int(float(v)) for v in total[3:9]] == [0, 0, 0, 2, 4, 1415]


def test_a_month_an_approved_payroll_paid_is_refused(areas, users):
    assert run(areas, xlsx_bytes(rows_of_two(), headers=HEADERS)).errors == []
    approved(areas, users, DEC)
    before = Household.objects.count()
    with pytest.raises(DomainError) as caught:
        run(areas, xlsx_bytes([paid_row()], headers=HEADERS), month=DEC)
    assert "2027-01" in str(caught.value.errors["month_from"][0])
    assert Household.objects.count() == before
    assert run(areas, xlsx_bytes([paid_row()], headers=HEADERS), month=datetime.date(2027, 1, 1)).errors == []


def test_a_member_roster_is_brought_in_too_on_the_day_before_each_first_month(areas):
    _a, rows = family(month="2026-03")
    _b, more = family("柳背桥社区", month="2025年7月")
    result = import_recipients(
        filename="名册.csv", content=recipients_csv(rows + more), county=areas.county, actor=None, today=TODAY
    )
    assert result.errors == [] and result.summary.layout == "members" and result.summary.to_complete == 0
    assert sorted(Movement.objects.values_list("kind", "recorded_on")) == [
        ("brought_in", datetime.date(2025, 6, 30)),
        ("brought_in", datetime.date(2026, 2, 28)),
    ]
    # Counted with each one's first month paid: July 2025's in the opening, March 2026's in March.
    march = change_report(areas.county, datetime.date(2026, 3, 1), datetime.date(2026, 3, 31)).total
    assert (march.opening.households, march.new.households, march.brought_in.households) == (1, 0, 1)
    april = change_report(areas.county, datetime.date(2026, 4, 1), datetime.date(2026, 4, 30)).total
    assert (april.opening.households, april.brought_in.households) == (2, 0)
