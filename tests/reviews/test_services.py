"""Reviews and reported changes: outcomes that agree with the assessment, approval above the
threshold, stops with reasons, never a paid month rewritten, annual campaigns in bulk."""

import datetime
from decimal import Decimal

import pytest

from dibao.benefits.models import Entitlement, Movement, MovementKind
from dibao.benefits.services import gradual_exits_finish
from dibao.core.errors import DomainError, Forbidden, NotFound
from dibao.core.models import AuditEntry
from dibao.payroll import services as payroll
from dibao.payroll.models import Line
from dibao.policy.services import standard_set
from dibao.registry.services import income_add
from dibao.reviews.models import Review, ReviewState
from dibao.reviews.services import (
    campaign_open,
    review_approve,
    review_cancel,
    review_open,
    review_record,
    review_return,
)
from tests.benefits.support import receiving

MAR, APR = datetime.date(2026, 3, 1), datetime.date(2026, 4, 1)


@pytest.fixture(autouse=True)
def standards(areas):
    standard_set(
        area=areas.county, data={"kind": "urban", "amount": "360", "valid_from": "2025-01"}, actor=None
    )


def earn(household, amount, actor, kind="other", since="2026-02"):  # type: ignore[no-untyped-def]
    income_add(household=household, data={"kind": kind, "amount": amount, "month_from": since}, actor=actor)


def change(household, actor):  # type: ignore[no-untyped-def]
    return review_open(
        household=household, actor=actor, kind="change", change_kind="income", occurred_on="2026-02-10"
    )


def record(review, actor, outcome, on="2026-03-01", **more):  # type: ignore[no-untyped-def]
    return review_record(
        review=review,
        actor=actor,
        data={"outcome": outcome, "effective_on": on, "checked_income": "on", **more},
    )


def test_a_small_lower_from_a_reported_change_is_applied_at_once(areas, users):
    e = receiving(areas.haizhou, users.haizhou)  # 260
    earn(e.household, "50", users.haizhou)
    review = record(change(e.household, users.haizhou), users.haizhou, "lower")
    assert review.state == ReviewState.DECIDED and review.checked_income
    assert (review.amount_before, review.amount_after) == (Decimal("260.00"), Decimal("210.00"))
    assert review.explanation and review.notice_number
    new = Entitlement.objects.get(household=e.household, month_to__isnull=True)
    assert (new.amount, new.month_from, new.reason) == (Decimal("210.00"), MAR, "change")
    assert Movement.objects.filter(household=e.household, kind=MovementKind.LOWER).count() == 1
    assert AuditEntry.objects.filter(object_type="reviews.review", object_id=str(review.pk)).count() == 2


def test_the_outcome_must_agree_with_the_assessment(areas, users):
    e = receiving(areas.haizhou, users.haizhou)
    earn(e.household, "50", users.haizhou)
    review = change(e.household, users.haizhou)
    for outcome in ("continue", "raise"):
        with pytest.raises(DomainError) as refused:
            record(review, users.haizhou, outcome)
        assert "outcome" in refused.value.errors
    with pytest.raises(DomainError) as refused:
        record(review, users.haizhou, "gradual_exit")  # still eligible
    assert "outcome" in refused.value.errors
    review.refresh_from_db()
    assert review.state == ReviewState.OPEN and review.outcome == ""  # nothing half-written


def test_continue_moves_the_next_review_only(areas, users):
    e = receiving(areas.haizhou, users.haizhou)
    review = record(review_open(household=e.household, actor=users.haizhou), users.haizhou, "continue")
    assert review.state == ReviewState.DECIDED and not review.notice_number
    assert Entitlement.objects.filter(household=e.household).count() == 1
    assert not Movement.objects.filter(household=e.household).exclude(kind=MovementKind.NEW).exists()


def test_a_continued_benefit_gets_its_next_review_through_the_benefits_service(areas, users, monkeypatch):
    from dibao.reviews.services import deciding

    e = receiving(areas.haizhou, users.haizhou)
    calls = []
    benefits_service = deciding.entitlement_set_next_review

    def spy(**kwargs):  # type: ignore[no-untyped-def]
        calls.append(kwargs["entitlement"].pk)
        return benefits_service(**kwargs)

    monkeypatch.setattr(deciding, "entitlement_set_next_review", spy)
    review = record(review_open(household=e.household, actor=users.haizhou), users.haizhou, "continue")
    assert calls == [e.pk] and review.entitlement_id == e.pk
    e.refresh_from_db()
    entries = AuditEntry.objects.filter(object_type="benefits.entitlement", object_id=str(e.pk))
    (entry,) = [entry for entry in entries if entry.after == {"next_review": e.next_review.isoformat()}]
    assert entry.action == "update" and entry.actor == users.haizhou
    assert entry.before == {"next_review": "2026-02-01"}  # only the field that changed


def test_a_large_lower_waits_for_the_street(areas, users):
    e = receiving(areas.haizhou, users.haizhou)  # 260
    earn(e.household, "200", users.haizhou)  # → 60: lowered by 200, above the 100 threshold
    review = record(change(e.household, users.haizhou), users.haizhou, "lower")
    assert review.state == ReviewState.PROPOSED
    assert Entitlement.objects.get(household=e.household, month_to__isnull=True).amount == Decimal("260.00")
    with pytest.raises(Forbidden):
        review_approve(review=review, actor=users.haizhou)
    with pytest.raises(NotFound):
        review_approve(review=review, actor=users.liubeiqiao)
    with pytest.raises(DomainError):
        review_approve(review=review, actor=users.street, version=review.version - 1)  # stale
    returned = review_return(review=review, actor=users.street, note="再核实收入")
    assert returned.state == ReviewState.OPEN
    review = record(returned, users.haizhou, "lower")
    review = review_approve(review=review, actor=users.street, version=review.version)
    assert review.state == ReviewState.DECIDED and review.decided_by == users.street
    assert Entitlement.objects.get(household=e.household, month_to__isnull=True).amount == Decimal("60.00")


def test_a_suspension_needs_a_reason_and_stops_the_money(areas, users):
    e = receiving(areas.haizhou, users.haizhou)
    review = review_open(household=e.household, actor=users.haizhou)
    with pytest.raises(DomainError) as refused:
        record(review, users.haizhou, "suspend")
    assert {"stop_reason", "reason_text"} <= set(refused.value.errors)
    review = record(review, users.street, "suspend", stop_reason="absent", reason_text="长期不在本地居住")
    assert review.state == ReviewState.DECIDED  # the street recorded it: no second approval
    e.household.refresh_from_db()
    assert e.household.status == "suspended"
    resumed = record(
        review_open(household=e.household, actor=users.haizhou), users.haizhou, "resume", on="2026-05-01"
    )
    assert resumed.state == ReviewState.DECIDED
    assert Entitlement.objects.get(household=e.household, month_to__isnull=True).month_from == datetime.date(
        2026, 5, 1
    )


def test_a_decision_never_rewrites_a_paid_month(areas, users):
    e = receiving(areas.haizhou, users.haizhou)
    receiving(areas.haizhou, users.haizhou)
    for month in (datetime.date(2026, m, 1) for m in (1, 2, 3)):
        run = payroll.run_draft(county=areas.county, month=month, actor=users.county)
        payroll.run_check(run=run, street=areas.xinghaiwan, actor=users.county)
        payroll.run_approve(run=run, actor=users.county)
    earn(e.household, "50", users.haizhou)
    review = change(e.household, users.haizhou)
    with pytest.raises(DomainError) as refused:
        record(review, users.haizhou, "lower", on="2026-03-01")
    assert "effective_on" in refused.value.errors and "2026-04" in str(refused.value)
    assert record(review, users.haizhou, "lower", on="2026-04-01").state == ReviewState.DECIDED
    paid = {
        line.run.month: line.total
        for line in Line.objects.filter(household=e.household).select_related("run")
    }
    assert paid[MAR] == Decimal("260.00")


def test_false_statements_end_the_benefit_and_count_what_to_recover(areas, users):
    e = receiving(areas.haizhou, users.haizhou)
    receiving(areas.haizhou, users.haizhou)
    for month in (datetime.date(2026, m, 1) for m in (1, 2)):
        run = payroll.run_draft(county=areas.county, month=month, actor=users.county)
        payroll.run_check(run=run, street=areas.xinghaiwan, actor=users.county)
        payroll.run_approve(run=run, actor=users.county)
    review = record(
        review_open(household=e.household, actor=users.haizhou),
        users.street,
        "terminate",
        stop_reason="false_statement",
        reason_text="隐瞒经营收入",
        overpaid_from="2026-01",
    )
    assert review.overpayment == Decimal("520.00") and review.notice_number
    e.household.refresh_from_db()
    assert e.household.status == "terminated"
    movement = Movement.objects.get(household=e.household, kind=MovementKind.TERMINATE)
    assert (movement.stop_reason, movement.amount_after, movement.persons_after) == ("false_statement", 0, 0)


def test_a_gradual_exit_ends_by_itself(areas, users):
    e = receiving(areas.haizhou, users.haizhou)
    earn(e.household, "3000", users.haizhou, kind="wage")
    review = change(e.household, users.haizhou)
    with pytest.raises(DomainError) as refused:  # more months than the rules allow
        record(review, users.haizhou, "gradual_exit", stop_reason="employed", exit_months="9")
    assert "exit_months" in refused.value.errors
    review = record(review, users.haizhou, "gradual_exit", stop_reason="employed", exit_months="3")
    assert review.state == ReviewState.PROPOSED
    review_approve(review=review, actor=users.street)
    last = Entitlement.objects.get(household=e.household)
    assert last.month_to == datetime.date(2026, 5, 1)  # March, April, May
    assert gradual_exits_finish(today=datetime.date(2026, 5, 20), actor=None) == 0
    assert gradual_exits_finish(today=datetime.date(2026, 6, 2), actor=None) == 1
    e.household.refresh_from_db()
    assert e.household.status == "terminated"
    ended = Movement.objects.get(household=e.household, kind=MovementKind.TERMINATE)
    assert (ended.stop_reason, ended.month) == ("employed", datetime.date(2026, 6, 1))


def test_an_annual_campaign_opens_a_review_for_each_household_once(areas, users):
    a = receiving(areas.haizhou, users.haizhou)
    receiving(areas.haizhou, users.haizhou)
    receiving(areas.liubeiqiao, users.liubeiqiao)
    review_open(household=a.household, actor=users.haizhou)  # already open: not opened again
    with pytest.raises(Forbidden):
        campaign_open(area=areas.haizhou, year=2026, due_on="2026-12-31", actor=users.haizhou)
    campaign = campaign_open(area=areas.xinghaiwan, year=2026, due_on="2026-12-31", actor=users.street)
    assert campaign.reviews == 1
    assert Review.objects.filter(campaign=campaign).count() == 1
    assert AuditEntry.objects.filter(object_type="reviews.review").count() == 2
    with pytest.raises(DomainError):
        campaign_open(area=areas.xinghaiwan, year=2026, due_on="2026-12-31", actor=users.street)
    with pytest.raises(NotFound):
        campaign_open(area=areas.county, year=2026, due_on="2026-12-31", actor=users.street)


def test_one_open_review_per_household_and_a_change_needs_its_facts(areas, users):
    e = receiving(areas.haizhou, users.haizhou)
    with pytest.raises(DomainError) as refused:
        review_open(household=e.household, actor=users.haizhou, kind="change", occurred_on="2999-01-01")
    assert {"change_kind", "occurred_on"} <= set(refused.value.errors)
    review = review_open(household=e.household, actor=users.haizhou)
    with pytest.raises(DomainError):
        review_open(household=e.household, actor=users.haizhou)
    with pytest.raises(DomainError):
        review_cancel(review=review, actor=users.haizhou, note="")
    assert review_cancel(review=review, actor=users.haizhou, note="重复").state == ReviewState.CANCELLED
    assert review_open(household=e.household, actor=users.haizhou).state == ReviewState.OPEN
