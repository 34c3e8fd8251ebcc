"""The identities that make the figures agree, over histories hypothesis makes up: households
entering, changing, suspended, resumed and ended month by month through the benefits services,
in three communities of two streets, in two household categories.

- the rows of any breakdown add up to the total;
- communities add up to their street, and streets to the county;
- a range of months is the sum of its months (amounts, times, flows) and ends on its last (stocks);
- opening + new − stopped = closing;
- the payroll run of a month pays, line by line, what the statistic counts for that month."""

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dibao.benefits.models import MovementKind
from dibao.benefits.services import Grant, entitlement_grant, entitlement_resume, entitlement_stop
from dibao.core.errors import DomainError
from dibao.core.months import add_months
from dibao.payroll import services as payroll
from dibao.payroll.models import Line, LineResult
from dibao.policy.programs.codes import DIBAO
from dibao.registry.models import HouseholdCategory
from dibao.registry.services import household_status_record, household_update
from dibao.statistics.fields import FIELDS
from dibao.statistics.figures import Figures
from dibao.statistics.selectors import statistics
from tests.factories import make_household

JAN = datetime.date(2026, 1, 1)
MONTHS = [add_months(JAN, i) for i in range(6)]
ADDITIVE = (*Figures.ADDITIVE, "class_changed")
STOCK_FIELDS = frozenset({"area", "street", "community", "category"})  # a household is in one

amounts = st.decimals(min_value=Decimal("10"), max_value=Decimal("2000"), places=2)
version = st.tuples(
    amounts, st.integers(1, 5), st.sampled_from(["A", "B", "C", ""]), st.sampled_from(["urban", "rural"])
)
step = st.one_of(
    st.just(("keep",)),
    st.tuples(st.just("change"), version),
    st.tuples(
        st.sampled_from(["suspend", "terminate", "resume"]),
        st.integers(1, 28),
        st.sampled_from(["full", "none", "pro_rata"]),
    ),
)
history = st.fixed_dictionaries(
    {
        "community": st.integers(0, 2),
        "category": st.integers(0, 2),
        "start": st.integers(0, 5),
        "first": version,
        "steps": st.lists(step, min_size=0, max_size=6),
    }
)


def _grant(values: tuple[Decimal, int, str, str]) -> Grant:
    amount, persons, cls, urban_rural = values
    return Grant(amount=amount, persons=persons, urban_rural=urban_rural, benefit_class=cls)


def build(
    areas: Any, actor: Any, categories: list[HouseholdCategory], histories: list[dict[str, Any]]
) -> None:
    communities = [areas.haizhou, areas.haiyue, areas.liubeiqiao]
    for story in histories:
        household = make_household(communities[story["community"]], actor)
        if story["category"]:
            household_update(
                household=household, data={"category": categories[story["category"] - 1].pk}, actor=actor
            )
        household_status_record(household=household, status="receiving", actor=actor)
        entitlement_grant(
            household=household,
            grant=_grant(story["first"]),
            month_from=MONTHS[story["start"]],
            reason="approval",
            actor=actor,
        )
        state = "receiving"
        for month, action in zip(MONTHS[story["start"] + 1 :], story["steps"], strict=False):
            try:
                if action[0] == "change" and state == "receiving":
                    entitlement_grant(
                        household=household,
                        grant=_grant(action[1]),
                        month_from=month,
                        reason="review",
                        actor=actor,
                    )
                elif action[0] in ("suspend", "terminate") and state in ("receiving", "suspended"):
                    if action[0] == "suspend" and state == "suspended":
                        continue
                    kind = MovementKind.SUSPEND if action[0] == "suspend" else MovementKind.TERMINATE
                    day = month.replace(day=action[1])
                    entitlement_stop(
                        household=household,
                        kind=kind,
                        on=day,
                        stop_reason="verification",
                        month_pay=action[2],
                        actor=actor,
                    )
                    state = "suspended" if action[0] == "suspend" else "terminated"
                elif action[0] == "resume" and state == "suspended":
                    entitlement_resume(
                        household=household,
                        on=month.replace(day=action[1]),
                        grant=_grant((Decimal("300.00"), 2, "B", "urban")),
                        month_pay=action[2],
                        back_pay=False,
                        actor=actor,
                    )
                    state = "receiving"
            except DomainError:
                continue


def _additive(f: Figures) -> tuple[int, ...]:
    return tuple(getattr(f, name) for name in ADDITIVE)


def _sum(figures: list[Figures]) -> Figures:
    total = Figures()
    for f in figures:
        total.add(f)
    return total


@pytest.fixture
def categories(areas):  # type: ignore[no-untyped-def]
    return [
        HouseholdCategory.objects.create(county=areas.county, name=name)
        for name in ("市直企业下岗职工", "农村居民")
    ]


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    histories=st.lists(history, min_size=1, max_size=4),
    by=st.lists(st.sampled_from(FIELDS), max_size=3, unique=True),
    program=st.sampled_from([None, DIBAO]),
)
def test_the_figures_agree(areas, users, categories, histories, by, program):
    with transaction.atomic():
        build(areas, users.county, categories, histories)
        first, last = MONTHS[1], MONTHS[-1]
        whole = statistics(areas.county, first, last, program=program, by=by)

        # The rows of any breakdown add up to the total; member categories overlap and split
        # persons only, and their total is the one without them.
        rows = [row.figures for row in whole.rows]
        if "member_category" in by:
            plain = [name for name in by if name != "member_category"]
            without = statistics(areas.county, first, last, program=program, by=plain).total
            assert _additive(without) == _additive(whole.total)
            assert not any(row.fen or row.new or row.stopped for row in rows)
        else:
            assert _additive(_sum(rows)) == _additive(whole.total)
        if set(by) <= STOCK_FIELDS | {"month"} and "member_category" not in by:
            closing = [
                row.figures
                for row in whole.rows
                if "month" not in by or row.keys[by.index("month")].value == last
            ]
            assert (_sum(closing).households, _sum(closing).persons) == (
                whole.total.households,
                whole.total.persons,
            )

        # Communities add up to their street, streets to the county.
        streets = [statistics(s, first, last, program=program) for s in (areas.xinghaiwan, areas.shiqiaopu)]
        communities = [statistics(c, first, last, program=program) for c in (areas.haizhou, areas.haiyue)]
        parts = [(streets[0].total, communities), (whole.total, streets)]
        for total, pieces in parts:
            summed = _sum([p.total for p in pieces])
            assert _additive(summed) == _additive(total)
            assert (summed.households, summed.persons) == (total.households, total.persons)

        # A range is the sum of its months, and ends where its last month ends.
        months = [statistics(areas.county, m, program=program).total for m in MONTHS[1:]]
        assert _additive(_sum(months)) == _additive(whole.total)
        assert (months[-1].households, months[-1].persons) == (whole.total.households, whole.total.persons)

        # Opening + new − stopped = closing (for 低保: one unit per household).
        dibao = statistics(areas.county, first, last, program=DIBAO).total
        opening = statistics(areas.county, JAN, program=DIBAO).total
        assert opening.households + dibao.new - dibao.stopped == dibao.households
        for m, before in zip(MONTHS[1:], MONTHS, strict=False):
            month = statistics(areas.county, m, program=DIBAO).total
            previous = statistics(areas.county, before, program=DIBAO).total
            assert previous.households + month.new - month.stopped == month.households, m

        # The payroll run of a month, every line paid, pays what the statistic counts.
        month = MONTHS[3]
        run = payroll.run_draft(county=areas.county, month=month, actor=None)
        Line.objects.filter(run=run).update(result=LineResult.PAID)
        paid = Line.objects.filter(run=run, result=LineResult.PAID)
        counted = statistics(areas.county, month).total
        assert run.total == sum((line.total for line in paid), Decimal("0.00")) == counted.amount
        assert (run.households, run.persons) == (counted.households, counted.persons)
        transaction.set_rollback(True)
