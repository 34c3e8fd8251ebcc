import datetime
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from dibao.core.audit import AuditEntry
from dibao.core.errors import DomainError, NotFound
from dibao.crosschecks import services
from dibao.crosschecks.models import Flag, FlagState, SourceImport
from dibao.crosschecks.reading import Refused
from dibao.crosschecks.work import flags_to_work
from dibao.registry.services import household_status_record
from dibao.reviews.models import Review
from tests.factories import bad_check_digit, id_number, make_household, member_data

from .support import JAN, a_receiving, csv_bytes, head_of, paid

FEB, MAR = datetime.date(2026, 2, 1), datetime.date(2026, 3, 1)


def run(areas, kind, rows, actor=None, name="file.csv", encoding="gb18030"):  # type: ignore[no-untyped-def]
    return services.crosscheck_import(
        county=areas.county, kind=kind, file_name=name, content=csv_bytes(rows, encoding), actor=actor
    )


def test_a_death_before_the_last_paid_month_is_flagged_with_what_to_recover(areas, users):
    single = a_receiving(areas, users)
    couple = a_receiving(areas, users, members=1)
    for month in (JAN, FEB, MAR):
        paid(areas, users, month)
    died = head_of(single)
    spouse = couple.household.members.get(relation="spouse")
    outsider = id_number()
    rows = [
        ["公民身份号码", "姓名", "死亡日期"],
        [died.id_number, died.name, "2026-01-20"],  # paid February and March after it
        [spouse.id_number, spouse.name, "2026-03-02"],  # nothing paid after March
        [outsider, "路人", "2026-01-05"],
    ]
    done = run(areas, "death", rows, actor=users.county)
    assert (done.source.rows, done.source.matched) == (3, 2)
    [flag] = done.flags
    assert flag.member == died and flag.rule == "paid_after_death"
    lines = single.household.entitlements.get().amount
    assert flag.to_recover == 2 * lines  # February and March, the whole household's (one person)
    assert flag.evidence["on_date"] == "2026-01-20" and flag.evidence["row"] == 2
    assert "死亡" in flag.rule_text or "died" in flag.rule_text.lower()
    assert AuditEntry.objects.filter(object_type="crosschecks.flag", object_id=str(flag.pk)).exists()


def test_a_household_payment_counts_the_dead_persons_share(areas, users):
    couple = a_receiving(areas, users, members=1)
    paid(areas, users, JAN)
    paid(areas, users, FEB)
    spouse = couple.household.members.get(relation="spouse")
    done = run(areas, "death", [["身份证号", "火化日期"], [spouse.id_number, "2026-01-31"]], users.county)
    [flag] = done.flags
    from dibao.payroll.models import Line

    line = Line.objects.get(household=couple.household, run__month=FEB)
    assert flag.to_recover == (line.total / line.persons).quantize(Decimal("0.01"))


def test_vehicles_homes_business_and_public_servants_by_the_countys_rules(areas, users):
    a = head_of(a_receiving(areas, users, head=member_data(disability_type="limb", disability_grade=2)))
    b = head_of(a_receiving(areas, users))
    c = head_of(a_receiving(areas, users))
    vehicles = [
        ["号牌号码", "车辆类型", "身份证号码", "车辆价值(元)"],
        ["辽B12345", "残疾人机动轮椅车", a.id_number, "3000"],  # a disabled member's: allowed
        ["辽B54321", "小型轿车", b.id_number, "80000"],
        ["辽B99999", "残疾人机动轮椅车", c.id_number, ""],  # c is not disabled
    ]
    done = run(areas, "vehicle", vehicles, users.county)
    assert {f.member_id for f in done.flags} == {b.pk, c.pk}
    homes = [
        ["权利人", "身份证号码", "房屋坐落", "建筑面积", "房屋用途"],
        ["x", a.id_number, "海州街1号", "60", "住宅"],
        ["x", b.id_number, "海州街2号", "60", "住宅"],
        ["x", b.id_number, "海州街3号", "40", "住宅"],
        ["x", c.id_number, "中山路5号", "20", "商业"],
        ["x", a.id_number, "车位12", "12", "车位"],
    ]
    done = run(areas, "property", homes, users.county)
    assert sorted((f.member_id, f.rule) for f in done.flags) == sorted(
        [(b.pk, "homes"), (b.pk, "homes"), (c.pk, "not_a_home")]
    )
    services.check_rule_set(county=areas.county, data={"homes_allowed": "2"}, actor=users.county)
    again = run(areas, "property", homes, users.county)
    assert again.flags == [] and again.already == 1  # the shop, flagged before
    done = run(
        areas, "business", [["身份证号", "企业名称", "职务"], [a.id_number, "某公司", "股东"]], users.county
    )
    assert [f.rule for f in done.flags] == ["business"]
    done = run(areas, "public_servant", [["身份证号码", "工作单位"], [c.id_number, "某局"]], users.county)
    assert [f.rule for f in done.flags] == ["public_servant"]


def test_a_pension_above_the_countys_share_of_the_standard(areas, users):
    a = head_of(a_receiving(areas, users))
    b = head_of(a_receiving(areas, users))
    rows = [["身份证号", "月养老金", "领取月数"], [a.id_number, "360.00", "12"], [b.id_number, "360.01", "3"]]
    done = run(areas, "pension", rows, users.county)
    assert [f.member_id for f in done.flags] == [b.pk]
    assert done.flags[0].evidence["threshold"] == "360.00"
    services.check_rule_set(county=areas.county, data={"income_share": "50"}, actor=users.county)
    done = run(areas, "social_insurance", [["公民身份号码", "缴费基数"], [a.id_number, "200"]], users.county)
    assert [f.member_id for f in done.flags] == [a.pk] and "50%" in done.flags[0].rule_text


def test_applicants_are_matched_and_registered_only_households_are_not(areas, users):
    applying = make_household(areas.haizhou, users.haizhou)
    household_status_record(household=applying, status="applying", actor=users.haizhou)
    registered = make_household(areas.haizhou, users.haizhou)
    rows = [
        ["身份证号码", "工作单位"],
        [head_of_h(applying).id_number, "某局"],
        [head_of_h(registered).id_number, "某局"],
    ]
    done = run(areas, "public_servant", rows, users.county)
    assert done.source.matched == 1 and [f.household_id for f in done.flags] == [applying.pk]


def head_of_h(household):  # type: ignore[no-untyped-def]
    return household.members.get(relation="self")


def test_a_bad_row_refuses_the_file_with_every_reason_and_writes_nothing(areas, users):
    a = head_of(a_receiving(areas, users))
    rows = [
        ["身份证号码", "死亡日期"],
        [a.id_number, "2026-01-01"],
        [bad_check_digit(a.id_number), "2026-01-01"],
        [a.id_number, "去年"],
    ]
    with pytest.raises(Refused) as refused:
        run(areas, "death", rows, users.county, encoding="utf-8-sig")
    assert [(e.row, e.column) for e in refused.value.errors] == [(3, "身份证号码"), (4, "死亡日期")]
    assert "校验" in refused.value.errors[0].reason
    assert not SourceImport.objects.exists()
    with pytest.raises(Refused) as missing:
        run(areas, "vehicle", [["身份证号码", "车辆类型"], [a.id_number, "轿车"]], users.county)
    assert "号牌号码" in missing.value.errors[0].reason


def test_only_the_county_imports_and_a_flag_is_worked_in_its_community(areas, users):
    a = head_of(a_receiving(areas, users))
    with pytest.raises(NotFound):
        run(areas, "public_servant", [["身份证号码", "工作单位"], [a.id_number, "某局"]], users.haizhou)
    [flag] = run(areas, "public_servant", [["身份证号码", "工作单位"], [a.id_number, "某局"]]).flags
    with pytest.raises(NotFound):
        services.flag_dismiss(flag=flag, reason="已核实", actor=users.liubeiqiao)
    with pytest.raises(DomainError):
        services.flag_dismiss(flag=flag, reason=" ", actor=users.haizhou)
    services.flag_dismiss(flag=flag, reason="已于去年离职，单位出具证明", actor=users.haizhou)
    flag.refresh_from_db()
    assert flag.state == FlagState.DISMISSED and flag.worked_by == users.haizhou
    with pytest.raises(DomainError):
        services.flag_review(flag=flag, actor=users.haizhou)


def test_a_flag_opens_a_review_with_its_evidence_and_shows_on_the_desk(areas, users):
    a = head_of(a_receiving(areas, users))
    [flag] = run(
        areas, "vehicle", [["身份证号码", "号牌号码", "车辆类型"], [a.id_number, "辽B1", "轿车"]]
    ).flags
    desk = flags_to_work(users.haizhou, datetime.date.today(), 10)
    assert desk.count == 1 and desk.items[0].household == a.household.number
    assert flags_to_work(users.liubeiqiao, datetime.date.today(), 10).count == 0
    review = services.flag_review(flag=flag, actor=users.haizhou)
    assert isinstance(review, Review) and review.change_kind == "assets"
    assert "辽B1" in review.description and flag.rule_text in review.description
    flag.refresh_from_db()
    assert flag.state == FlagState.REVIEWED and flag.review == review
    assert flags_to_work(users.haizhou, datetime.date.today(), 10).count == 0


def test_the_command_prints_rows_matches_and_flags_and_fails_on_a_refused_file(
    areas, users, tmp_path, capsys
):
    a = head_of(a_receiving(areas, users))
    good = tmp_path / "gz.csv"
    good.write_bytes(csv_bytes([["身份证号码", "工作单位"], [a.id_number, "某局"], [id_number(), "某局"]]))
    call_command("cross_check", str(good), "--source", "public_servant", "--county", "210204", "--json")
    out = json.loads(capsys.readouterr().out)
    assert (out["rows"], out["matched"]) == (2, 1)
    [flag] = out["flags"]
    assert flag["household"] == a.household.number and flag["member"] == a.id_number
    assert flag["rule"] and flag["evidence"]["label"] == "某局"
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_bytes([["身份证号码", "工作单位"], ["123", "某局"]]))
    with pytest.raises(CommandError):
        call_command("cross_check", str(bad), "--source", "public_servant", "--county", "210204")
    assert Flag.objects.count() == 1
