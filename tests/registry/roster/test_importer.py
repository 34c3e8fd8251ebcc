import datetime
import json

import pytest
from django.utils import translation

from dibao.core.models import AuditEntry
from dibao.registry.models import Household, Income, Member, RosterImport
from dibao.registry.roster.importer import import_roster

from ...factories import bad_check_digit, id_number, make_household
from .files import HEADERS, csv_bytes, row, xlsx_bytes

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 15)


def run(areas, users, content, name="roster.csv", actor="haizhou", **kwargs):
    return import_roster(
        filename=name,
        content=content,
        community=areas.haizhou,
        actor=getattr(users, actor) if actor else None,
        today=TODAY,
        **kwargs,
    )


def family(head=None, spouse=None, child=None):
    head, spouse, child = head or id_number(), spouse or id_number(male=False), child or id_number()
    return head, [
        row(head, "张三", head, 月收入="1,200.50"),
        row(head, "李梅", spouse, "配偶", 残疾类别="肢体", 残疾等级="二级", 劳动能力="部分"),
        row(head, "张小明", child, "子女", 就业状况="在校", 城乡类别=""),
    ]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk"])
def test_csv_in_every_office_encoding_imports(areas, users, encoding):
    head, rows = family()
    result = run(areas, users, csv_bytes(rows, encoding))
    assert result.errors == []
    assert (result.households, result.members) == (1, 3)
    household = Household.objects.get()
    assert household.community == areas.haizhou and household.address == "海州街1号"
    spouse = household.members.get(relation="spouse")
    assert (spouse.disability_type, spouse.disability_grade, spouse.labour_capacity) == ("limb", 2, "partial")
    assert household.members.get(relation="child").hukou == "urban"  # inherited from the head's row
    income = Income.objects.get()
    assert income.member.id_number == head and str(income.amount) == "1200.50"
    assert str(income.month_from) == "2026-11-01"
    entry = AuditEntry.objects.get(household_id=household.pk)
    assert entry.action == "import" and len(entry.after["members"]) == 3


def test_xlsx_with_a_title_row_and_numeric_cells(areas, users):
    _head, rows = family()
    rows[0][HEADERS.index("月收入")] = 300  # a number cell
    result = run(areas, users, xlsx_bytes(rows, title="海州社区低保花名册"), name="名册.xlsx")
    assert result.errors == [] and result.members == 3
    assert str(Income.objects.get().amount) == "300.00"


def test_id_number_stored_as_a_number_in_excel_is_refused_as_such(areas, users):
    number = next(n for n in (id_number() for _ in range(50)) if not n.endswith("X"))
    rows = [row(number, "王五", number)]
    rows[0][HEADERS.index("身份证号")] = int(number)  # Excel keeps it as a double: digits are lost
    with translation.override("en"):
        result = run(areas, users, xlsx_bytes(rows), name="x.xlsx")
    assert "format the column as text" in errors_of(result)[(2, "身份证号")]
    assert Member.objects.count() == 0


def test_synonym_headers_and_english_headers(areas, users):
    _head, rows = family()
    headers = [
        "户主身份证号码",
        "成员姓名",
        "公民身份号码",
        "关系",
        "户籍类别",
        "住址",
        "电话",
        "开户行",
        "银行卡号",
        "残疾类型",
        "残疾级别",
        "健康",
        "劳动能力",
        "就业情况",
        "收入",
    ]
    assert run(areas, users, csv_bytes(rows, headers=headers)).members == 3


def errors_of(result):
    return {(e.row, e.column): e.reason for e in result.errors}


def test_every_kind_of_bad_row_is_reported_and_nothing_written(areas, users):
    taken = make_household(areas.liubeiqiao, users.liubeiqiao).members.get().id_number
    good, rows = family()
    other = id_number()
    rows += [
        row(other, "坏校验", bad_check_digit(other)),  # 5: bad check digit (and so no head for `other`)
        row(good, "错日期", "210204197002300011", "子女"),  # 6: impossible birth date
        row(good, "重复", rows[1][2], "子女"),  # 7: duplicate of row 3
        row(good, "已登记", taken, "子女"),  # 8: in another household
        row(good, "外星人", id_number(), "邻居"),  # 9: unknown relation
        row(good, "负数", id_number(), "子女", 月收入="-5"),  # 10: negative amount
        row(good, "文字", id_number(), "子女", 月收入="很多"),  # 11: not a number
        row(good, "未知", id_number(), "子女", 健康状况="还行"),  # 12: unknown category word
    ]
    result = run(areas, users, csv_bytes(rows))
    errors = errors_of(result)
    assert "check digit" in errors[(5, "身份证号")] or "校验位" in errors[(5, "身份证号")]
    assert (6, "身份证号") in errors and (7, "身份证号") in errors and "3" in errors[(7, "身份证号")]
    assert (8, "身份证号") in errors and (9, "与户主关系") in errors
    assert (10, "月收入") in errors and (11, "月收入") in errors and (12, "健康状况") in errors
    assert (5, "户主身份证号") in errors  # its household has no head
    assert result.households == result.members == 0
    assert Household.objects.filter(community=areas.haizhou).count() == 0
    assert RosterImport.objects.get().outcome == "refused"


def test_household_without_head_and_with_two_heads(areas, users):
    a, b = id_number(), id_number()
    rows = [row(a, "甲", id_number(), "子女"), row(b, "乙", b), row(b, "丙", id_number())]
    errors = errors_of(run(areas, users, csv_bytes(rows)))
    assert (2, "户主身份证号") in errors and (4, "与户主关系") in errors


def test_missing_columns_is_one_error_naming_them(areas, users):
    result = run(areas, users, csv_bytes([["x", "y"]], headers=["姓名", "备注", "住址"]))
    assert len(result.errors) == 1
    assert "户主身份证号" in result.errors[0].reason and "与户主关系" in result.errors[0].reason


def test_wrong_community_column(areas, users):
    head = id_number()
    content = csv_bytes([[*row(head, "张三", head), "柳背桥社区"]], headers=[*HEADERS, "社区"])
    assert (2, "社区") in errors_of(run(areas, users, content))
    ok = csv_bytes([[*row(head, "张三", head), "海州社区"]], headers=[*HEADERS, "社区"])
    assert run(areas, users, ok).members == 1


def test_dry_run_writes_nothing_but_the_record(areas, users):
    _head, rows = family()
    result = run(areas, users, csv_bytes(rows), dry_run=True)
    assert result.errors == [] and result.households == 0
    assert Member.objects.count() == 0 and RosterImport.objects.get().outcome == "checked"


def test_english_reasons_when_switched(areas, users):
    other = id_number()
    with translation.override("en"):
        result = run(areas, users, csv_bytes([row(other, "x", bad_check_digit(other))]))
    assert any("check digit" in e.reason for e in result.errors)
    with translation.override("zh-hans"):
        result = run(areas, users, csv_bytes([row(other, "x", bad_check_digit(other))]))
    assert any("校验位" in e.reason for e in result.errors)


def test_readers_and_other_communities_cannot_import(areas, users):
    from dibao.core.errors import Forbidden, NotFound

    _head, rows = family()
    with pytest.raises(NotFound):
        run(areas, users, csv_bytes(rows), actor="liubeiqiao")
    with pytest.raises(Forbidden):
        run(areas, users, csv_bytes(rows), actor="auditor")


def test_unreadable_files_are_refused_with_a_reason(areas, users):
    assert "xlsx" in run(areas, users, b"hello", name="a.pdf").errors[0].reason
    assert run(areas, users, b"\x00\x01garbage", name="a.xlsx").errors
    assert run(areas, users, "\ufffe".encode("utf-16"), name="a.csv").errors


def test_result_json_shape(areas, users):
    _head, rows = family()
    document = json.loads(json.dumps(run(areas, users, csv_bytes(rows)).as_dict()))
    assert document["households"] == 1 and document["members"] == 3 and document["errors"] == []
