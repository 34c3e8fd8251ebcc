"""Taking over the current recipients of the programs that pay a person: a list of persons."""

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
from dibao.core.errors import DomainError
from dibao.core.models import AuditEntry
from dibao.payroll import services as payroll
from dibao.payroll.totals import by_program
from dibao.policy.programs import codes
from dibao.policy.selectors import program_by_code
from dibao.policy.services import program_rules_set
from dibao.registry.models import DisabilityType, Household, Member
from dibao.reviews.report.selectors import change_report
from tests.api_support import api_as
from tests.registry.roster.files import csv_bytes, xlsx_bytes
from tests.registry.roster.test_commands import dibao

from ...factories import bad_check_digit, id_number, make_household
from ..support import receiving
from .recipients_files import set_standards

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 15)
DEC = datetime.date(2026, 12, 1)
OLD = datetime.date(1940, 5, 1)  # 86 in December 2026
BASE = ["地区", "姓名", "身份证号码"]
TAIL = ["月发放金额", "账户名称", "开户银行", "账号"]
HEADERS = {
    codes.ELDERLY_ALLOWANCE: [*BASE, *TAIL],
    codes.DISABILITY_LIVING: [*BASE, "残疾类别", "残疾等级", *TAIL],
    codes.DISABILITY_CARE: [*BASE, "残疾类别", "残疾等级", *TAIL],
    codes.EXTREME_POVERTY: [*BASE, "供养方式", "自理能力", *TAIL],
}
FIELDS = {
    codes.ELDERLY_ALLOWANCE: [],
    codes.DISABILITY_LIVING: ["肢体", "一级"],
    codes.DISABILITY_CARE: ["肢体", "二级"],
    codes.EXTREME_POVERTY: ["分散", "半失能"],
}


def person(
    program,
    id_no=None,
    name="王秀英",
    *,
    community="海州社区",
    fields=None,
    amount="100.00",
    account="6228480012345678",
):
    return [
        community,
        name,
        id_no or id_number(OLD),
        *(FIELDS[program] if fields is None else fields),
        amount,
        name if account else "",
        "大连农商银行" if account else "",
        account,
    ]


def xlsx(program, rows):
    return xlsx_bytes(rows, headers=HEADERS[program], title="2026年12月发放名单")


def gb_csv(program, rows):
    return csv_bytes(rows, "gb18030", headers=HEADERS[program])


def run(areas, program, content, name="名单.xlsx", month=DEC, **kwargs):
    return import_recipients(
        filename=name,
        content=content,
        county=areas.county,
        actor=None,
        today=TODAY,
        month_from=month,
        program=program,
        **kwargs,
    )


def errors_of(result):
    return {(e.row, e.column): e.reason for e in result.errors}


def nothing_written():
    return not (
        Household.objects.exists()
        or Entitlement.objects.exists()
        or Movement.objects.exists()
        or AuditEntry.objects.filter(household_id__isnull=False).exists()
    )


@pytest.mark.parametrize("program", list(HEADERS))
@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_each_programs_list_registers_new_persons_and_pays_them(areas, program, fmt):
    rows = [
        person(program, amount="100.00"),
        person(program, name="李建国", community="210204002001", amount="250.50", account=""),
    ]
    content = xlsx(program, rows) if fmt == "xlsx" else gb_csv(program, rows)
    result = run(areas, program, content, name=f"名单.{fmt}")
    assert result.errors == []
    assert (result.households, result.members) == (2, 2)
    assert (result.summary.entitlements, result.summary.monthly_total) == (2, Decimal("350.50"))
    rows_made = Entitlement.objects.order_by("amount")
    assert [(str(e.program_id), e.member.name, e.amount, e.persons, e.month_from) for e in rows_made] == [
        (program, "王秀英", Decimal("100.00"), 1, DEC),
        (program, "李建国", Decimal("250.50"), 1, DEC),
    ]
    assert all(e.member.household_id == e.household_id for e in rows_made)
    assert {(m.kind, m.recorded_on) for m in Movement.objects.all()} == {
        (MovementKind.OPENING, datetime.date(2026, 11, 30))
    }
    first = Household.objects.get(members__name="王秀英")
    assert first.bank_account == "6228480012345678" and first.members.count() == 1
    if program in (codes.DISABILITY_LIVING, codes.DISABILITY_CARE):
        member = first.members.get()
        assert (member.disability_type, member.disability_grade) == (
            DisabilityType.LIMB,
            1 if program == codes.DISABILITY_LIVING else 2,
        )
    document = result.as_dict()
    assert (document["layout"], document["program"], document["matched"]) == ("persons", program, 0)


def test_a_person_of_the_register_is_matched_not_registered_again(areas, users):
    set_standards(areas)
    granted = receiving(areas.haizhou, users.haizhou, members=1)
    household = granted.household
    member = household.members.exclude(relation="self").get()
    rows = [
        person(codes.DISABILITY_LIVING, member.id_number, name=member.name, fields=["肢体", "一级"]),
        person(codes.DISABILITY_LIVING, name="新人"),
    ]
    result = run(areas, codes.DISABILITY_LIVING, xlsx(codes.DISABILITY_LIVING, rows))
    assert result.errors == []
    assert (result.households, result.summary.matched) == (1, 1)
    mine = Entitlement.objects.get(program_id=codes.DISABILITY_LIVING, member=member)
    assert mine.household_id == household.pk
    member.refresh_from_db()
    assert (member.disability_type, member.disability_grade) == (DisabilityType.LIMB, 1)
    assert Member.objects.filter(id_number=member.id_number).count() == 1


def test_refusals_name_row_and_column_and_nothing_is_written(areas, users):
    set_standards(areas)
    dibao = receiving(areas.haizhou, users.haizhou, members=1).household
    in_dibao = dibao.members.exclude(relation="self").get()
    held = make_household(areas.haizhou, users.haizhou, head={"name": "已领", "relation": "self"})
    holder = held.members.get()
    again = run(
        areas,
        codes.EXTREME_POVERTY,
        xlsx(codes.EXTREME_POVERTY, [person(codes.EXTREME_POVERTY, holder.id_number, name="已领")]),
    )
    assert again.errors == []
    before = Entitlement.objects.count()
    twice = id_number(OLD)
    rows = [
        person(codes.EXTREME_POVERTY, bad_check_digit(id_number(OLD))),  # row 3: bad ID
        person(codes.EXTREME_POVERTY, twice),  # 4
        person(codes.EXTREME_POVERTY, twice),  # 5: duplicate
        person(codes.EXTREME_POVERTY, holder.id_number, name="已领"),  # 6: already holding
        person(codes.EXTREME_POVERTY, in_dibao.id_number, name=in_dibao.name),  # 7: 低保 household
        person(codes.EXTREME_POVERTY, amount="0"),  # 8
        person(codes.EXTREME_POVERTY, amount="12.345"),  # 9
        person(codes.EXTREME_POVERTY, fields=["自己", "半失能"]),  # 10
    ]
    result = run(areas, codes.EXTREME_POVERTY, xlsx(codes.EXTREME_POVERTY, rows))
    errors = errors_of(result)
    assert set(errors) == {
        (3, "身份证号码"),
        (5, "身份证号码"),
        (6, "身份证号码"),
        (7, "身份证号码"),
        (8, "月发放金额"),
        (9, "月发放金额"),
        (10, "供养方式"),
    }
    assert (
        "row 4" in errors[(5, "身份证号码")]
        or "第4行" in errors[(5, "身份证号码")]
        or "4" in errors[(5, "身份证号码")]
    )
    assert Entitlement.objects.count() == before


def test_the_disability_care_subsidy_needs_grade_1_or_2_unless_the_county_allows_mental(areas):
    rows = [
        person(codes.DISABILITY_CARE, fields=["肢体", "三级"]),
        person(codes.DISABILITY_CARE, fields=["精神", "三级"]),
        person(codes.DISABILITY_CARE, fields=["", "一级"]),
        person(codes.DISABILITY_CARE, fields=["肢体", "五级"]),
    ]
    result = run(areas, codes.DISABILITY_CARE, xlsx(codes.DISABILITY_CARE, rows))
    # Row 5 has a grade without a type: the register's own rule refuses it besides.
    expected = {(3, "残疾等级"), (4, "残疾等级"), (5, "残疾类别"), (5, "残疾等级"), (6, "残疾等级")}
    assert set(errors_of(result)) == expected
    assert nothing_written()
    program_rules_set(
        area=areas.county,
        program=program_by_code(codes.DISABILITY_CARE),
        data={"valid_from": "2026-01", "terms": {"mental_grades_3_4": True}},
        actor=None,
    )
    result = run(areas, codes.DISABILITY_CARE, xlsx(codes.DISABILITY_CARE, rows[1:2]))
    assert result.errors == []


def test_the_elderly_allowance_needs_the_first_age_band(areas):
    young = id_number(datetime.date(1950, 1, 1))
    result = run(
        areas,
        codes.ELDERLY_ALLOWANCE,
        xlsx(
            codes.ELDERLY_ALLOWANCE, [person(codes.ELDERLY_ALLOWANCE), person(codes.ELDERLY_ALLOWANCE, young)]
        ),
    )
    errors = errors_of(result)
    assert list(errors) == [(4, "身份证号码")]
    assert "80" in errors[(4, "身份证号码")]
    assert nothing_written()


def test_a_switched_off_program_is_refused(areas):
    program_rules_set(
        area=areas.county,
        program=program_by_code(codes.ELDERLY_ALLOWANCE),
        data={"valid_from": "2026-01", "enabled": False},
        actor=None,
    )
    with pytest.raises(DomainError) as refused:
        run(areas, codes.ELDERLY_ALLOWANCE, xlsx(codes.ELDERLY_ALLOWANCE, [person(codes.ELDERLY_ALLOWANCE)]))
    assert "program" in refused.value.errors
    assert nothing_written()


def test_a_community_that_switched_it_off_refuses_its_rows(areas):
    program_rules_set(
        area=areas.liubeiqiao,
        program=program_by_code(codes.ELDERLY_ALLOWANCE),
        data={"valid_from": "2026-01", "enabled": False},
        actor=None,
    )
    rows = [person(codes.ELDERLY_ALLOWANCE), person(codes.ELDERLY_ALLOWANCE, community="柳背桥社区")]
    result = run(areas, codes.ELDERLY_ALLOWANCE, xlsx(codes.ELDERLY_ALLOWANCE, rows))
    assert list(errors_of(result)) == [(4, "地区")]
    assert nothing_written()


def test_the_list_needs_its_first_month_and_its_programs_columns(areas):
    with pytest.raises(DomainError) as refused:
        run(
            areas,
            codes.ELDERLY_ALLOWANCE,
            xlsx(codes.ELDERLY_ALLOWANCE, [person(codes.ELDERLY_ALLOWANCE)]),
            month=None,
        )
    assert "month_from" in refused.value.errors
    result = run(
        areas, codes.DISABILITY_CARE, xlsx(codes.ELDERLY_ALLOWANCE, [person(codes.ELDERLY_ALLOWANCE)])
    )
    assert [e.column for e in result.errors] == ["残疾类别、残疾等级"]
    with pytest.raises(DomainError):
        run(areas, codes.NEAR_POVERTY, xlsx(codes.ELDERLY_ALLOWANCE, [person(codes.ELDERLY_ALLOWANCE)]))


def test_the_first_payroll_pays_exactly_the_imported_totals_per_program(areas, users):
    for program in (codes.ELDERLY_ALLOWANCE, codes.DISABILITY_CARE):
        rows = [person(program, amount="100.10"), person(program, amount="277.00")]
        assert run(areas, program, xlsx(program, rows)).errors == []
    drafted = payroll.run_draft(county=areas.county, month=DEC, actor=users.county)
    figures = by_program(drafted.lines.all())
    assert {code: (f.persons, f.total) for code, f in figures.items()} == {
        codes.ELDERLY_ALLOWANCE: (2, Decimal("377.10")),
        codes.DISABILITY_CARE: (2, Decimal("377.10")),
    }


def test_the_change_report_of_the_program_shows_them_brought_in_not_new(areas):
    rows = [person(codes.ELDERLY_ALLOWANCE, amount="100"), person(codes.ELDERLY_ALLOWANCE, amount="200")]
    run(areas, codes.ELDERLY_ALLOWANCE, xlsx(codes.ELDERLY_ALLOWANCE, rows))
    # Brought in with December, their first month paid.
    december = change_report(areas.county, DEC, datetime.date(2026, 12, 31), program=codes.ELDERLY_ALLOWANCE)
    total = december.total
    assert total.new.households == 0
    assert (total.brought_in.persons, total.brought_in.amount) == (2, Decimal("300.00"))
    january = change_report(
        areas.county, datetime.date(2027, 1, 1), datetime.date(2027, 1, 31), program=codes.ELDERLY_ALLOWANCE
    )
    assert january.total.new.households == 0 and january.total.opening.amount == Decimal("300.00")
    assert change_report(areas.county, DEC, datetime.date(2026, 12, 31)).total.brought_in.households == 0


def test_the_command_takes_a_programs_list(areas, tmp_path, capsys):
    path = tmp_path / "名单.csv"
    path.write_bytes(gb_csv(codes.DISABILITY_LIVING, [person(codes.DISABILITY_LIVING)]))
    month = f"{datetime.date.today():%Y-%m}"
    status, out = dibao(
        capsys,
        "import-recipients",
        str(path),
        "--county",
        "210204",
        "--program",
        "disability_living",
        "--from",
        month,
        "--json",
    )
    document = json.loads(out)
    assert status == 0
    assert (document["layout"], document["program"], document["entitlements"]) == (
        "persons",
        "disability_living",
        1,
    )
    with pytest.raises(CommandError, match="--program"):
        call_command(
            "import_recipients", str(path), "--county", "210204", "--program", "near_poverty", "--from", month
        )
    with pytest.raises(CommandError, match="--from"):
        call_command("import_recipients", str(path), "--county", "210204", "--program", "elderly_allowance")


def test_the_page_takes_a_programs_list_and_offers_its_template(areas, users, login):
    client = login(users.county)
    page = reverse("recipients:upload")
    content = xlsx(codes.DISABILITY_CARE, [person(codes.DISABILITY_CARE)])
    month = f"{datetime.date.today():%Y-%m}"
    refused = client.post(
        page, {"file": SimpleUploadedFile("名单.xlsx", content), "program": "nothing", "month_from": month}
    )
    assert refused.status_code == 200 and not Entitlement.objects.exists()
    done = client.post(
        page,
        {"file": SimpleUploadedFile("名单.xlsx", content), "program": "disability_care", "month_from": month},
    )
    assert done.status_code == 302
    assert Entitlement.objects.get().program_id == codes.DISABILITY_CARE
    shown = client.get(done["Location"], HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert shown.status_code == 200

    for program in HEADERS:
        template = client.get(reverse("recipients:person-template"), {"program": program})
        assert template.status_code == 200
        sheet = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(template.streaming_content)))
        assert sheet.get_sheet_by_index(0).to_python()[0] == HEADERS[program]
    assert client.get(reverse("recipients:person-template"), {"program": "dibao"}).status_code == 404


def test_the_template_imports_back(areas, users, login):
    client = login(users.county)
    for program in (codes.DISABILITY_LIVING, codes.EXTREME_POVERTY):
        template = client.get(reverse("recipients:person-template"), {"program": program})
        content = b"".join(template.streaming_content)
        result = run(areas, program, content, name="template.xlsx")
        assert result.errors == [], result.errors
    # The second list's persons were registered by the first: they are matched, not registered again.
    assert Household.objects.count() == 2 and Entitlement.objects.count() == 4


def test_the_api_takes_a_programs_list(areas, users):
    content = gb_csv(codes.ELDERLY_ALLOWANCE, [person(codes.ELDERLY_ALLOWANCE)])
    url = "/api/v1/imports/recipients/"
    refused = api_as(users.county).post(
        url,
        {"file": SimpleUploadedFile("a.csv", content), "program": "elderly_allowance"},
        format="multipart",
    )
    assert refused.status_code == 400 and "month_from" in refused.json()["errors"]
    wrong = api_as(users.county).post(
        url, {"file": SimpleUploadedFile("a.csv", content), "program": "near_poverty"}, format="multipart"
    )
    assert wrong.status_code == 400 and "program" in wrong.json()["errors"]
    month = f"{datetime.date.today():%Y-%m}"
    answered = api_as(users.county).post(
        url,
        {"file": SimpleUploadedFile("a.csv", content), "program": "elderly_allowance", "month_from": month},
        format="multipart",
    )
    body = answered.json()
    assert answered.status_code == 201, body
    assert (body["layout"], body["program"], body["entitlements"], body["matched"]) == (
        "persons",
        "elderly_allowance",
        1,
        0,
    )
