"""The monthly return through `dibao statistics-return` and `GET /api/v1/statistics/returns/`: the
figures of the page and of the engine, one program or all, scoped to the user's area, and every
wrong county, month or program refused on its field."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from python_calamine import CalamineWorkbook

from dibao.benefits.models import MovementKind
from dibao.policy.models import Program
from dibao.statistics.returns import monthly_return
from tests.api_support import api_as
from tests.statistics.support import FEB, MAR, D, granted, stop

API = "/api/v1/statistics/returns/"


@pytest.fixture
def books(areas, users):  # type: ignore[no-untyped-def]
    actor = users.county
    granted(areas.haizhou, actor, "500", 2, "A", FEB)
    granted(areas.haiyue, actor, "300", 1, "B", FEB)
    h = granted(areas.liubeiqiao, actor, "260", 1, "", FEB, urban_rural="rural")
    stop(h, MovementKind.TERMINATE, D(2026, 2, 10), "death", actor)


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("statistics_return", *args, stdout=out)
    return out.getvalue()


def test_the_command_prints_one_programs_return(areas, books):
    body = json.loads(run("--county", "210204", "--month", "2026-02", "--program", "dibao", "--json"))
    assert (body["area"], body["month"], body["program"]) == ("210204", "2026-02", "dibao")
    assert [line["program"] for line in body["lines"]] == ["dibao"]
    line = body["lines"][0]
    assert (line["households"], line["households_urban"], line["households_rural"]) == (3, 2, 1)
    assert (line["persons"], line["persons_rural"], line["month_amount"]) == (4, 1, "1060.00")
    assert body["total"]["households"] == 3 and body["total"]["month_amount"] == "1060.00"
    march = json.loads(run("--county", "210204", "--month", "2026-03", "--program", "dibao", "--json"))
    assert march["lines"][0]["year_amount_wan"] == "0.1860"  # 1,060 + 800
    assert march["lines"][0] == {**monthly_return(areas.county, MAR).lines[0].as_json(), "program": "dibao"}
    text = run("--county", "210204", "--month", "2026-03", "--program", "dibao")
    assert "2 households" in text and "800.00 yuan" in text


def test_the_command_writes_the_returns_workbook(areas, books, tmp_path):
    out = tmp_path / "r.xlsx"
    run("--county", "210204", "--month", "2026-03", "--program", "dibao", "--xlsx", str(out))
    rows = CalamineWorkbook.from_path(str(out)).get_sheet_by_index(0).to_python()
    assert "最低生活保障" in rows[0][0] or "低保" in rows[0][0]
    assert [r[0] for r in rows[4:6]] == [rows[4][0], "合计"]
    assert rows[4][1:9] == [2, 2, 0, 3, 3, 0, 800, 0.186]
    assert not (tmp_path / "r.xlsx.part").exists()


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--county", "999999", "--month", "2026-02", "--program", "dibao"], "999999"),
        (["--county", "210204001000", "--month", "2026-02", "--program", "dibao"], "不是区县"),
        (["--county", "210204", "--month", "2026-13", "--program", "dibao"], "2026-13"),
        (["--county", "210204", "--month", "2099-01", "--program", "dibao"], "2099-01"),
        (["--county", "210204", "--month", "2026-02", "--program", "nothing"], "nothing"),
        (["--county", "210204", "--month", "2026-02"], "--program"),
        (["--county", "210204", "--month", "2026-02", "--program", "dibao", "--xlsx", "r.csv"], ".xlsx"),
        (
            ["--county", "210204", "--month", "2026-02", "--program", "dibao", "--as", "s_xinghaiwan"],
            "not found",
        ),
        (["--county", "210204", "--month", "2026-02", "--program", "dibao", "--as", "a_admin"], "role"),
    ],
)
def test_the_command_says_what_is_wrong(areas, users, args, says):
    with pytest.raises(CommandError, match=says):
        run(*args)


def test_a_program_that_pays_nothing_has_no_return(areas):
    Program.objects.filter(code="near_poverty").update(pays_cash=False)
    with pytest.raises(CommandError, match="不发放资金"):
        run("--county", "210204", "--month", "2026-02", "--program", "near_poverty")


def test_the_api_answers_the_commands_figures(areas, users, books):
    client = api_as(users.county)
    answer = client.get(API, {"county": "210204", "month": "2026-02", "program": "dibao"})
    assert answer.status_code == 200, answer.content
    assert answer.json() == json.loads(
        run("--county", "210204", "--month", "2026-02", "--program", "dibao", "--json")
    )
    every = client.get(API, {"month": "2026-02"}).json()  # the user's own county, every program
    assert every["area"] == "210204" and every["program"] == ""
    assert {line["program"] for line in every["lines"]} >= {"dibao"}
    assert every["total"]["households"] == 3
    blank = client.get(API, {"month": "2026-02", "county": "", "program": ""})
    assert blank.status_code == 200


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"county": "210204001000", "month": "2026-02"}, "county"),
        ({"month": "2026-13"}, "month"),
        ({"month": ""}, "month"),
        ({}, "month"),
        ({"month": "2099-01"}, "month"),
        ({"month": "2026-02", "program": "nothing"}, "program"),
    ],
)
def test_the_api_refuses_on_the_field(areas, users, query, field):
    answer = api_as(users.county).get(API, query)
    assert answer.status_code == 400 and field in answer.json()["errors"], answer.content


def test_the_api_is_scoped(areas, users, books):
    street = api_as(users.street)
    assert street.get(API, {"county": "210204", "month": "2026-02"}).status_code == 404
    assert street.get(API, {"county": "999999", "month": "2026-02"}).status_code == 404
    assert street.get(API, {"month": "2026-02"}).status_code == 400  # a street is not a county
    assert api_as(users.admin).get(API, {"month": "2026-02"}).status_code == 403
    assert api_as(users.auditor).get(API, {"month": "2026-02"}).status_code == 200
    assert api_as().get(API, {"month": "2026-02"}).status_code in (401, 403)


def test_the_return_counts_persons_by_member_category(areas, users, login):
    from dibao.registry.models import Member
    from dibao.registry.services import household_status_record
    from dibao.statistics.return_files import monthly_return_xlsx
    from tests.factories import make_household
    from tests.statistics.support import grant

    actor = users.county
    household = make_household(areas.haizhou, actor, members=2)
    facts = [
        (D(1950, 5, 1), {"disability_grade": 1}),  # 老年人, 重度残疾
        (D(1980, 1, 1), {"employment": "flexible"}),  # 成年人：灵活就业
        (D(2015, 3, 1), {"employment": "student"}),  # 未成年人：在校
    ]
    for member, (born, more) in zip(
        Member.objects.filter(household=household).order_by("id"), facts, strict=True
    ):
        Member.objects.filter(pk=member.pk).update(birth_date=born, **more)
    household_status_record(household=household, status="receiving", actor=actor)
    grant(household, "900", 3, "A", FEB, actor, reason="approval")
    result = monthly_return(areas.county, FEB, Program.objects.get(code="dibao"))
    line = result.lines[0]
    assert {k: n for k, n in line.members.items() if n} == {
        "elderly": 1,
        "flexible": 1,
        "in_school": 1,
        "disabled": 1,
        "severe": 1,
    }
    assert line.members == result.total.members
    exclusive = sum(n for k, n in line.members.items() if k not in ("disabled", "severe"))
    assert exclusive == line.total_persons == 3
    body = api_as(users.county).get(API, {"month": "2026-02", "program": "dibao"}).json()
    members = {m["member_category"]: m for m in body["lines"][0]["members"]}
    assert members["flexible"]["persons"] == 1 and members["elderly"]["member_category_label"]
    rows = (
        CalamineWorkbook.from_filelike(io.BytesIO(monthly_return_xlsx(result)))
        .get_sheet_by_index(0)
        .to_python()
    )
    assert "类别" in rows[2][9] and len(rows[3]) == 20
    assert rows[4][9:20] == [line.members[k] for k in line.members]
    page = login(users.county).get("/statistics/returns/monthly/", {"month": "2026-02"})
    assert (
        page.status_code == 200 and str(members["flexible"]["member_category_label"]) in page.content.decode()
    )


def test_a_formula_looking_name_stays_text_in_the_workbook(areas, books, tmp_path):
    from dibao.areas.models import Area

    Area.objects.filter(pk=areas.county.pk).update(name="=HYPERLINK(1)")
    out = tmp_path / "r.xlsx"
    run("--county", "210204", "--month", "2026-02", "--program", "dibao", "--xlsx", str(out))
    import zipfile

    sheet = zipfile.ZipFile(out).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet
