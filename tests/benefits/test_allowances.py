"""高龄津贴 moves band by itself on the birthday month, follows the county's amounts, and stops
with its person; each change a version, a movement and its audit entries, written once."""

import datetime
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from hypothesis import given
from hypothesis import strategies as st

from dibao.benefits.models import Entitlement, Movement, MovementKind, Reason, StopReason
from dibao.benefits.services import Grant, allowances_advance, entitlement_grant, entitlement_stop
from dibao.benefits.services.allowances import _born_by
from dibao.core.audit import AuditEntry
from dibao.core.errors import DomainError, Forbidden
from dibao.policy.engine.facts import MemberFacts
from dibao.policy.programs import codes
from dibao.policy.programs.eligibility import age_in_month
from dibao.policy.selectors import program_by_code
from dibao.policy.services import program_rules_set, standard_set
from dibao.registry.services import household_status_record, member_add
from tests.benefits.support import receiving
from tests.factories import id_number, make_household, member_data

JAN, FEB, MAR, APR = (datetime.date(2026, m, 1) for m in (1, 2, 3, 4))


@pytest.fixture(autouse=True)
def standard(areas):
    standard_set(
        area=areas.county, data={"kind": "urban", "amount": "360", "valid_from": "2025-01"}, actor=None
    )


def elder(areas, users, born, *, amount="100.00", month=JAN, program=codes.ELDERLY_ALLOWANCE):
    """A person born on `born`, alone in her household, granted `program` from `month`."""
    h = make_household(areas.haizhou, users.haizhou, head={"name": "王秀英", "id_number": id_number(born)})
    return grant(h, h.members.get(), amount=amount, month=month, program=program)


def grant(household, member, *, amount="100.00", month=JAN, program=codes.ELDERLY_ALLOWANCE):
    return entitlement_grant(
        household=household,
        grant=Grant(amount=Decimal(amount), persons=1, urban_rural="urban"),
        month_from=month,
        reason="approval",
        actor=None,
        program=program,
        member=member,
    )


def versions(e):
    rows = Entitlement.objects.filter(member_id=e.member_id, program_id=e.program_id)
    rows = rows.order_by("month_from", "id")
    return [(r.month_from, r.month_to, r.amount, r.reason) for r in rows]


def test_she_moves_to_the_90_band_the_month_after_her_90th_birthday(areas, users):
    e = elder(areas, users, datetime.date(1936, 3, 15))  # 90 on 15 March 2026
    assert allowances_advance(county=areas.county, month=MAR, actor=None).as_json() == {
        "moved_band": 0,
        "amount_changed": 0,
        "ended": 0,
    }
    done = allowances_advance(county=areas.county, month=APR, actor=users.county)
    assert (done.moved, done.repriced, done.ended) == (1, 0, 0)
    assert versions(e) == [
        (JAN, MAR, Decimal("100.00"), Reason.APPROVAL),
        (APR, None, Decimal("200.00"), Reason.AGE_BAND),
    ]
    new = Entitlement.objects.get(member_id=e.member_id, month_from=APR)
    assert new.explanation[0]["params"] == {"name": "王秀英", "age": 90, "from": 90, "amount": "200.00"}
    assert (new.persons, new.urban_rural, new.household_id) == (1, "urban", e.household_id)


def test_the_move_is_a_raise_in_the_ledger_and_audited(areas, users):
    e = elder(areas, users, datetime.date(1936, 3, 15))
    allowances_advance(county=areas.county, month=APR, actor=users.county)
    new = Entitlement.objects.get(member_id=e.member_id, month_from=APR)
    move = Movement.objects.get(entitlement=new)
    assert (move.kind, move.reason, move.month, move.member_id, move.program_id) == (
        MovementKind.RAISE,
        Reason.AGE_BAND,
        APR,
        e.member_id,
        codes.ELDERLY_ALLOWANCE,
    )
    assert (move.amount_before, move.amount_after, move.actor) == (
        Decimal("100.00"),
        Decimal("200.00"),
        users.county,
    )
    closed = AuditEntry.objects.get(object_type="benefits.entitlement", object_id=str(e.pk), action="update")
    assert (closed.after, closed.household_id, closed.area_code) == (
        {"month_to": "2026-03"},
        e.household_id,
        areas.haizhou.code,
    )
    created = AuditEntry.objects.get(object_type="benefits.entitlement", object_id=str(new.pk))
    assert (created.action, created.before, created.after["amount"], created.actor) == (
        "create",
        {"amount": "100.00"},
        "200.00",
        users.county,
    )


def test_running_twice_changes_nothing_more(areas, users):
    elder(areas, users, datetime.date(1936, 3, 15))
    elder(areas, users, datetime.date(1926, 2, 10), amount="200.00")  # 100 in February
    gone = elder(areas, users, datetime.date(1940, 6, 1))
    household_status_record(household=gone.household, status="terminated", actor=users.haizhou)
    first = allowances_advance(county=areas.county, month=APR, actor=None)
    assert (first.moved, first.ended) == (2, 1)
    counts = (Entitlement.objects.count(), Movement.objects.count(), AuditEntry.objects.count())
    again = allowances_advance(county=areas.county, month=APR, actor=None)
    assert (again.moved, again.repriced, again.ended) == (0, 0, 0)
    assert (Entitlement.objects.count(), Movement.objects.count(), AuditEntry.objects.count()) == counts
    # And the month after: the band was reached once.
    assert allowances_advance(county=areas.county, month=datetime.date(2026, 5, 1), actor=None).moved == 0


def test_a_county_raising_the_80_band_pays_it_from_its_month(areas, users):
    e = elder(areas, users, datetime.date(1941, 5, 5))  # 84
    program_rules_set(
        area=areas.county,
        program=program_by_code(codes.ELDERLY_ALLOWANCE),
        data={
            "valid_from": "2026-03",
            "terms": {
                "age_bands": [
                    {"from_age": 80, "amount": "120"},
                    {"from_age": 90, "amount": "200"},
                    {"from_age": 100, "amount": "500"},
                ]
            },
        },
        actor=None,
    )
    assert allowances_advance(county=areas.county, month=FEB, actor=None).repriced == 0
    done = allowances_advance(county=areas.county, month=MAR, actor=None)
    assert (done.moved, done.repriced) == (0, 1)
    assert versions(e)[-1] == (MAR, None, Decimal("120.00"), Reason.STANDARD_CHANGE)
    assert Movement.objects.filter(member_id=e.member_id, kind=MovementKind.RAISE, month=MAR).count() == 1


def test_an_amount_taken_over_is_kept_until_the_band_or_its_amount_changes(areas, users):
    e = elder(areas, users, datetime.date(1941, 5, 5), amount="150.00")  # an earlier roster's amount
    assert allowances_advance(county=areas.county, month=APR, actor=None).as_json()["amount_changed"] == 0
    assert versions(e) == [(JAN, None, Decimal("150.00"), Reason.APPROVAL)]


def test_below_the_first_band_nothing_moves(areas, users):
    e = elder(areas, users, datetime.date(1950, 1, 1))  # 76: left to a review, not ended here
    assert allowances_advance(county=areas.county, month=APR, actor=None).as_json() == {
        "moved_band": 0,
        "amount_changed": 0,
        "ended": 0,
    }
    assert versions(e) == [(JAN, None, Decimal("100.00"), Reason.APPROVAL)]


def test_a_switched_off_program_moves_no_band(areas, users):
    elder(areas, users, datetime.date(1936, 3, 15))
    program_rules_set(
        area=areas.county,
        program=program_by_code(codes.ELDERLY_ALLOWANCE),
        data={"valid_from": "2026-04", "enabled": False},
        actor=None,
    )
    assert allowances_advance(county=areas.county, month=APR, actor=None).moved == 0


def test_a_person_of_a_household_ended_by_death_stops_the_month_after(areas, users):
    household = receiving(areas.haizhou, users.haizhou, members=1)
    spouse = household.household.members.exclude(relation="self").get()
    allowance = grant(household.household, spouse)
    care = grant(household.household, spouse, program=codes.DISABILITY_CARE, amount="80.00")
    entitlement_stop(
        household=household.household,
        kind=MovementKind.TERMINATE,
        on=datetime.date(2026, 2, 10),
        stop_reason=StopReason.DEATH,
        month_pay="full",
        actor=users.street,
    )
    done = allowances_advance(county=areas.county, month=MAR, actor=None)
    assert done.ended == 2
    for e in (allowance, care):
        e.refresh_from_db()
        assert e.month_to == FEB
        move = Movement.objects.get(entitlement=e, kind=MovementKind.TERMINATE)
        assert (move.month, move.stop_reason, move.member_id, move.amount_after) == (
            MAR,
            StopReason.DEATH,
            spouse.pk,
            0,
        )
        entry = AuditEntry.objects.get(
            object_type="benefits.entitlement", object_id=str(e.pk), action="update"
        )
        assert entry.after == {"month_to": "2026-02", "stop_reason": "death"}


def test_a_household_terminated_by_hand_ends_its_persons_with_reason_other(areas, users):
    e = elder(areas, users, datetime.date(1940, 6, 1))
    household_status_record(household=e.household, status="terminated", actor=users.haizhou)
    assert allowances_advance(county=areas.county, month=APR, actor=None).ended == 1
    e.refresh_from_db()
    assert e.month_to is not None
    assert Movement.objects.get(entitlement=e, kind=MovementKind.TERMINATE).stop_reason == StopReason.OTHER


def test_a_household_still_receiving_keeps_its_persons(areas, users):
    household = receiving(areas.haizhou, users.haizhou, members=1)
    spouse = household.household.members.exclude(relation="self").get()
    e = grant(household.household, spouse, program=codes.DISABILITY_LIVING)
    member_add(household=household.household, data=member_data(relation="child"), actor=users.haizhou)
    assert allowances_advance(county=areas.county, month=APR, actor=None).ended == 0
    e.refresh_from_db()
    assert e.month_to is None


def test_a_paid_month_is_refused_on_its_field(areas, users, monkeypatch):
    from dibao.benefits import paid

    monkeypatch.setattr(paid, "_answers", [lambda county, program=None: MAR])
    with pytest.raises(DomainError) as refused:
        allowances_advance(county=areas.county, month=MAR, actor=None)
    assert "month" in refused.value.errors


def test_only_the_county_moves_its_allowances_on(areas, users):
    for user in (users.street, users.haizhou, users.auditor):
        with pytest.raises(Forbidden):
            allowances_advance(county=areas.county, month=APR, actor=user)
    with pytest.raises(DomainError) as refused:
        allowances_advance(county=areas.xinghaiwan, month=APR, actor=None)
    assert "county" in refused.value.errors


@given(
    born=st.dates(datetime.date(1900, 1, 1), datetime.date(1960, 12, 31)),
    month=st.dates(datetime.date(1980, 1, 1), datetime.date(2060, 12, 1)).map(lambda d: d.replace(day=1)),
    age=st.integers(60, 120),
)
def test_the_birth_date_bound_agrees_with_the_age_in_a_month(born, month, age):
    person = MemberFacts(1, "x", born, "", 0, "", "", "")
    assert (born <= _born_by(month, age)) == (age_in_month(person, month) >= age)


def test_the_command_prints_what_moved_and_what_ended(areas, users, capsys):
    elder(areas, users, datetime.date(1936, 3, 15))
    gone = elder(areas, users, datetime.date(1940, 6, 1))
    household_status_record(household=gone.household, status="terminated", actor=users.haizhou)
    call_command("allowances_advance", "--county", "210204", "--month", "2026-04", "--json")
    assert json.loads(capsys.readouterr().out) == {
        "county": "210204",
        "month": "2026-04",
        "moved_band": 1,
        "amount_changed": 0,
        "ended": 1,
    }
    call_command("allowances_advance", "--county", "210204", "--month", "2026-04", "--as", "c_county")
    assert "0 moved to a higher age band" in capsys.readouterr().out
