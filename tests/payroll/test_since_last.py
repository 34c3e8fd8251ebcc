"""Approving a run shows what changed since the county's run before it — new, stopped and changed
households, the difference in the total — and asks the approver to confirm it."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from dibao.benefits.models import MovementKind
from dibao.benefits.services import entitlement_grant, entitlement_stop
from dibao.payroll import services
from dibao.payroll.changes import since_last
from dibao.payroll.models import Run, RunState
from dibao.policy.assessment import assess
from dibao.policy.services import standard_set
from dibao.registry.services import income_add
from tests.benefits.support import receiving

pytestmark = pytest.mark.django_db

JAN, FEB = datetime.date(2026, 1, 1), datetime.date(2026, 2, 1)


@pytest.fixture(autouse=True)
def standards(areas):
    standard_set(
        area=areas.county, data={"kind": "urban", "amount": "360", "valid_from": "2025-01"}, actor=None
    )


def checked(areas, users, month):  # type: ignore[no-untyped-def]
    run = services.run_draft(county=areas.county, month=month, actor=users.county)
    for street in (areas.xinghaiwan, areas.shiqiaopu):
        if run.state == RunState.DRAFT:
            run = services.run_check(run=run, street=street, actor=users.county)
    return run


def february_after_changes(areas, users):  # type: ignore[no-untyped-def]
    """January paid three households; by February one stopped, one's amount moved, one is new."""
    _kept, stopped, moved = (receiving(areas.haizhou, users.haizhou) for _ in range(3))
    services.run_approve(run=checked(areas, users, JAN), actor=users.county)
    entitlement_stop(
        household=stopped.household,
        kind=MovementKind.TERMINATE,
        on=datetime.date(2026, 1, 31),
        stop_reason="death",
        month_pay="full",
        actor=users.haizhou,
    )
    household = moved.household
    income_add(
        household=household,
        data={"kind": "wage", "amount": "60", "month_from": "2026-02"},
        actor=users.haizhou,
    )
    entitlement_grant(
        household=household,
        assessment=assess(household, FEB),
        month_from=FEB,
        reason="change",
        actor=users.haizhou,
    )
    receiving(areas.haizhou, users.haizhou, month=FEB)
    return checked(areas, users, FEB)


def test_what_changed_since_the_last_run_is_counted(areas, users):
    february = february_after_changes(areas, users)
    found = since_last(february)
    january = Run.objects.get(month=JAN)
    assert found.previous == january
    assert (found.new, found.stopped, found.changed) == (1, 1, 1)
    assert found.difference == february.total - january.total and found.difference != Decimal("0.00")


def test_the_first_run_counts_every_household_new(areas, users):
    receiving(areas.haizhou, users.haizhou)
    run = checked(areas, users, JAN)
    found = since_last(run)
    assert found.previous is None and (found.new, found.stopped, found.changed) == (1, 0, 0)
    assert found.difference == run.total


def test_the_approval_shows_the_changes_and_needs_the_confirmation(login, areas, users):
    february = february_after_changes(areas, users)
    client = login(users.county)
    detail = reverse("payroll:run-detail", args=[february.pk])
    page = client.get(detail)
    shown = page.context["since_last"]
    assert (shown.new, shown.stopped, shown.changed) == (1, 1, 1)
    text = page.content.decode()
    assert 'name="confirmed"' in text and "2026-01" in text
    approve = reverse("payroll:run-approve", args=[february.pk])
    refused = client.post(approve, {"version": february.version}, follow=True)
    assert any("确认" in str(m) for m in refused.context["messages"])
    assert Run.objects.get(pk=february.pk).state == RunState.CHECKED
    client.post(approve, {"version": february.version, "confirmed": "on"})
    assert Run.objects.get(pk=february.pk).state == RunState.APPROVED
    # Nothing to approve: no comparison is made.
    assert login(users.haizhou).get(detail).context["since_last"] is None


def test_the_comparison_is_four_statements_whatever_the_size(areas, users, django_assert_num_queries):
    february = february_after_changes(areas, users)
    with django_assert_num_queries(4):  # the run before, then new, stopped and changed counted
        since_last(february)
