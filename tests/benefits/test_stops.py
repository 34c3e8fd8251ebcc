"""Stops and resumptions on the entitlement, and the movements they write."""

import datetime
from decimal import Decimal

import pytest

from dibao.benefits.models import Entitlement, Movement, MovementKind
from dibao.benefits.services import (
    Grant,
    entitlement_resume,
    entitlement_stop,
    gradual_exit_start,
    gradual_exits_finish,
    share,
    stop_terms,
    stops,
)
from dibao.core.errors import DomainError
from dibao.core.models import AuditEntry
from dibao.policy.services import standard_set

from .support import receiving

FEB = datetime.date(2026, 2, 1)


@pytest.fixture(autouse=True)
def standards(areas):
    standard_set(
        area=areas.county, data={"kind": "urban", "amount": "360", "valid_from": "2025-01"}, actor=None
    )


def test_a_share_of_a_month_is_by_its_days_to_the_fen():
    assert share(Decimal("300"), 1, 15, datetime.date(2026, 4, 1)) == Decimal("150.00")
    assert share(Decimal("260"), 1, 13, FEB) == Decimal("120.71")  # 28 days
    assert share(Decimal("260"), 16, 31, FEB) == Decimal("120.71")  # the 31st of February is the 28th
    assert share(Decimal("100"), 10, 9, FEB) == Decimal("0.00")


@pytest.mark.parametrize(
    ("on", "rule", "month_to", "last"),
    [
        (datetime.date(2026, 2, 14), "full", FEB, None),
        (datetime.date(2026, 2, 14), "none", datetime.date(2026, 1, 1), None),
        (datetime.date(2026, 2, 14), "pro_rata", FEB, Decimal("120.71")),
        (datetime.date(2026, 2, 1), "pro_rata", datetime.date(2026, 1, 1), None),
    ],
)
def test_stop_terms(areas, users, on, rule, month_to, last):
    e = receiving(areas.haizhou, users.haizhou)  # 260 from January
    terms = stop_terms(e, on, rule)
    assert (terms.month_to, terms.last_month_amount) == (month_to, last)


def test_a_suspension_keeps_the_persons_on_the_books_but_not_the_money(areas, users):
    e = receiving(areas.haizhou, users.haizhou, members=1)
    moved = entitlement_stop(
        household=e.household,
        kind=MovementKind.SUSPEND,
        on=FEB,
        stop_reason="verification",
        month_pay="full",
        actor=users.haizhou,
    )
    assert (moved.persons_before, moved.persons_after) == (e.persons, e.persons)
    assert (moved.amount_before, moved.amount_after) == (e.amount, 0)
    e.refresh_from_db()
    assert e.month_to == FEB
    with pytest.raises(DomainError):  # suspended twice
        entitlement_stop(
            household=e.household, kind="suspend", on=FEB, stop_reason="other", month_pay="full", actor=None
        )
    resumed = entitlement_resume(
        household=e.household,
        on=datetime.date(2026, 2, 20),  # in the month already paid in full: from March
        grant=Grant(amount=Decimal("200.00"), persons=e.persons, urban_rural="urban"),
        month_pay="pro_rata",
        back_pay=False,
        actor=users.haizhou,
    )
    assert resumed.month_from == datetime.date(2026, 3, 1) and resumed.first_month_amount is None
    back = Movement.objects.get(household=e.household, kind=MovementKind.RESUME)
    assert (back.amount_before, back.amount_after, back.persons_before) == (0, Decimal("200.00"), e.persons)
    ended = entitlement_stop(
        household=e.household,
        kind="terminate",
        on=datetime.date(2026, 5, 1),
        stop_reason="death",
        month_pay="none",
        actor=users.haizhou,
    )
    assert (ended.amount_before, ended.amount_after, ended.persons_after) == (Decimal("200.00"), 0, 0)
    e.household.refresh_from_db()
    assert e.household.status == "terminated"
    assert not e.household.members.filter(is_current=True).exists()  # their ID numbers are free again


def test_ending_a_suspended_household_moves_no_money_twice(areas, users):
    e = receiving(areas.haizhou, users.haizhou)
    entitlement_stop(
        household=e.household, kind="suspend", on=FEB, stop_reason="absent", month_pay="full", actor=None
    )
    ended = entitlement_stop(
        household=e.household,
        kind="terminate",
        on=datetime.date(2026, 4, 1),
        stop_reason="absent",
        month_pay="full",
        actor=None,
    )
    assert (ended.amount_before, ended.amount_after, ended.persons_before) == (0, 0, e.persons)
    assert Entitlement.objects.get(pk=e.pk).month_to == FEB  # unchanged by the termination
    kinds = list(Movement.objects.filter(household=e.household).values_list("kind", flat=True))
    assert kinds == ["new", "suspend", "terminate"]
    assert AuditEntry.objects.filter(object_type="registry.household", household_id=e.household_id).exists()


def test_ended_gradual_exits_end_their_households_through_the_registers_service(areas, users, monkeypatch):
    ending = receiving(areas.haizhou, users.haizhou, members=1)
    staying = receiving(areas.liubeiqiao, users.liubeiqiao)
    gradual_exit_start(
        household=ending.household, first_month=FEB, months=2, stop_reason="employed", actor=users.haizhou
    )
    calls = []
    register = stops.households_status_record_many

    def spy(**kwargs):  # type: ignore[no-untyped-def]
        calls.append((sorted(h.pk for h in kwargs["households"]), kwargs["status"]))
        return register(**kwargs)

    monkeypatch.setattr(stops, "households_status_record_many", spy)
    assert gradual_exits_finish(today=datetime.date(2026, 4, 2), actor=users.county) == 1
    assert calls == [([ending.household_id], "terminated")]  # the register's rows, by the register
    ending.household.refresh_from_db()
    staying.household.refresh_from_db()
    assert (ending.household.status, staying.household.status) == ("terminated", "receiving")
    assert not ending.household.members.filter(is_current=True).exists()
    entry = AuditEntry.objects.filter(
        object_type="registry.household", household_id=ending.household_id, action="update"
    ).latest("id")
    assert entry.after == {"status": "terminated"} and entry.note == "渐退期满"  # Gradual exit ended
    assert (entry.before, entry.actor, entry.area_code) == (
        {"status": "receiving"},
        users.county,
        "210204001001",
    )
