import datetime
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from dibao.core import idnumbers
from dibao.core.errors import DomainError, Forbidden, NotFound
from dibao.core.models import AuditEntry
from dibao.core.sheets import digits
from dibao.registry.models import Household, Income, Member, RosterImport
from dibao.registry.roster import importer
from dibao.registry.roster.importer import import_roster

from ...factories import bad_check_digit, id_number, make_household
from .files import HEADERS, csv_bytes, row, xlsx_bytes

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 15)


def run(areas, users, content, name="roster.csv", actor="haizhou", **kwargs):
    return import_roster(
        filename=name,
        content=content,
        area=areas.haizhou,
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


def errors_of(result):
    return {(e.row, e.column): e.reason for e in result.errors}


def nothing_written(areas):
    return not (
        Household.objects.filter(community=areas.haizhou).exists()
        or Member.objects.filter(household__community=areas.haizhou).exists()
        or Income.objects.filter(household__community=areas.haizhou).exists()
        or AuditEntry.objects.filter(action="import", household_id__isnull=False).exists()
    )


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk"])
def test_csv_in_every_office_encoding_imports(areas, users, encoding):
    head, rows = family()
    result = run(areas, users, csv_bytes(rows, encoding), name="海州.csv")
    assert result.errors == []
    assert (result.households, result.members) == (1, 3)
    household = Household.objects.get()
    assert household.community == areas.haizhou and household.address == "海州街1号"
    assert household.number.startswith("210204")  # numbered by the county's sequence
    spouse = household.members.get(relation="spouse")
    assert (spouse.disability_type, spouse.disability_grade, spouse.labour_capacity) == ("limb", 2, "partial")
    assert household.members.get(relation="child").hukou == "urban"  # inherited from the head's row
    income = Income.objects.get()
    assert income.member.id_number == head and str(income.amount) == "1200.50"
    assert (str(income.month_from), income.kind, income.source) == ("2026-11-01", "other", "花名册")
    entry = AuditEntry.objects.get(household_id=household.pk)
    assert entry.action == "import" and len(entry.after["members"]) == 3 and "海州.csv" in entry.note
    record = RosterImport.objects.get()
    assert (record.households, record.members, record.rows, record.error_count) == (1, 3, 3, 0)
    assert (record.actor, record.community, record.dry_run, record.outcome) == (
        users.haizhou,
        areas.haizhou,
        False,
        "imported",
    )


def test_xlsx_with_a_title_row_and_numeric_cells(areas, users):
    _head, rows = family()
    rows[0][HEADERS.index("月收入")] = 300  # a number cell
    rows[0][HEADERS.index("联系电话")] = 13800000000
    result = run(areas, users, xlsx_bytes(rows, title="海州社区低保花名册"), name="名册.xlsx")
    assert result.errors == [] and result.members == 3
    assert str(Income.objects.get().amount) == "300.00"
    assert Household.objects.get().phone == "13800000000"


def test_lower_case_x_and_apostrophes_are_read(areas, users):
    head = next(n for n in (id_number() for _ in range(200)) if n.endswith("X"))
    rows = [row(f"'{head[:-1]}x", "张三", f"'{head[:-1]}x")]
    assert run(areas, users, xlsx_bytes(rows), name="a.xlsx").errors == []
    assert Member.objects.get().id_number == head


def test_id_number_stored_as_a_number_in_excel_is_refused_as_such(areas, users):
    number = next(n for n in (id_number() for _ in range(50)) if not n.endswith("X"))
    rows = [row(number, "王五", number)]
    rows[0][HEADERS.index("身份证号")] = int(number)  # Excel keeps it as a double: digits are lost
    with translation.override("en"):
        result = run(areas, users, xlsx_bytes(rows), name="x.xlsx")
    assert "format the column as text" in errors_of(result)[(2, "身份证号")]
    assert nothing_written(areas)


def test_synonym_and_english_headers(areas, users):
    _head, rows = family()
    chinese = ["户主身份证号码", "成员姓名", "公民身份号码", "关系", "户籍类别", "住址", "电话", "开户行"]
    chinese += ["银行卡号", "残疾类型", "残疾级别", "健康", "劳动能力", "就业情况", "收入"]
    assert run(areas, users, csv_bytes(rows, headers=chinese)).members == 3
    _head, rows = family()
    english = ["Head ID number", "Name", "ID number", "Relation", "Hukou", "Address", "Phone", "Bank"]
    english += ["Bank account", "Disability type", "Disability grade", "Health", "Labour capacity"]
    english += ["Employment", "Monthly income"]
    assert run(areas, users, csv_bytes(rows, headers=english)).members == 3


def test_every_kind_of_bad_row_is_reported_and_nothing_written(areas, users):
    taken = make_household(areas.liubeiqiao, users.liubeiqiao).members.get().id_number
    good, rows = family()
    other = id_number()
    rows += [
        row(other, "坏校验", bad_check_digit(other)),  # 5: bad check digit
        row(good, "错日期", "210204197002300011", "子女"),  # 6: impossible birth date
        row(good, "重复", rows[1][2], "子女"),  # 7: duplicate of row 3
        row(good, "已登记", taken, "子女"),  # 8: in another household
        row(good, "外星人", id_number(), "邻居"),  # 9: unknown relation
        row(good, "负数", id_number(), "子女", 月收入="-5"),  # 10: negative amount
        row(good, "文字", id_number(), "子女", 月收入="很多"),  # 11: not a number
        row(good, "未知", id_number(), "子女", 健康状况="还行"),  # 12: unknown category word
        row(good, "乡下", id_number(), "子女", 城乡类别="外国"),  # 13: unknown urban/rural word
        row(good, "残", id_number(), "子女", 残疾类别="很重", 残疾等级="五级"),  # 14: unknown words
        row(id_number(), "孤", id_number(), "子女"),  # 15: its 户主身份证号 matches no head
    ]
    with translation.override("en"):
        result = run(areas, users, csv_bytes(rows))
    errors = errors_of(result)
    assert "check digit" in errors[(5, "身份证号")]
    assert "does not exist" in errors[(6, "身份证号")]
    assert "row 3" in errors[(7, "身份证号")]
    assert "already a member" in errors[(8, "身份证号")]
    assert "Unknown word" in errors[(9, "与户主关系")] and "本人" in errors[(9, "与户主关系")]
    assert "negative" in errors[(10, "月收入")] and "not a number" in errors[(11, "月收入")]
    assert "Unknown word" in errors[(12, "健康状况")] and (13, "城乡类别") in errors
    assert (14, "残疾类别") in errors and (14, "残疾等级") in errors
    assert "No head" in errors[(15, "户主身份证号")]
    assert set(errors) == {
        (5, "身份证号"),
        (6, "身份证号"),
        (7, "身份证号"),
        (8, "身份证号"),
        (9, "与户主关系"),
        (10, "月收入"),
        (11, "月收入"),
        (12, "健康状况"),
        (13, "城乡类别"),
        (14, "残疾类别"),
        (14, "残疾等级"),
        (15, "户主身份证号"),
    }  # and nothing else: one error per mistake
    assert [e.row for e in result.errors] == sorted(e.row for e in result.errors)
    assert result.households == result.members == 0
    assert nothing_written(areas)
    record = RosterImport.objects.get()
    assert record.outcome == "refused" and record.error_count == len(result.errors) == len(record.errors)


def test_the_other_household_is_named_only_to_who_may_see_it(areas, users):
    holder = make_household(areas.haiyue, users.street)  # 海月: the street sees it, 海州's worker not
    taken = holder.members.get().id_number
    content = csv_bytes([row(taken, "张三", taken)])
    with translation.override("en"):
        hidden = errors_of(run(areas, users, content))[(2, "身份证号")]
        named = errors_of(run(areas, users, content, actor="street"))[(2, "身份证号")]
    assert holder.number not in hidden and "海月" not in hidden
    assert holder.number in named and "海月社区" in named


def test_a_person_of_a_terminated_household_may_be_imported(areas, users):
    from dibao.registry import services

    old = make_household(areas.haizhou, users.haizhou)
    services.household_set_status(household=old, status="terminated", actor=users.haizhou, note="搬走")
    person = old.members.get().id_number
    assert run(areas, users, csv_bytes([row(person, "张三", person)])).members == 1


def test_household_without_head_and_with_two_heads(areas, users):
    a, b = id_number(), id_number()
    rows = [row(a, "甲", id_number(), "子女"), row(b, "乙", b), row(b, "丙", id_number())]
    with translation.override("en"):
        errors = errors_of(run(areas, users, csv_bytes(rows)))
    assert "No head" in errors[(2, "户主身份证号")]  # its 户主身份证号 matches no head's row
    assert "more than one head" in errors[(4, "与户主关系")]
    assert nothing_written(areas)


def test_the_heads_row_must_carry_its_own_id_number(areas, users):
    head, other = id_number(), id_number()
    with translation.override("en"):
        errors = errors_of(run(areas, users, csv_bytes([row(head, "甲", other)])))
    assert "head's own ID number" in errors[(2, "户主身份证号")]


def test_missing_columns_is_one_error_naming_them(areas, users):
    result = run(areas, users, csv_bytes([["x", "y", "z"]], headers=["姓名", "备注", "住址"]))
    assert len(result.errors) == 1
    error = result.errors[0]
    assert error.row == 1
    for name in ("户主身份证号", "身份证号", "与户主关系", "城乡类别"):
        assert name in error.reason and name in error.column


def test_wrong_community_column(areas, users):
    head = id_number()
    content = csv_bytes([[*row(head, "张三", head), "柳背桥社区"]], headers=[*HEADERS, "社区"])
    with translation.override("en"):
        assert "Wrong community" in errors_of(run(areas, users, content))[(2, "社区")]
    for written in ("海州社区", " 210204001001 "):
        ok = csv_bytes([[*row(head, "张三", head), written]], headers=[*HEADERS, "社区"])
        assert run(areas, users, ok, dry_run=True).errors == []


def test_household_numbers_from_the_file(areas, users):
    used = make_household(areas.haiyue, users.street).number  # same county, other community
    a, b, c, d = (id_number() for _ in range(4))
    headers = ["户编号", *HEADERS]
    rows = [
        ["H-0001", *row(a, "甲", a)],
        ["H-0001", *row(a, "乙", id_number(), "子女")],  # a member's row repeats its head's number
        ["H-0001", *row(b, "丙", b)],  # 4: another household with the same number
        [used, *row(c, "丁", c)],  # 5: taken in the county
        ["X" * 21, *row(d, "戊", d)],  # 6: too long
    ]
    with translation.override("en"):
        errors = errors_of(run(areas, users, csv_bytes(rows, headers=headers)))
    assert set(errors) == {(4, "户编号"), (5, "户编号"), (6, "户编号")}
    assert "row 2" in errors[(4, "户编号")] and "already used" in errors[(5, "户编号")]
    result = run(areas, users, csv_bytes(rows[:2], headers=headers))
    assert result.households == 1 and Household.objects.get(community=areas.haizhou).number == "H-0001"


def test_dry_run_validates_and_writes_nothing_but_the_record(areas, users):
    _head, rows = family()
    result = run(areas, users, csv_bytes(rows), dry_run=True)
    assert result.errors == [] and (result.households, result.members) == (0, 0)
    assert nothing_written(areas)
    record = RosterImport.objects.get()
    assert record.dry_run and record.outcome == "checked" and record.rows == 3
    bad = run(areas, users, csv_bytes([row("1", "x", "1")]), dry_run=True)
    assert bad.errors and RosterImport.objects.filter(dry_run=True, outcome="refused").count() == 1


def test_a_write_that_fails_halfway_leaves_nothing(areas, users, monkeypatch):
    """The database's own guard: if someone registers a person between check and write, the
    unique constraint stops the bulk insert and nothing of the file remains."""
    _head, first = family()
    _head, second = family()
    taken = second[1][2]
    real_parse = importer.parse

    def parse_then_register(*args, **kwargs):
        parsed = real_parse(*args, **kwargs)
        make_household(areas.haiyue, users.street, head={"id_number": taken})
        return parsed

    monkeypatch.setattr(importer, "parse", parse_then_register)
    result = run(areas, users, csv_bytes(first + second))
    assert result.errors and (result.households, result.members) == (0, 0)
    assert nothing_written(areas)
    assert RosterImport.objects.get().outcome == "refused"


def test_reasons_follow_the_language(areas, users):
    other = id_number()
    content = csv_bytes([row(other, "x", bad_check_digit(other))])
    with translation.override("en"):
        english = errors_of(run(areas, users, content))[(2, "身份证号")]
    assert "check digit" in english
    with translation.override("zh-hans"):
        chinese = errors_of(run(areas, users, content))[(2, "身份证号")]
        expected = translation.gettext(
            "The check digit of this ID number is wrong (the last character should be %(c)s)."
        ) % {"c": other[-1]}
    assert chinese == expected


def test_readers_and_other_communities_cannot_import(areas, users):
    _head, rows = family()
    with pytest.raises(NotFound):
        run(areas, users, csv_bytes(rows), actor="liubeiqiao")
    with pytest.raises(Forbidden):
        run(areas, users, csv_bytes(rows), actor="auditor")
    assert nothing_written(areas) and not RosterImport.objects.exists()


def test_unreadable_files_are_refused_with_a_reason(areas, users):
    assert "xlsx" in run(areas, users, b"hello", name="a.pdf").errors[0].reason
    assert run(areas, users, b"\x00\x01garbage", name="a.xlsx").errors
    assert run(areas, users, "\ufffe".encode("utf-16"), name="a.csv").errors
    assert RosterImport.objects.filter(outcome="refused").count() == 3


def test_checks_against_the_database_are_set_based(areas, users):
    rows = []
    for _ in range(40):
        _head, members = family()
        rows += members
    content = csv_bytes(rows)
    table = importer.reader.read("a.csv", content)
    with CaptureQueriesContext(connection) as queries:
        new, errors = importer.parse(
            table, area=areas.haizhou, county=areas.county, actor=users.haizhou, today=TODAY
        )
    assert errors == [] and len(new) == 40
    assert len(queries) <= 2  # one for the ID numbers, one for the household numbers at most


def test_result_json_shape(areas, users):
    _head, rows = family()
    document = json.loads(json.dumps(run(areas, users, csv_bytes(rows), name="a.csv").as_dict()))
    assert document["households"] == 1 and document["members"] == 3 and document["errors"] == []
    assert document["file"] == "a.csv" and document["community"] == "210204001001"
    assert document["dry_run"] is False and document["outcome"] == "imported"


# A CSV a spreadsheet opened and saved, names that are formulas, and files of a street or county ---


def cut_to_15(number: str) -> str:
    """What a spreadsheet saves of a long number: its first 15 digits and zeros."""
    return number[:15] + "0" * (len(number) - 15)


def valid(number: str) -> bool:
    try:
        idnumbers.parse(number)
    except DomainError:
        return False
    return True


def test_digits_a_spreadsheet_damaged_are_refused_as_damaged_not_as_the_wrong_length(areas, users):
    a, c = id_number(), id_number()
    b = next(n for n in (id_number() for _ in range(100)) if not valid(cut_to_15(n)))
    rows = [
        row("2.10204196410257E+17", "甲", "2.10204196410257E+17"),  # row 2: what Excel shows and saves
        row(cut_to_15(b), "乙", cut_to_15(b)),  # row 3: 15 digits kept, zeros after them
        row(c, "丙", c, 银行账号="6.22848E+18"),  # row 4: an account in scientific notation
        row(a, "丁", a, 联系电话="1.38E+10"),  # row 5: a phone too
    ]
    with translation.override("en"):
        errors = errors_of(run(areas, users, csv_bytes(rows)))
    damaged = {key for key, reason in errors.items() if "damaged" in reason and "15" in reason}
    assert {
        (2, "户主身份证号"),
        (2, "身份证号"),
        (3, "身份证号"),
        (4, "银行账号"),
        (5, "联系电话"),
    } <= damaged
    assert not any("18 characters" in reason for reason in errors.values())
    assert nothing_written(areas)


def test_a_real_number_ending_in_zeros_is_not_taken_for_a_damaged_one(areas, users):
    # A valid ID number ending in 000 (its check digit says it is whole), and an account ending in
    # zeros: neither is refused, since a real number may end so.
    candidates = (
        f"2102041970{month:02d}{day:02d}{first}000"
        for month in (1, 2, 3)
        for day in range(1, 29)
        for first in "123456789"
    )
    head = next(n for n in candidates if valid(n))
    assert digits.cut_short(head)
    account = "6228480000000000000"
    assert run(areas, users, csv_bytes([row(head, "甲", head, 银行账号=account)])).errors == []


def test_a_name_a_spreadsheet_would_run_is_refused(areas, users):
    a, b = id_number(), id_number()
    rows = [row(a, '=HYPERLINK("http://x","a")', a), row(b, "@SUM(1+1)", b)]
    with translation.override("en"):
        errors = errors_of(run(areas, users, csv_bytes(rows)))
    assert "formula" in errors[(2, "姓名")] and "formula" in errors[(3, "姓名")]
    assert nothing_written(areas)


def test_a_streets_file_puts_each_household_into_the_community_its_row_names(areas, users):
    a, b, c, d = (id_number() for _ in range(4))
    headers = [*HEADERS, "社区"]
    rows = [
        [*row(a, "甲", a), "海州社区"],
        [*row(a, "甲子", id_number(), "子女"), ""],  # a member's row may leave it to the head's
        [*row(b, "乙", b), "210204001002"],  # by its code
    ]
    result = import_roster(
        filename="street.csv",
        content=csv_bytes(rows, headers=headers),
        area=areas.xinghaiwan,
        actor=users.street,
    )
    assert result.errors == [] and result.households == 2
    assert Household.objects.get(members__id_number=a).community == areas.haizhou
    assert Household.objects.get(members__id_number=b).community == areas.haiyue
    wrong = [
        [*row(c, "丙", c), "柳背桥社区"],  # row 2: another street's community
        [*row(d, "丁", d), ""],  # row 3: a head's row must say
    ]
    with translation.override("en"):
        refused = import_roster(
            filename="w.csv",
            content=csv_bytes(wrong, headers=headers),
            area=areas.xinghaiwan,
            actor=users.street,
        )
    errors = errors_of(refused)
    assert "No community of 星海湾街道" in errors[(2, "社区")]
    assert "required" in errors[(3, "社区")]
    assert set(errors) == {(2, "社区"), (3, "社区")}
    with pytest.raises(NotFound):  # a community worker may not import into the street
        import_roster(
            filename="x.csv",
            content=csv_bytes(rows, headers=headers),
            area=areas.xinghaiwan,
            actor=users.haizhou,
        )


def test_a_member_row_naming_another_community_than_its_heads_is_refused(areas, users):
    a = id_number()
    rows = [[*row(a, "甲", a), "海州社区"], [*row(a, "甲子", id_number(), "子女"), "海月社区"]]
    with translation.override("en"):
        errors = errors_of(
            import_roster(
                filename="w.csv",
                content=csv_bytes(rows, headers=[*HEADERS, "社区"]),
                area=areas.county,
                actor=users.county,
            )
        )
    assert "one community" in errors[(3, "社区")]
