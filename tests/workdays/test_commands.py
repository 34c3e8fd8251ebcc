"""`dibao workdays`: a due date from the command line, and a year's holidays and make-up workdays."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("workdays", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_due_date():
    out, err = run("--from", "2026-09-30", "--add", "3")
    assert out.startswith("2026-10-10 Sat  (3 working days after 2026-09-30)") and err == ""
    out, _ = run("--from", "2024-09-30", "--add", "5", "--json")
    assert json.loads(out) == {
        "from": "2024-09-30",
        "working_days": 5,
        "due": "2024-10-12",
        "uncovered_years": [],
    }


def test_due_date_in_a_year_without_data_warns():
    out, err = run("--from", "2026-12-30", "--add", "3")
    assert out.startswith("2027-01-04") and "2027" in err
    assert json.loads(run("--from", "2026-12-30", "--add", "3", "--json")[0])["uncovered_years"] == [2027]


def test_a_year():
    out, _ = run("--year", "2026")
    lines = out.splitlines()
    assert len(lines) == 39  # 30 holiday days and 9 make-up workdays
    assert lines[0].split() == ["2026-01-01", "Thu", "holiday", "元旦"]
    assert lines[3].split() == ["2026-01-04", "Sun", "workday", "元旦"]
    rows = json.loads(run("--year", "2025", "--json")[0])
    assert {"date": "2025-10-11", "kind": "workday", "name": "国庆节、中秋节", "note": ""} in rows
    assert sum(r["kind"] == "workday" for r in rows) == 5
    feb_2020 = json.loads(run("--year", "2020", "--json")[0])
    assert next(r for r in feb_2020 if r["date"] == "2020-02-01")["note"].startswith("国办发明电〔2020〕1号")


def test_a_year_without_data():
    out, err = run("--year", "2031")
    assert out == "" and "2031" in err
    assert json.loads(run("--year", "2031", "--json")[0]) == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "either"),
        (["--from", "2026-09-30"], "either"),
        (["--from", "2026-09-30", "--add", "3", "--year", "2026"], "either"),
        (["--from", "2026-02-30", "--add", "3"], "not a date"),
        (["--from", "2026-09-30", "--add", "0"], "at least 1"),
    ],
)
def test_refusals(args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)
