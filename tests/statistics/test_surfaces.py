"""The command, the API and the page: the same figures, scoped to the user's area, codes named."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from python_calamine import CalamineWorkbook

from dibao.benefits.models import MovementKind
from tests.api_support import api_as
from tests.statistics.support import FEB, D, granted, stop

API = "/api/v1/statistics/"
PAGE = "/statistics/"


@pytest.fixture
def books(areas, users):  # type: ignore[no-untyped-def]
    actor = users.county
    granted(areas.haizhou, actor, "500", 2, "A", FEB)
    granted(areas.haiyue, actor, "300", 1, "B", FEB)
    h = granted(areas.liubeiqiao, actor, "260", 1, "", FEB, urban_rural="rural")
    stop(h, MovementKind.TERMINATE, D(2026, 2, 10), "death", actor)


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("statistics", *args, stdout=out)
    return out.getvalue()


def test_the_command_prints_rows_and_total(areas, books):
    body = json.loads(run("--area", "210204", "--month", "2026-02", "--by", "street,benefit_class", "--json"))
    assert body["total"]["households"] == 3 and body["total"]["amount"] == "1060.00"
    rows = {(r["street"], r["benefit_class"]): r for r in body["rows"]}
    assert rows[("210204001000", "A")]["benefit_class_label"] == "A类"
    assert rows[("210204001000", "A")]["street_name"] == "星海湾街道"
    assert sum(r["person_times"] for r in body["rows"]) == body["total"]["person_times"] == 4
    march = json.loads(run("--area", "210204", "--month", "2026-03", "--json"))["total"]
    assert (march["households"], march["stopped"]) == (2, 1)
    assert march["stopped_by_reason"] == [{"stop_reason": "death", "stop_reason_label": "死亡", "count": 1}]


def test_the_command_writes_the_workbook(areas, books, tmp_path):
    out = tmp_path / "s.xlsx"
    run("--area", "210204", "--month", "2026-02", "--to", "2026-03", "--by", "community", "--xlsx", str(out))
    rows = CalamineWorkbook.from_path(str(out)).get_sheet_by_index(0).to_python()
    assert rows[2][0] == "社区（村）" or rows[2][0]
    names = [row[0] for row in rows[3:]]
    assert "海州社区" in names and names[-3] == "合计"  # the table's last line; then the coverage note
    assert names[-2] == "" and names[-1].startswith("保障面")


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--area", "210204", "--month", "2026-02", "--by", "street,colour"], "colour"),
        (["--area", "999999", "--month", "2026-02"], "999999"),
        (["--area", "210204", "--month", "2026-13"], "2026-13"),
        (["--area", "210204", "--month", "2026-03", "--to", "2026-02"], "--to"),
        (["--area", "210204", "--month", "2026-03", "--program", "nothing"], "nothing"),
    ],
)
def test_the_command_says_what_is_wrong(areas, args, says):
    with pytest.raises(CommandError, match=says):
        run(*args)


def test_the_api_answers_the_same_figures(areas, users, books):
    client = api_as(users.street)
    answer = client.get(API, {"month": "2026-02", "by": "community"})
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert body["area"] == "210204001000"  # the street's own area by default
    assert [r["community"] for r in body["rows"]] == ["210204001001", "210204001002"]
    assert body["total"]["households"] == 2 and body["total"]["amount"] == "800.00"
    assert client.get(API, {"month": "2026-02", "area": "210204002001"}).status_code == 404
    assert client.get(API, {"month": "2026-02", "area": "210204"}).status_code == 404
    wrong = client.get(API, {"month": "2026-02", "by": "colour"})
    assert wrong.status_code == 400 and "by" in wrong.json()["errors"]
    blank = client.get(API, {"month": "2026-02", "to": "", "program": "", "by": "", "area": ""})
    assert blank.status_code == 200
    xlsx = client.get(API, {"month": "2026-02", "format": "xlsx"})
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


def test_the_administrator_reads_no_statistics(areas, users, books):
    assert api_as(users.admin).get(API, {"month": "2026-02"}).status_code == 403


def test_the_page_shows_names_not_codes(areas, users, books, login, django_assert_max_num_queries):
    client = login(users.county)
    with django_assert_max_num_queries(40):
        page = client.get(PAGE, {"month": "2026-02", "by": ["street", "benefit_class"]})
    assert page.status_code == 200
    text = page.content.decode()
    assert "星海湾街道" in text and "A类" in text and "无类别" in text
    assert ">A<" not in text
    xlsx = client.get(PAGE, {"month": "2026-02", "by": "street", "format": "xlsx"})
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    assert login(users.haizhou).get(PAGE, {"area": "210204002001", "month": "2026-02"}).status_code == 404


def test_the_page_says_what_is_wrong(areas, users, login):
    page = login(users.county).get(PAGE, {"month": "2026-03", "to": "2026-01"})
    assert page.status_code == 200 and page.context["result"] is None
    assert page.context["form"].errors["to"]
