"""The one-stop settlement import: matched, disputed by amount and by status, refused whole."""

import datetime
import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from dibao.assistance.models import SettlementImport, SettlementRow
from dibao.assistance.reports import report

from .support import disposable_income, holding

ARGS = ("--county", "210204", "--month", "2026-03", "--json")

HEADER = (
    "姓名,身份证号码,医院,入院日期,出院日期,类别,总费用,基本医保支付,大病保险支付,政策内自付,医疗救助金额\n"
)


def line(person, paid, cost="10000", day="2026-03-10", kind="住院", name="张三"):
    return f"{name},{person},大连市中心医院,{day},{day},{kind},30000,15000,0,{cost},{paid}\n"


def run(tmp_path, text, encoding="gb18030"):
    path = tmp_path / "结算.csv"
    path.write_bytes(text.encode(encoding))
    out = StringIO()
    call_command(
        "import_settlement", str(path), "--county", "210204", "--month", "2026-03", "--json", stdout=out
    )
    return json.loads(out.getvalue().strip().splitlines()[-1])


def test_matched_and_disputed_rows(areas, users, tmp_path):
    disposable_income(areas.county, "40000")
    dibao = holding(areas.haizhou, users.haizhou, "dibao")
    near = holding(areas.liubeiqiao, users.liubeiqiao, "near_poverty")
    later = holding(areas.haizhou, users.haizhou, "dibao", since=datetime.date(2026, 4, 1))
    answer = run(
        tmp_path,
        HEADER
        + line(dibao.id_number, "7000.00")
        + line(near.id_number, "3600")
        + line(dibao.id_number, "7000", day="2026-03-20")  # the second stay: still 7000 left of the cap
        + line(near.id_number, "9999", day="2026-03-25")  # the deductible already met: 6000 by the rules
        + line(later.id_number, "7000"),  # no status yet on the date
    )
    assert answer["rows"] == 5 and answer["matched"] == 3
    assert answer["matched_total"] == "17600.00" and answer["disputed"] == 2
    rows = {r.row: r for r in SettlementRow.objects.all()}
    assert rows[5].outcome == "amount" and rows[5].expected == Decimal("6000.00")
    assert rows[6].outcome == "status"


def test_a_malformed_file_is_refused_with_nothing_written(areas, users, tmp_path):
    dibao = holding(areas.haizhou, users.haizhou, "dibao")
    text = HEADER + line(dibao.id_number, "7000") + line("123", "abc", day="2026-02-30", kind="牙科")
    path = tmp_path / "bad.csv"
    path.write_bytes(text.encode("utf-8-sig"))
    out = StringIO()
    with pytest.raises(CommandError, match="row 3"):
        call_command(
            "import_settlement", str(path), "--county", "210204", "--month", "2026-03", "--json", stdout=out
        )
    errors = json.loads(out.getvalue())["errors"]
    assert {e["column"] for e in errors} == {"身份证号码", "入院日期", "出院日期", "类别", "医疗救助金额"}
    assert {e["row"] for e in errors} == {3}
    assert not SettlementImport.objects.exists() and not SettlementRow.objects.exists()


def test_an_unknown_person_is_disputed(areas, users, tmp_path):
    from tests.factories import id_number

    answer = run(tmp_path, HEADER + line(id_number(), "100"))
    assert answer["matched"] == 0 and answer["disputed"] == 1
    assert SettlementRow.objects.get().outcome == "unknown"


def test_the_report_counts_the_one_stop_rows_beside_the_grants_not_in_them(areas, users, tmp_path):
    disposable_income(areas.county, "40000")
    dibao = holding(areas.haizhou, users.haizhou, "dibao")
    near = holding(areas.liubeiqiao, users.liubeiqiao, "near_poverty")
    later = holding(areas.haizhou, users.haizhou, "dibao", since=datetime.date(2026, 4, 1))
    run(
        tmp_path,
        HEADER
        + line(dibao.id_number, "7000.00")
        + line(near.id_number, "3600")
        + line(dibao.id_number, "7000", day="2026-03-20")
        + line(later.id_number, "7000"),  # no status yet on the date: disputed
    )
    county = report(areas.county, year=2026, month=3)
    assert county["one_stop"]["matched"] == {
        "times": 3,
        "households": 2,
        "amount": "17600.00",
        "amount_wan": "1.76",
    }
    assert county["one_stop"]["disputed"]["times"] == 1
    assert county["total"]["times"] == 0  # paid by the hospitals, not granted
    # A community counts its own people's rows; the year is the sum of its months.
    haizhou = report(areas.haizhou, year=2026, month=3)["one_stop"]["matched"]
    assert (haizhou["times"], haizhou["amount"]) == (2, "14000.00")
    assert report(areas.county, year=2026)["one_stop"] == county["one_stop"]
    assert report(areas.county, year=2026, month=4)["one_stop"]["matched"]["times"] == 0
    assert "one_stop" not in report(areas.county, year=2026, program="temporary")
