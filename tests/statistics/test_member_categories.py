"""Member categories: the covered persons by age, employment, schooling and disability, from the
register's member facts; households are those with a covered person in the category, and the
amount is not split by member."""

import datetime
from decimal import Decimal

from dibao.registry.models import Member
from dibao.registry.services import household_status_record
from dibao.statistics.selectors import statistics
from tests.factories import make_household
from tests.statistics.support import FEB, grant


def _facts(household, *people):  # type: ignore[no-untyped-def]
    for member, (born, facts) in zip(
        Member.objects.filter(household=household).order_by("id"), people, strict=True
    ):
        Member.objects.filter(pk=member.pk).update(birth_date=born, **facts)


def test_worked_categories(areas, users):
    actor = users.county
    one = make_household(areas.haizhou, actor, members=2)
    two = make_household(areas.liubeiqiao, actor, members=2)
    D = datetime.date
    _facts(
        one,
        (D(1950, 5, 1), {"disability_grade": 1}),  # 老年人, 重度残疾
        (D(1980, 1, 1), {"employment": "flexible"}),  # 灵活就业
        (D(2015, 3, 1), {"employment": "student"}),  # 在校
    )
    _facts(
        two,
        (D(1966, 2, 1), {"employment": "unreg", "disability_grade": 3}),  # 60 on 1 February: 老年人
        (D(1990, 6, 1), {"employment": "unemployed"}),  # 登记失业
        (D(2021, 7, 1), {"employment": "none"}),  # 学龄前
    )
    for household, amount in ((one, "900"), (two, "600")):
        household_status_record(household=household, status="receiving", actor=actor)
        grant(household, amount, 3, "A", FEB, actor, reason="approval")

    result = statistics(areas.county, FEB, by="member_category")
    rows = {row.keys[0].value: row.figures for row in result.rows}
    persons = {name: figures.persons for name, figures in rows.items()}
    assert persons == {
        "elderly": 2,
        "flexible": 1,
        "unemployed": 1,
        "in_school": 1,
        "preschool": 1,
        "disabled": 2,
        "severe": 1,
    }
    assert rows["elderly"].households == 2 and rows["severe"].households == 1
    assert all(figures.amount == Decimal("0.00") for figures in rows.values())
    assert (result.total.persons, result.total.amount) == (6, Decimal("1500.00"))
    exclusive = sum(n for name, n in persons.items() if name not in ("disabled", "severe"))
    assert exclusive == result.total.persons
    labels = {row.keys[0].value: row.keys[0].label for row in result.rows}
    assert str(labels["severe"]).startswith("重度残疾") or labels["severe"]

    # With another breakdown, and scoped to a street: only its community's members.
    street = statistics(areas.xinghaiwan, FEB, by="community,member_category")
    assert {(row.keys[0].code, row.keys[1].value): row.figures.persons for row in street.rows} == {
        ("210204001001", "elderly"): 1,
        ("210204001001", "flexible"): 1,
        ("210204001001", "in_school"): 1,
        ("210204001001", "disabled"): 1,
        ("210204001001", "severe"): 1,
    }
    body = result.as_json()
    assert {row["member_category"] for row in body["rows"]} >= {"elderly", "severe"}
