"""Coverage (保障面): persons on the books over the population a county enters or imports for an
area and a year — per cent to two places, blank where no population is entered."""

from decimal import Decimal

import pytest

from dibao.core.audit import AuditEntry
from dibao.core.errors import DomainError, Forbidden, NotFound
from dibao.statistics.models import Population
from dibao.statistics.selectors import statistics
from dibao.statistics.services import PopulationRefused, population_import, population_set
from tests.statistics.support import FEB, granted


@pytest.fixture
def books(areas, users):  # type: ignore[no-untyped-def]
    actor = users.county
    granted(areas.haizhou, actor, "500", 2, "A", FEB)
    granted(areas.haiyue, actor, "300", 1, "B", FEB)
    granted(areas.liubeiqiao, actor, "260", 1, "", FEB)
    granted(areas.haizhou, actor, "400", 3, "B", FEB)


def test_coverage_by_area(areas, users, books):
    population_set(
        county=areas.county,
        year=2026,
        values={"210204": "200", "210204001000": "150", "210204001001": "1,30", "210204002000": ""},
        actor=users.county,
    )
    result = statistics(areas.county, FEB, by="area")
    by_street = {row.keys[0].code: row.figures for row in result.rows}
    assert result.total.persons == 7 and result.total.coverage == Decimal("3.50")
    assert by_street["210204001000"].persons == 6 and by_street["210204001000"].coverage == Decimal("4.00")
    assert by_street["210204002000"].coverage is None  # no population entered
    community = statistics(areas.county, FEB, by="community")
    haizhou = next(row for row in community.rows if row.keys[0].code == "210204001001")
    assert haizhou.figures.persons == 5 and haizhou.figures.coverage == Decimal("3.85")  # 5 ÷ 130
    body = result.as_json()
    assert body["total"]["coverage"] == "3.50"
    assert {row["area"]: row["coverage"] for row in body["rows"]}["210204002000"] is None


def test_another_year_has_its_own_population(areas, users, books):
    population_set(county=areas.county, year=2025, values={"210204": "100"}, actor=users.county)
    assert statistics(areas.county, FEB).total.coverage is None
    population_set(county=areas.county, year=2026, values={"210204": "700"}, actor=users.county)
    assert statistics(areas.county, FEB).total.coverage == Decimal("1.00")


def test_only_the_county_keeps_it(areas, users):
    with pytest.raises(Forbidden):
        population_set(county=areas.county, year=2026, values={"210204": "1"}, actor=users.auditor)
    with pytest.raises(NotFound):
        population_set(county=areas.county, year=2026, values={"210204": "1"}, actor=users.street)
    with pytest.raises(NotFound):  # an area outside the county
        population_set(county=areas.county, year=2026, values={"110101": "1"}, actor=users.county)
    with pytest.raises(DomainError) as refused:
        population_set(county=areas.county, year=2026, values={"210204": "-3"}, actor=users.county)
    assert "population_210204" in refused.value.errors
    assert not Population.objects.exists()


def test_set_changes_and_takes_away_with_an_audit_entry(areas, users):
    population_set(county=areas.county, year=2026, values={"210204": "100"}, actor=users.county)
    population_set(county=areas.county, year=2026, values={"210204": "120"}, actor=users.county)
    assert Population.objects.get().population == 120
    population_set(county=areas.county, year=2026, values={"210204": ""}, actor=users.county)
    assert not Population.objects.exists()
    actions = list(
        AuditEntry.objects.filter(object_type="statistics.population").values_list("action", flat=True)
    )
    assert sorted(actions) == ["create", "delete", "update"]


def test_import_a_file(areas, users):
    haizhou_name = areas.haizhou.name
    content = f"区划代码,区划名称,年份,人口数\n210204,,2026,200\n,{haizhou_name},2026,130\n".encode()
    assert population_import(county=areas.county, filename="p.csv", content=content, actor=users.county) == 2
    assert dict(Population.objects.values_list("area__code", "population")) == {
        "210204": 200,
        "210204001001": 130,
    }


def test_a_wrong_row_refuses_the_whole_file(areas, users):
    content = "区划代码,年份,人口数\n210204,2026,200\n999999,2026,10\n210204001000,20x6,abc\n".encode()
    with pytest.raises(PopulationRefused) as refused:
        population_import(county=areas.county, filename="p.csv", content=content, actor=users.county)
    errors = [(e.row, e.column) for e in refused.value.row_errors]
    assert errors == [(3, "区划代码"), (4, "年份"), (4, "人口数")]
    assert not Population.objects.exists()


def test_a_file_without_the_columns_is_refused(areas, users):
    with pytest.raises(DomainError) as refused:
        population_import(
            county=areas.county, filename="p.csv", content="名称,备注\n甲,乙\n".encode(), actor=users.county
        )
    assert "file" in refused.value.errors


def test_the_county_page(areas, users, login, books):
    client = login(users.county)
    page = client.get("/statistics/population/?year=2026")
    assert page.status_code == 200
    answer = client.post(
        "/statistics/population/",
        {"year": "2026", "population_210204": "200", "population_210204001001": "x"},
    )
    assert answer.status_code == 200 and "population_210204001001" in answer.context["form"].errors
    assert not Population.objects.exists()
    answer = client.post("/statistics/population/", {"year": "2026", "population_210204": "200"})
    assert answer.status_code == 302
    shown = client.get("/statistics/?area=210204&month=2026-02").content.decode()
    assert "3.50" in shown
    bad = client.post(
        "/statistics/population/import/",
        {"year": "2026", "file": _upload("区划代码,人口数\n999,5\n")},
    )
    assert bad.status_code == 400 and bad.context["row_errors"][0].row == 2
    good = client.post(
        "/statistics/population/import/", {"year": "2026", "file": _upload("区划代码,人口数\n210204,700\n")}
    )
    assert good.status_code == 302 and Population.objects.get(area=areas.county).population == 700
    api = client.get("/api/v1/statistics/?month=2026-02")
    assert api.json()["total"]["coverage"] == "1.00"


def test_others_may_not_keep_it(areas, users, login):
    assert login(users.street).get("/statistics/population/").status_code == 403
    assert login(users.haizhou).post("/statistics/population/", {"year": "2026"}).status_code == 403


def _upload(text: str):  # type: ignore[no-untyped-def]
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("p.csv", text.encode(), content_type="text/csv")


def _sheet(content: bytes) -> list[list]:  # type: ignore[type-arg]
    import io

    from python_calamine import CalamineWorkbook

    return CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0).to_python()


def test_the_workbook_shows_coverage_by_area_and_notes_the_blanks(areas, users, books, login, tmp_path):
    from django.core.management import call_command

    from dibao.statistics.workbook import statistics_xlsx

    population_set(
        county=areas.county, year=2026, values={"210204": "200", "210204001000": "150"}, actor=users.county
    )
    rows = _sheet(statistics_xlsx(statistics(areas.county, FEB, by="street")))
    at = rows[2].index("保障面（%）")
    by_name = {row[0]: row for row in rows[3:]}
    assert by_name["星海湾街道"][at] == 4.0  # 6 ÷ 150
    assert by_name["石桥铺街道"][at] == ""  # no population entered: blank, not nought
    assert by_name["合计"][at] == 3.5  # 7 ÷ 200
    note = next(str(row[0]) for row in rows if "石桥铺街道" in str(row[0]) and "2026" in str(row[0]))
    assert "星海湾街道" not in note
    out = tmp_path / "s.xlsx"
    call_command("statistics", "--area", "210204", "--month", "2026-02", "--by", "street", "--xlsx", str(out))
    assert _sheet(out.read_bytes()) == rows
    page = login(users.county).get("/statistics/", {"month": "2026-02", "by": "street", "format": "xlsx"})
    assert _sheet(page.content) == rows


def test_the_workbook_without_any_population_says_so(areas, books):
    from dibao.statistics.workbook import statistics_xlsx

    rows = _sheet(statistics_xlsx(statistics(areas.county, FEB)))
    at = rows[2].index("保障面（%）")
    total = next(row for row in rows if row[0] == "合计")
    assert total[at] == "" and total[1] == 4  # persons counted; no population to measure them by
    assert any("沙河口区" in str(row[0]) and "未录入" in str(row[0]) for row in rows)
