"""Drafting, checking and approving a month's run: the rules that must hold for every yuan."""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from dibao.benefits.models import Entitlement, MovementKind
from dibao.benefits.services import entitlement_stop, recalculation_confirm, standard_change
from dibao.core.errors import DomainError, Forbidden, NotFound
from dibao.core.models import AuditEntry
from dibao.payroll import services, totals
from dibao.payroll.models import Adjustment, Line, Run, RunState
from dibao.payroll.services import drafting
from dibao.policy.services import standard_set
from dibao.registry.models import Member
from tests.benefits.support import receiving

JAN, FEB, MAR = datetime.date(2026, 1, 1), datetime.date(2026, 2, 1), datetime.date(2026, 3, 1)


@pytest.fixture(autouse=True)
def standards(areas):
    standard_set(
        area=areas.county, data={"kind": "urban", "amount": "360", "valid_from": "2025-01"}, actor=None
    )
    standard_set(
        area=areas.county, data={"kind": "rural", "amount": "200", "valid_from": "2025-01"}, actor=None
    )


def stop(household, kind, actor, on=JAN, month_pay="none"):  # type: ignore[no-untyped-def]
    return entitlement_stop(
        household=household, kind=kind, on=on, stop_reason="moved_away", month_pay=month_pay, actor=actor
    )


def approved(areas, users, month):  # type: ignore[no-untyped-def]
    run = services.run_draft(county=areas.county, month=month, actor=users.county)
    for street in {line.street for line in run.lines.select_related("street")}:
        services.run_check(run=run, street=street, actor=users.county)
    return services.run_approve(run=run, actor=users.county)


def test_a_line_per_receiving_household_from_its_entitlement(areas, users):
    a = receiving(areas.haizhou, users.haizhou)  # 260
    b = receiving(areas.liubeiqiao, users.liubeiqiao, income="500", members=1)  # 220
    gone = receiving(areas.haizhou, users.haizhou)
    stop(gone.household, MovementKind.TERMINATE, users.haizhou)
    paused = receiving(areas.haizhou, users.haizhou)
    stop(paused.household, MovementKind.SUSPEND, users.haizhou)
    run = services.run_draft(county=areas.county, month=JAN, actor=users.county)
    lines = {line.household_id: line for line in run.lines.all()}
    assert set(lines) == {a.household_id, b.household_id}
    line = lines[a.household_id]
    head = a.household.members.get(relation="self")
    assert (line.amount, line.total, line.persons, line.head_name, line.head_id_number) == (
        Decimal("260.00"),
        Decimal("260.00"),
        1,
        head.name,
        head.id_number,
    )
    assert (line.community_id, line.street_id) == (areas.haizhou.pk, areas.xinghaiwan.pk)
    assert (run.households, run.persons, run.total) == (2, 3, Decimal("480.00"))


def test_sum_of_lines_equals_run_total_equals_sum_of_streets_to_the_fen(areas, users):
    for income in ("100.01", "33.33", "0", "17.77"):
        receiving(areas.haizhou, users.haizhou, income=income)
        receiving(areas.liubeiqiao, users.liubeiqiao, income=income, members=1)
    run = services.run_draft(county=areas.county, month=JAN, actor=users.county)
    lines = sum(line.total for line in run.lines.all())
    streets = sum(f.total for _, f in totals.figures_by(run.lines.all(), "street_id"))
    communities = sum(f.total for _, f in totals.figures_by(run.lines.all(), "community_id"))
    assert lines == run.total == streets == communities
    assert run.total == sum(e.amount for e in Entitlement.objects.all())


def test_drafting_again_gives_the_same_lines_and_never_a_second_run(areas, users):
    receiving(areas.haizhou, users.haizhou)
    first = services.run_draft(county=areas.county, month=JAN, actor=users.county)
    before = list(first.lines.values_list("household_id", "amount", "total"))
    again = services.run_draft(county=areas.county, month=JAN, actor=users.county)
    assert again.pk == first.pk and Run.objects.count() == 1
    assert list(again.lines.values_list("household_id", "amount", "total")) == before


def test_an_approved_run_cannot_change(areas, users):
    receiving(areas.haizhou, users.haizhou)
    run = approved(areas, users, JAN)
    lines = list(Line.objects.values_list("id", "total"))
    with pytest.raises(DomainError) as caught:
        services.run_draft(county=areas.county, month=JAN, actor=users.county)
    assert caught.value.code == "fixed"
    with pytest.raises(DomainError):
        services.run_check(run=run, street=areas.xinghaiwan, actor=users.street)
    assert list(Line.objects.values_list("id", "total")) == lines


def test_approval_needs_every_street_and_the_county(areas, users):
    receiving(areas.haizhou, users.haizhou)
    receiving(areas.liubeiqiao, users.liubeiqiao)
    run = services.run_draft(county=areas.county, month=JAN, actor=users.county)
    with pytest.raises(DomainError):
        services.run_approve(run=run, actor=users.county)
    run = services.run_check(run=run, street=areas.xinghaiwan, actor=users.street)
    assert run.state == RunState.DRAFT  # 石桥铺 has not checked
    with pytest.raises(NotFound):
        services.run_check(run=run, street=areas.shiqiaopu, actor=users.street)  # not the user's street
    run = services.run_check(run=run, street=areas.shiqiaopu, actor=users.county)
    assert run.state == RunState.CHECKED
    for who in (users.street, users.haizhou, users.auditor):
        with pytest.raises(Forbidden):
            services.run_approve(run=run, actor=who)
    run = services.run_approve(run=run, actor=users.county)
    assert run.state == RunState.APPROVED and run.approved_by == users.county
    assert AuditEntry.objects.filter(object_type="payroll.run").count() >= 4


def test_a_back_dated_approval_is_paid_its_arrears(areas, users):
    early = receiving(areas.haizhou, users.haizhou)
    approved(areas, users, JAN)
    late = receiving(areas.haizhou, users.haizhou, month=JAN)  # decided after January was paid
    run = services.run_draft(county=areas.county, month=FEB, actor=users.county)
    lines = {line.household_id: line for line in run.lines.all()}
    assert lines[late.household_id].arrears == Decimal("260.00")
    assert lines[late.household_id].total == Decimal("520.00")
    assert lines[early.household_id].arrears == 0


def test_a_back_dated_standard_change_pays_the_difference(areas, users):
    entitlement = receiving(areas.haizhou, users.haizhou)  # 260 from January
    approved(areas, users, JAN)
    approved(areas, users, FEB)
    _, batch = standard_change(
        area=areas.county,
        data={"kind": "urban", "amount": "400", "valid_from": "2026-01"},
        actor=users.county,
    )
    assert batch is not None
    recalculation_confirm(recalculation=batch, actor=users.county)
    run = services.run_draft(county=areas.county, month=MAR, actor=users.county)
    line = run.lines.get(household=entitlement.household)
    assert (line.amount, line.arrears, line.total) == (Decimal("300.00"), Decimal("80.00"), Decimal("380.00"))


def test_adjustments_are_carried_once(areas, users):
    entitlement = receiving(areas.haizhou, users.haizhou)
    Adjustment.objects.create(household=entitlement.household, kind="reissue", amount=Decimal("260.00"))
    Adjustment.objects.create(household=entitlement.household, kind="recovery", amount=Decimal("-60.00"))
    run = services.run_draft(county=areas.county, month=JAN, actor=users.county)
    line = run.lines.get()
    assert (line.adjustment, line.total) == (Decimal("200.00"), Decimal("460.00"))
    run = services.run_draft(
        county=areas.county, month=JAN, actor=users.county
    )  # redraft: carried again, once
    assert run.lines.get().total == Decimal("460.00")
    assert Adjustment.objects.filter(applied_line__isnull=True).count() == 0
    services.run_draft(county=areas.county, month=FEB, actor=users.county)
    feb = Run.objects.get(month=FEB).lines.get()
    assert feb.adjustment == 0  # already carried by January's


def test_a_person_is_paid_in_at_most_one_household_a_month(areas, users):
    for _ in range(3):
        receiving(areas.haizhou, users.haizhou, members=2)
    run = services.run_draft(county=areas.county, month=JAN, actor=users.county)
    ids = list(
        Member.objects.filter(household__in=run.lines.values("household_id")).values_list(
            "id_number", flat=True
        )
    )
    assert len(ids) == len(set(ids)) == 9


def test_a_failure_in_the_middle_leaves_the_old_draft(areas, users, monkeypatch):
    receiving(areas.haizhou, users.haizhou)
    run = services.run_draft(county=areas.county, month=JAN, actor=users.county)
    before = list(run.lines.values_list("id", "household_id", "total"))
    receiving(areas.haizhou, users.haizhou)

    def broken(run):  # type: ignore[no-untyped-def]
        raise RuntimeError("the database went away")

    monkeypatch.setattr(drafting, "carry_adjustments", broken)
    with pytest.raises(RuntimeError):
        services.run_draft(county=areas.county, month=JAN, actor=users.county)
    run.refresh_from_db()
    assert list(run.lines.values_list("id", "household_id", "total")) == before
    assert run.households == 1


def test_only_a_county_drafts(areas, users):
    with pytest.raises(Forbidden):
        services.run_draft(county=areas.county, month=JAN, actor=users.street)
    with pytest.raises(DomainError), translation.override("en"):
        services.run_draft(county=areas.haizhou, month=JAN, actor=users.county)


def test_a_recovery_larger_than_the_month_carries_its_remainder(areas, users):
    entitlement = receiving(areas.haizhou, users.haizhou)  # 260 a month
    Adjustment.objects.create(household=entitlement.household, kind="recovery", amount=Decimal("-300.00"))
    for _ in range(2):  # drafting again makes the same remainder once
        january = services.run_draft(county=areas.county, month=JAN, actor=users.county)
    line = january.lines.get()
    assert (line.adjustment, line.total) == (Decimal("-300.00"), Decimal("0.00"))
    [remainder] = Adjustment.objects.filter(applied_line__isnull=True)
    assert (remainder.amount, remainder.source_line) == (Decimal("-40.00"), line)
    february = services.run_draft(county=areas.county, month=FEB, actor=users.county)
    assert february.lines.get().total == Decimal("220.00")  # 260 − the 40 left over
