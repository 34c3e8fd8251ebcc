"""Figures known by hand: four households over three months, with a lowering and a class change,
a suspension and a death, and a one-off grant."""

from decimal import Decimal
from types import SimpleNamespace

import pytest

from dibao.benefits.models import MovementKind
from dibao.statistics.selectors import statistics
from tests.statistics.support import APR, FEB, MAR, D, grant, granted, stop


@pytest.fixture
def books(areas, users):  # type: ignore[no-untyped-def]
    actor = users.county
    h = SimpleNamespace()
    h.h2 = granted(areas.haizhou, actor, "500", 2, "A", FEB, management_class="1")
    h.h3 = granted(areas.haiyue, actor, "300", 1, "B", FEB, management_class="2")
    h.h4 = granted(areas.liubeiqiao, actor, "260", 1, "", FEB, urban_rural="rural")
    h.h5 = granted(areas.haizhou, actor, "400", 3, "B", FEB, management_class="3")
    stop(h.h5, MovementKind.SUSPEND, D(2026, 2, 20), "verification", actor)  # paid February, not March
    grant(h.h2, "450", 2, "B", MAR, actor)  # lowered, from class A to B
    stop(h.h3, MovementKind.TERMINATE, D(2026, 3, 15), "death", actor)  # paid March, not April
    return h


def test_one_month(areas, books):
    result = statistics(areas.county, FEB)
    total = result.total
    assert (total.households, total.persons, total.amount) == (4, 7, Decimal("1460.00"))
    assert (total.household_times, total.person_times) == (4, 7)
    assert total.new == 4 and total.stopped == 0
    assert total.per_household == Decimal("365.00") and total.per_person == Decimal("208.57")
    assert total.amount_wan == Decimal("0.1460")


def test_a_change_counts_in_the_month_it_takes_effect(areas, books):
    march = statistics(areas.county, MAR).total
    assert (march.households, march.persons, march.amount) == (3, 4, Decimal("1010.00"))
    assert (march.stopped, march.lowered, march.class_changed, march.raised, march.new) == (1, 1, 1, 0, 0)
    assert dict(march.stopped_by) == {"verification": 1}
    april = statistics(areas.county, APR).total
    assert (april.households, april.persons, april.amount) == (2, 3, Decimal("710.00"))
    assert dict(april.stopped_by) == {"death": 1}


def test_a_range_adds_its_months_and_ends_on_its_last(areas, books):
    total = statistics(areas.county, FEB, APR).total
    assert total.amount == Decimal("3180.00")
    assert (total.person_times, total.household_times) == (14, 9)
    assert (total.households, total.persons) == (2, 3)
    assert (total.new, total.stopped) == (4, 2)


def test_by_street_and_class(areas, books):
    result = statistics(areas.county, MAR, by="street,benefit_class")
    # h2 left class A in March as a class change, not a stop: class A has no row that month.
    assert [(row.keys[0].code, row.keys[1].value) for row in result.rows] == [
        ("210204001000", "B"),
        ("210204002000", ""),
    ]
    by_code = {(row.keys[0].code, row.keys[1].value): row.figures for row in result.rows}
    b = by_code[("210204001000", "B")]
    assert (b.households, b.persons, b.amount) == (2, 3, Decimal("750.00"))
    assert b.class_changed == 1 and b.lowered == 1
    # h5's suspension is counted in the class of the version that ended: B.
    assert b.stopped == 1
    none = by_code[("210204002000", "")]
    assert (none.households, none.amount) == (1, Decimal("260.00"))


def test_by_month_each_row_is_its_month(areas, books):
    result = statistics(areas.county, FEB, APR, by="month")
    assert [row.keys[0].code for row in result.rows] == ["2026-02", "2026-03", "2026-04"]
    assert [row.figures.households for row in result.rows] == [4, 3, 2]
    assert [row.figures.amount for row in result.rows] == [
        Decimal("1460.00"),
        Decimal("1010.00"),
        Decimal("710.00"),
    ]


def test_choices_are_named(areas, books):
    result = statistics(areas.county, FEB, by="urban_rural,management_class")
    values = [(row.keys[0].value, row.keys[1].value) for row in result.rows]
    assert values == [("urban", "1"), ("urban", "2"), ("urban", "3"), ("rural", "")]
    body = result.as_json()
    assert {"urban_rural", "urban_rural_label", "management_class", "management_class_label"} <= set(
        body["rows"][0]
    )
    assert all(row["urban_rural_label"] not in ("urban", "rural") for row in body["rows"])


def test_by_the_countys_household_category(areas, users, books):
    from dibao.registry.services import household_category_create, household_update

    laid_off = household_category_create(county=areas.county, name="市直企业下岗职工", actor=users.county)
    household_update(household=books.h2, data={"category": laid_off.pk}, actor=users.county)
    result = statistics(areas.county, FEB, by="category")
    shown = {row.keys[0].label: row.figures.households for row in result.rows}
    assert shown == {"市直企业下岗职工": 1, "未设类别": 3}
    assert result.as_json()["rows"][0]["category"] == laid_off.pk
