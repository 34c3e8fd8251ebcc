"""Taking over households already receiving (`import_recipients`): the service."""

import datetime
import io
import json
from decimal import Decimal

import pytest
import xlsxwriter
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from dibao.areas.models import Area, Level
from dibao.benefits.models import Entitlement
from dibao.benefits.recipients import importer
from dibao.benefits.recipients.importer import import_recipients
from dibao.benefits.recipients.vocabulary import RECIPIENTS
from dibao.cases.models import Application
from dibao.core.errors import DomainError, Forbidden, NotFound
from dibao.core.models import AuditEntry
from dibao.payroll.models import Run, RunState
from dibao.registry.models import Household, Income, Member, RosterImport
from tests.registry.roster.files import HEADERS

from ...factories import UserFactory, bad_check_digit, id_number, make_household
from .recipients_files import (
    RECIPIENT_HEADERS,
    family,
    head,
    member,
    recipients_csv,
    set_standards,
)

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 15)


def run(areas, users, content, name="名册.csv", actor="county", **kwargs):
    return import_recipients(
        filename=name,
        content=content,
        county=areas.county,
        actor=getattr(users, actor) if actor else None,
        today=TODAY,
        **kwargs,
    )


def errors_of(result):
    return {(e.row, e.column): e.reason for e in result.errors}


def nothing_written():
    return not (
        Household.objects.exists()
        or Member.objects.exists()
        or Income.objects.exists()
        or Entitlement.objects.exists()
        or AuditEntry.objects.filter(household_id__isnull=False).exists()
    )


def test_a_good_file_makes_households_receiving_with_the_rosters_amounts(areas, users):
    set_standards(areas)
    a, rows_a = family("海州社区", cls="A类", amount="520.50", month="2026-03")
    b, rows_b = family("210204002001", cls="二类", amount="1,200", month="2025年7月", 城乡类别="农村")
    rows_b[1][-4] = "柳背桥社区"  # a member's row may name the community too
    result = run(areas, users, recipients_csv(rows_a + rows_b), name="沙河口区低保名册.csv")
    assert result.errors == []
    assert (result.households, result.members) == (2, 4)

    first = Household.objects.get(members__id_number=a)
    second = Household.objects.get(members__id_number=b)
    assert (first.community, first.status) == (areas.haizhou, "receiving")
    assert (second.community, second.status, second.urban_rural) == (areas.liubeiqiao, "receiving", "rural")
    assert first.members.count() == 2 and first.number.startswith("210204")

    e = Entitlement.objects.get(household=first)
    assert (e.amount, e.month_from, e.month_to) == (Decimal("520.50"), datetime.date(2026, 3, 1), None)
    assert (e.reason, e.benefit_class, e.persons, e.urban_rural) == ("migration", "A", 2, "urban")
    assert e.get_reason_display() == "由原花名册转入"
    e2 = Entitlement.objects.get(household=second)
    assert (e2.amount, e2.month_from, e2.benefit_class) == (
        Decimal("1200.00"),
        datetime.date(2025, 7, 1),
        "B",
    )
    assert (e2.persons, e2.urban_rural, e2.standard) == (2, "rural", Decimal("200.00"))

    # The assessment is stored as the explanation, but the amount stays the roster's.
    assert e.standard == Decimal("360.00") and e.per_capita_income == Decimal("0.00")
    assert e.explanation and e.management_class and e.next_review is not None
    assert any("Monthly benefit" in line["message"] for line in e.explanation)
    assert not Application.objects.exists()  # taken over, not applied for

    note = "migration: 沙河口区低保名册.csv"
    entries = AuditEntry.objects.filter(household_id__in=[first.pk, second.pk])
    assert {(x.object_type, x.action) for x in entries} == {
        ("registry.household", "import"),
        ("benefits.entitlement", "create"),
    }
    assert entries.count() == 4 and all(x.note == note and x.actor == users.county for x in entries)

    record = RosterImport.objects.get()
    assert (record.community, record.outcome, record.households, record.members) == (
        areas.county,
        "imported",
        2,
        4,
    )
    summary = result.summary
    assert (summary.entitlements, summary.monthly_total, summary.assessed) == (2, Decimal("1720.50"), 2)
    assert AuditEntry.objects.get(object_type="registry.rosterimport").note == note


def test_xlsx_with_number_and_date_cells(areas, users):
    """The community's code, the amount and the month typed into Excel as a number and a date."""
    head_id = id_number()
    cells = head(head_id, community=210204001001, cls="C", amount=300.5, month=None)
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = workbook.add_worksheet()
    sheet.write_row(0, 0, RECIPIENT_HEADERS)
    for col, value in enumerate(cells[:-1]):
        sheet.write(1, col, value)
    sheet.write_datetime(
        1, len(cells) - 1, datetime.datetime(2026, 2, 1), workbook.add_format({"num_format": "yyyy-mm"})
    )
    workbook.close()
    result = run(areas, users, buffer.getvalue(), name="a.xlsx")
    assert result.errors == []
    e = Entitlement.objects.get()
    assert (e.amount, e.month_from, e.benefit_class) == (Decimal("300.50"), datetime.date(2026, 2, 1), "C")
    assert Household.objects.get().community == areas.haizhou


@pytest.mark.parametrize(
    ("word", "code"),
    [("A", "A"), ("a类", "A"), ("一类", "A"), ("Class A", "A"), ("B类", "B"), ("二类", "B"), ("三", "C")],
)
def test_benefit_class_words(word, code):
    assert RECIPIENTS.code_for("benefit_class", word) == code


def test_every_kind_of_bad_row_is_refused_with_row_and_column_and_nothing_written(areas, users):
    set_standards(areas)
    good, rows = family()
    orphan = id_number()
    rows += [
        head(id_number(), amount="0"),  # 4
        head(id_number(), amount="-5"),  # 5
        head(id_number(), amount="很多"),  # 6
        head(id_number(), amount="300.123"),  # 7
        head(id_number(), cls="丁类"),  # 8
        head(id_number(), cls=""),  # 9
        head(id_number(), month="2026-13"),  # 10
        head(id_number(), month="去年"),  # 11
        head(id_number(), month="1980-01"),  # 12: before dibao
        head(id_number(), month="2030-01"),  # 13: years ahead
        head(id_number(), community="火星社区"),  # 14
        head(id_number(), community=""),  # 15
        head(id_number(), community="210204009009"),  # 16: no such community in the county
        member(orphan, "孤儿"),  # 17: no head's row for this household
        member(good, "搬家", community="柳背桥社区"),  # 18: not its head's community
    ]
    with translation.override("en"):
        result = run(areas, users, recipients_csv(rows))
    errors = errors_of(result)
    assert "more than 0" in errors[(4, "月保障金")]
    assert "negative" in errors[(5, "月保障金")]
    assert "not a number" in errors[(6, "月保障金")]
    assert "two decimal places" in errors[(7, "月保障金")]
    assert "Unknown word" in errors[(8, "保障类别")] and "A类" in errors[(8, "保障类别")]
    assert "required" in errors[(9, "保障类别")]
    assert "Not a month" in errors[(10, "起始年月")] and "Not a month" in errors[(11, "起始年月")]
    assert "between 1993-01 and 2027-11" in errors[(12, "起始年月")] and (13, "起始年月") in errors
    assert "No community of 沙河口区" in errors[(14, "社区")]
    assert "required" in errors[(15, "社区")] and (16, "社区") in errors
    assert "No head" in errors[(17, "户主身份证号")]
    assert "row 2" in errors[(18, "社区")] and "海州社区" in errors[(18, "社区")]
    assert set(errors) == {
        (4, "月保障金"),
        (5, "月保障金"),
        (6, "月保障金"),
        (7, "月保障金"),
        (8, "保障类别"),
        (9, "保障类别"),
        (10, "起始年月"),
        (11, "起始年月"),
        (12, "起始年月"),
        (13, "起始年月"),
        (14, "社区"),
        (15, "社区"),
        (16, "社区"),
        (17, "户主身份证号"),
        (18, "社区"),
    }  # one error per mistake, and the good household is not imported either
    by_row = {e.row: e for e in result.errors}
    assert by_row[4].value == "0" and by_row[14].value == "火星社区" and by_row[10].value == "2026-13"
    assert result.households == result.members == 0
    assert nothing_written()
    record = RosterImport.objects.get()
    assert record.outcome == "refused" and record.error_count == len(result.errors) == 15


@pytest.mark.parametrize(
    ("cells", "column"),
    [
        ({"amount": "abc"}, "月保障金"),
        ({"cls": "X"}, "保障类别"),
        ({"month": "March"}, "起始年月"),
        ({"community": "没有这个社区"}, "社区"),
    ],
)
def test_one_bad_cell_refuses_the_whole_file(areas, users, cells, column):
    _a, rows = family()
    _b, wrong = family(**cells)
    result = run(areas, users, recipients_csv(rows + wrong))
    assert [(e.row, e.column) for e in result.errors] == [(4, column)]
    assert nothing_written()


def test_a_household_without_its_heads_row_is_refused(areas, users):
    _head_id, rows = family()
    with translation.override("en"):
        result = run(areas, users, recipients_csv(rows[1:]))  # only the child's row
    assert errors_of(result).keys() == {(2, "户主身份证号")}
    assert nothing_written()


def test_the_register_checks_still_apply(areas, users):
    taken = make_household(areas.haiyue, users.street).members.get().id_number
    other = id_number()
    rows = [head(taken), head(other)]
    rows[1][HEADERS.index("身份证号")] = bad_check_digit(other)
    with translation.override("en"):
        errors = errors_of(run(areas, users, recipients_csv(rows)))
    assert "already a member" in errors[(2, "身份证号")] and "check digit" in errors[(3, "身份证号")]
    assert not Entitlement.objects.exists()


def test_missing_columns_are_named(areas, users):
    _head, rows = family()
    headers = [h for h in RECIPIENT_HEADERS if h not in ("月保障金", "社区")]
    rows = [[v for h, v in zip(RECIPIENT_HEADERS, r, strict=True) if h in headers] for r in rows]
    result = run(areas, users, recipients_csv(rows, headers=headers))
    assert len(result.errors) == 1
    assert (
        result.errors[0].row == 1
        and "月保障金" in result.errors[0].reason
        and "社区" in result.errors[0].reason
    )


def test_synonym_headers_and_units(areas, users):
    _head, rows = family(amount="480")
    headers = [*HEADERS, "所属社区", "低保类别", "保障金额(元)", "享受起始年月"]
    assert run(areas, users, recipients_csv(rows, headers=headers)).households == 1
    assert Entitlement.objects.get().amount == Decimal("480.00")


@pytest.mark.parametrize("written", ["海州社区", "海州", " 210204001001 ", "海州社区居委会"])
def test_a_community_by_name_code_or_office_name(areas, users, written):
    _head, rows = family(written)
    assert run(areas, users, recipients_csv(rows)).errors == []
    assert Household.objects.get().community == areas.haizhou


def test_two_communities_of_one_name_need_the_code(areas, users):
    Area.objects.create(code="210204003004", name="海州社区", level=Level.COMMUNITY, parent=areas.county)
    _head, rows = family("海州社区")
    with translation.override("en"):
        reason = errors_of(run(areas, users, recipients_csv(rows)))[(2, "社区")]
    assert "More than one" in reason and "210204001001" in reason and "210204003004" in reason


def test_a_dry_run_checks_and_writes_nothing(areas, users):
    _head, rows = family()
    result = run(areas, users, recipients_csv(rows), dry_run=True)
    assert result.errors == [] and (result.households, result.members) == (0, 0)
    assert nothing_written()
    record = RosterImport.objects.get()
    assert record.dry_run and record.outcome == "checked" and record.rows == 2
    assert result.as_dict()["entitlements"] == 0


def test_without_a_standard_it_still_imports_with_an_empty_explanation(areas, users):
    _head, rows = family(amount="333.30")
    result = run(areas, users, recipients_csv(rows))
    assert result.errors == [] and result.summary.assessed == 0
    e = Entitlement.objects.get()
    assert (e.amount, e.explanation, e.standard, e.per_capita_income) == (Decimal("333.30"), [], None, None)
    assert (e.management_class, e.next_review, e.benefit_class) == ("", None, "A")
    assert Household.objects.get().status == "receiving"


def test_a_household_the_policy_would_not_support_keeps_the_rosters_amount(areas, users):
    set_standards(areas)
    head_id = id_number()
    rows = [head(head_id, amount="150", 月收入="5000")]  # far above the standard of 360
    result = run(areas, users, recipients_csv(rows))
    assert result.errors == []
    e = Entitlement.objects.get()
    assert e.amount == Decimal("150.00") and e.per_capita_income == Decimal("5000.00")
    assert any("Not eligible" in line["message"] for line in e.explanation)
    assert (result.summary.assessed, result.summary.not_eligible) == (1, 1)
    assert str(Income.objects.get().amount) == "5000.00"


def test_a_street_imports_only_into_its_own_communities(areas, users):
    _mine, rows = family("海月社区")
    _other, theirs = family("柳背桥社区")  # 石桥铺街道's
    with translation.override("en"):
        result = run(areas, users, recipients_csv(rows + theirs), actor="street")
    assert errors_of(result).keys() == {(4, "社区")}
    assert "No community of 星海湾街道" in result.errors[0].reason
    assert nothing_written()
    result = run(areas, users, recipients_csv(rows), actor="street")
    assert result.households == 1 and Household.objects.get().community == areas.haiyue
    record = RosterImport.objects.get(outcome="imported")
    assert record.community == areas.xinghaiwan and record.actor == users.street


def test_community_workers_auditors_and_other_counties_may_not(areas, users):
    _head, rows = family()
    content = recipients_csv(rows)
    for actor in ("haizhou", "auditor", "admin"):
        with pytest.raises(Forbidden):
            run(areas, users, content, actor=actor)
    elsewhere = Area.objects.create(code="210203", name="西岗区", level=Level.COUNTY)
    stranger = UserFactory.create(username="c_xigang", role="county", area=elsewhere)
    with pytest.raises(NotFound):
        import_recipients(filename="a.csv", content=content, county=areas.county, actor=stranger)
    with pytest.raises(DomainError):
        import_recipients(filename="a.csv", content=content, county=areas.xinghaiwan, actor=None)
    assert nothing_written() and not RosterImport.objects.exists()


def test_months_an_approved_payroll_paid_are_not_granted_again(areas, users):
    Run.objects.create(
        county=areas.county,
        month=datetime.date(2026, 10, 1),
        state=RunState.APPROVED,
        approved_at=timezone.now(),
    )
    Run.objects.create(county=areas.county, month=datetime.date(2026, 11, 1))  # a draft does not count
    _a, early = family(month="2026-10")
    _b, later = family(month="2026-11")
    with translation.override("en"):
        errors = errors_of(run(areas, users, recipients_csv(early + later)))
    assert errors.keys() == {(2, "起始年月")} and "2026-11 or later" in errors[(2, "起始年月")]
    assert run(areas, users, recipients_csv(later)).households == 1


def test_household_numbers_from_the_file_are_kept(areas, users):
    a, rows = family()
    b, more = family()
    headers = ["户编号", *RECIPIENT_HEADERS]
    content = recipients_csv(
        [["M-001", *rows[0]], ["M-001", *rows[1]], ["", *more[0]], ["", *more[1]]], headers=headers
    )
    assert run(areas, users, content).households == 2
    assert Household.objects.get(members__id_number=a).number == "M-001"
    assert Household.objects.get(members__id_number=b).number.startswith("210204")
    assert Entitlement.objects.count() == 2


def test_reasons_follow_the_language(areas, users):
    _head, rows = family(amount="0")
    with translation.override("en"):
        english = errors_of(run(areas, users, recipients_csv(rows)))[(2, "月保障金")]
    with translation.override("zh-hans"):
        chinese = errors_of(run(areas, users, recipients_csv(rows)))[(2, "月保障金")]
        expected = translation.gettext("The monthly benefit must be more than 0.")
    assert english == "The monthly benefit must be more than 0."
    assert chinese == expected


def test_a_write_that_fails_halfway_leaves_nothing(areas, users, monkeypatch):
    _a, first = family()
    _b, second = family()
    taken = second[1][HEADERS.index("身份证号")]
    real = importer.parse_recipients

    def parse_then_register(*args, **kwargs):
        parsed = real(*args, **kwargs)
        make_household(areas.haiyue, users.street, head={"id_number": taken})
        return parsed

    monkeypatch.setattr(importer, "parse_recipients", parse_then_register)
    result = run(areas, users, recipients_csv(first + second))
    assert result.errors and (result.households, result.members) == (0, 0)
    assert not Entitlement.objects.exists()
    assert Household.objects.count() == 1  # the one registered meanwhile
    assert RosterImport.objects.get().outcome == "refused"


def test_the_import_is_set_based(areas, users):
    """The number of queries does not grow with the number of households (bulk inserts come in
    batches of as many rows as the database takes in one statement)."""
    set_standards(areas)

    def queries_for(n, months):
        rows = []
        for i in range(n):
            rows += family("海州社区" if i % 2 else "柳背桥社区", month=months[i % len(months)])[1]
        content = recipients_csv(rows)
        with CaptureQueriesContext(connection) as queries:
            assert run(areas, users, content).households == n
        statements = [q["sql"] for q in queries]
        return len(statements), len([s for s in statements if not s.startswith("INSERT")])

    queries_for(1, ["2026-01"])  # the county's number sequence is made once
    _few, few_not_inserts = queries_for(6, ["2026-01", "2026-02"])
    many, many_not_inserts = queries_for(120, ["2026-03", "2026-04"])
    # SQLite takes 999 values a statement: an audit entry's 14 columns (the chain's seq and two
    # hashes among them) make it 71 rows an INSERT rather than 90, a few statements more here.
    assert many_not_inserts == few_not_inserts and many < 70


def test_the_json_document(areas, users):
    set_standards(areas)
    _head, rows = family(amount="99.90")
    document = json.loads(json.dumps(run(areas, users, recipients_csv(rows), name="a.csv").as_dict()))
    assert document["kind"] == "recipients" and document["file"] == "a.csv"
    assert (document["county"], document["area"], document["outcome"]) == ("210204", "210204", "imported")
    assert (document["households"], document["members"], document["entitlements"]) == (1, 2, 1)
    assert (document["monthly_total"], document["assessed"], document["errors"]) == ("99.90", 1, [])
    assert document["dry_run"] is False and document["other_amount"] == 1
