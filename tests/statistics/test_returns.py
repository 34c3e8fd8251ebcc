"""The standard returns: the monthly return and the year-end figures of a worked example, the
xlsx layout read back, the Word document's figures equal to the engine's, and the scoping."""

import io
import json
from decimal import Decimal

import docx
import pytest
from django.core.management import call_command
from python_calamine import CalamineWorkbook

from dibao.benefits.models import MovementKind
from dibao.statistics import engine
from dibao.statistics.return_files import monthly_return_xlsx, year_end_docx, year_end_paragraphs
from dibao.statistics.returns import monthly_return, year_end
from tests.statistics.support import FEB, MAR, D, grant, granted, stop

JUN = D(2026, 6, 1)


@pytest.fixture
def books(areas, users):  # type: ignore[no-untyped-def]
    actor = users.county
    haizhou = granted(areas.haizhou, actor, "500", 2, "A", FEB)
    granted(areas.haiyue, actor, "300", 1, "B", FEB)
    h = granted(areas.liubeiqiao, actor, "260", 1, "", FEB, urban_rural="rural")
    stop(h, MovementKind.TERMINATE, D(2026, 2, 10), "death", actor)
    grant(haizhou, "600", 2, "A", JUN, actor)  # raised


def test_the_monthly_return_of_a_worked_example(areas, books):
    february = monthly_return(areas.county, FEB)
    dibao = next(line for line in february.lines if line.program == "dibao")
    assert (dibao.households, dibao.persons) == ({"urban": 2, "rural": 1}, {"urban": 3, "rural": 1})
    assert dibao.month_amount == Decimal("1060.00")
    march = monthly_return(areas.county, MAR)
    dibao = next(line for line in march.lines if line.program == "dibao")
    assert (dibao.total_households, dibao.total_persons, dibao.households["rural"]) == (2, 3, 0)
    assert dibao.month_amount == Decimal("800.00")
    assert dibao.year_amount_wan == Decimal("0.1860")  # 1,060 + 800
    assert march.total.cells() == dibao.cells()  # no other program pays here
    stats = engine.month_rows(engine.Scope(areas.county, "dibao"), MAR, ())
    assert stats[()].fen == dibao.month_fen


def test_the_monthly_return_workbook_has_the_fixed_layout(areas, books):
    result = monthly_return(areas.county, MAR)
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(monthly_return_xlsx(result))).get_sheet_by_index(0)
    rows = sheet.to_python()
    assert "沙河口区" in rows[0][0] and "2026" in rows[0][0] and "03" in rows[0][0]
    assert "万元" in rows[1][0]
    assert rows[2][1].startswith("户数") and rows[2][4].startswith("人数") and "万元" in rows[2][8]
    assert rows[3][1:4] == ["合计", "城市", "农村"]
    names = [row[0] for row in rows[4:]]
    line = rows[4 + names.index("最低生活保障")] if "最低生活保障" in names else None
    dibao = next(r for r in rows[4:] if r[1] == 2)
    assert dibao[1:9] == [2, 2, 0, 3, 3, 0, 800, 0.186]  # then the persons by member category
    assert line is None or line == dibao
    total = next(r for r in rows[4:] if r[0] == "合计")
    assert total[1:9] == dibao[1:9]
    assert any("填表人" in str(r[0]) for r in rows)
    merged = sheet.merged_cell_ranges or []
    assert ((0, 0), (0, 19)) in merged and ((2, 1), (2, 3)) in merged and ((2, 9), (2, 19)) in merged


def test_the_year_end_of_a_worked_example(areas, books):
    result = year_end(areas.county, 2026)
    assert result.last_month == D(2026, 12, 1)
    assert [(c.benefit_class, c.households, c.persons, c.month_amount) for c in result.classes] == [
        ("A", 1, 2, Decimal("600.00")),
        ("B", 1, 1, Decimal("300.00")),
    ]
    assert (result.at_end.households, result.at_end.persons, result.at_end.month_amount) == (
        2,
        3,
        Decimal("900"),
    )
    f = result.figures
    assert (f.new, f.stopped, f.raised, f.lowered) == (3, 1, 1, 0)
    assert f.stop_reasons()[0][1:] == ("死亡", 1)
    assert f.amount == Decimal("9760.00")  # 500×4 + 600×7, 300×11, 260
    assert result.per_household_year == Decimal("5092.17")  # 9,760 × 12 ÷ 23 household-months
    assert result.per_person_year == Decimal("3444.71")  # 9,760 × 12 ÷ 34 person-months
    assert result.applications == {"received": 0, "approved": 0, "rejected": 0}
    assert (result.one_off_times, result.labour_sessions, result.holiday_households) == (0, 0, 0)


def test_the_word_document_says_the_engines_figures(areas, books):
    result = year_end(areas.county, 2026)
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(year_end_docx(result))).paragraphs)
    assert "低保总户数2户、3人，月保障金900.00元" in text or "2户、3人" in text
    for paragraph in year_end_paragraphs(result):
        assert paragraph in text
    for figure in ("9760.00", "5092.17", "3444.71", "0.9760"):
        assert figure in text
    assert "死亡1户" in text


def test_the_command_and_the_pages(areas, users, books, client, tmp_path):
    out = io.StringIO()
    path = tmp_path / "y.docx"
    call_command("year_end", "--area", "210204", "--year", "2026", "--json", "--docx", str(path), stdout=out)
    body = json.loads(out.getvalue())
    assert (body["households"], body["amount"], body["per_household_year"]) == (2, "9760.00", "5092.17")
    assert "5092.17" in "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
    client.force_login(users.street)
    page = client.get("/statistics/returns/monthly/", {"month": "2026-03"})
    assert page.status_code == 200 and "星海湾" in page.content.decode()
    xlsx = client.get("/statistics/returns/monthly/", {"month": "2026-03", "format": "xlsx"})
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith("application/vnd.openxml")
    page = client.get("/statistics/returns/year-end/", {"year": "2026"})
    assert page.status_code == 200 and "月保障金900.00元" in page.content.decode()  # 海州 and 海悦
    word = client.get("/statistics/returns/year-end/", {"year": "2026", "format": "docx"})
    assert word.status_code == 200 and word.content[:2] == b"PK"
    for url in ("/statistics/returns/monthly/", "/statistics/returns/year-end/"):
        assert client.get(url, {"area": "210204002001"}).status_code == 404
        assert client.get(url, {"area": "210204"}).status_code == 404


def test_the_year_end_counts_the_stopped_persons_and_amounts(areas, users, books):
    actor = users.county
    h = granted(areas.haiyue, actor, "420", 3, "C", FEB)
    stop(h, MovementKind.SUSPEND, D(2026, 8, 20), "income_above", actor)  # effective September
    later = granted(areas.haiyue, actor, "100", 1, "C", FEB)
    stop(later, MovementKind.TERMINATE, D(2026, 12, 20), "death", actor)  # effective 2027-01
    result = year_end(areas.county, 2026)
    assert (result.stopped.households, result.stopped.persons) == (2, 4) == (result.figures.stopped, 4)
    assert result.stopped.month_amount == Decimal("680.00")  # 260 + 420: the full monthly amounts
    by_reason = {
        line.stop_reason: (line.label, line.households, line.persons) for line in result.stopped_by_reason
    }
    assert by_reason == {"death": ("死亡", 1, 1), "income_above": (by_reason["income_above"][0], 1, 3)}
    body = result.as_json()
    assert (body["stopped"], body["stopped_persons"], body["stopped_month_amount"]) == (2, 4, "680.00")
    assert body["stopped_by_reason"][0] == {
        "stop_reason": "death",
        "stop_reason_label": "死亡",
        "count": 1,
        "persons": 1,
        "month_amount": "260.00",
    }
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(year_end_docx(result))).paragraphs)
    assert "今年共取消2户4人，月保障金680.00元" in text and "死亡1户1人" in text
    assert year_end(areas.county, 2027).stopped.households == 1  # January 2027's stop is 2027's
    later = result.stopping_later  # still on the books in December, its stop already decided
    assert (later.households, later.persons, later.month_amount) == (1, 1, Decimal("100.00"))
    assert body["stopping_later"] == {"households": 1, "persons": 1, "month_amount": "100.00"}
    assert "已决定，以后月份生效：1户1人（月保障金100.00元）自2026-12以后停发" in text
    assert year_end(areas.county, 2027).stopping_later.households == 0


def test_the_year_end_page_lists_the_stops(areas, users, books, login, django_assert_max_num_queries):
    client = login(users.county)
    with django_assert_max_num_queries(140):  # a dozen a month, whatever the households
        page = client.get("/statistics/returns/year-end/", {"year": "2026"})
    text = page.content.decode()
    assert page.status_code == 200 and 'id="stopped-total"' in text and "死亡" in text
    assert "今年共取消1户1人，月保障金260.00元" in text


def test_the_year_end_says_the_class_changes(areas, users, books):
    h = granted(areas.haiyue, users.county, "300", 1, "C", FEB)
    grant(h, "300", 1, "B", D(2026, 5, 1), users.county)  # same amount, another class
    result = year_end(areas.county, 2026)
    assert result.figures.class_changed == result.as_json()["class_changed"] == 1
    assert "调整保障类别1户" in "\n".join(year_end_paragraphs(result))
