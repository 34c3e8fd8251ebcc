"""Paying once: a granted cash grant rides the county's next run, once; cancelling it takes it off a
draft and is refused once its bank file is written."""

import datetime
import io
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from dibao.assistance.models import GrantState, OneOffGrant
from dibao.assistance.services.grants import one_off_grant_cancel, one_off_grant_record
from dibao.core.errors import DomainError
from dibao.payroll import services
from dibao.payroll.models import Line
from dibao.payroll.services.bankfiles import bank_file_export
from dibao.policy.services import standard_set
from tests.factories import make_household

JAN, FEB = datetime.date(2026, 1, 1), datetime.date(2026, 2, 1)


@pytest.fixture(autouse=True)
def standards(areas):  # type: ignore[no-untyped-def]
    standard_set(
        area=areas.county, data={"kind": "urban", "amount": "360", "valid_from": "2025-01"}, actor=None
    )


def grant(areas, users, day=datetime.date(2026, 1, 20), **more):  # type: ignore[no-untyped-def]
    household = make_household(areas.haizhou, users.haizhou)
    values = {
        "program": "temporary",
        "household": household,
        "member": None,
        "amount": "720.00",
        "kind": "emergency",
        "category": "fire",
        "reason": "房屋失火",
        "decided_on": day,
        "actor": users.street,
    }
    return one_off_grant_record(**{**values, **more})


def approved(areas, users, month):  # type: ignore[no-untyped-def]
    run = services.run_draft(county=areas.county, month=month, actor=users.county)
    for street in {line.street for line in run.lines.select_related("street")}:
        services.run_check(run=run, street=street, actor=users.county)
    return services.run_approve(run=run, actor=users.county)


def test_paid_once_across_two_runs(areas, users):
    made = grant(areas, users)
    later = grant(areas, users, day=datetime.date(2026, 2, 3))
    in_kind = grant(areas, users, in_kind="大米50斤", amount="150")
    jan = services.run_draft(county=areas.county, month=JAN, actor=users.county)
    line = jan.lines.get()
    assert (line.grant_id, line.program_id, line.total, line.entitlement_id) == (
        made.pk,
        "temporary",
        Decimal("720.00"),
        None,
    )
    assert jan.total == Decimal("720.00")
    made.refresh_from_db()
    assert made.paid_line_id == line.pk
    # Drafted again: the same one line.
    jan = services.run_draft(county=areas.county, month=JAN, actor=users.county)
    assert list(jan.lines.values_list("grant_id", flat=True)) == [made.pk]
    approved(areas, users, JAN)
    feb = services.run_draft(county=areas.county, month=FEB, actor=users.county)
    assert list(feb.lines.values_list("grant_id", flat=True)) == [later.pk]  # not the January one again
    assert not Line.objects.filter(grant=in_kind).exists()
    # The database refuses a second line for a grant.
    with pytest.raises(IntegrityError), transaction.atomic():
        old = Line.objects.get(grant=made)
        old.pk, old.run = None, feb
        old.save()


def test_cancel_before_export_takes_it_off_the_draft(areas, users):
    made = grant(areas, users)
    run = services.run_draft(county=areas.county, month=JAN, actor=users.county)
    assert run.lines.count() == 1
    one_off_grant_cancel(grant=made, reason="重复", actor=users.street)
    run.refresh_from_db()
    assert (run.lines.count(), run.total) == (0, Decimal("0.00"))
    assert OneOffGrant.objects.get(pk=made.pk).state == GrantState.CANCELLED


def test_cancel_after_export_is_refused(areas, users):
    made = grant(areas, users)
    run = approved(areas, users, JAN)
    with pytest.raises(DomainError) as exc:
        one_off_grant_cancel(grant=made, reason="错误", actor=users.street)
    assert exc.value.code == "fixed"
    bank_file_export(run=run, out=io.BytesIO(), actor=users.county)
    made.refresh_from_db()
    assert made.state == GrantState.PAID
    with pytest.raises(DomainError) as exc:
        one_off_grant_cancel(grant=made, reason="错误", actor=users.street)
    assert exc.value.code == "exported"


def test_a_county_paying_in_batches_leaves_grants_out_of_the_run(areas, users):
    from dibao.policy.models import Program
    from dibao.policy.services import program_rules_set

    program_rules_set(
        area=areas.county,
        program=Program.objects.get(code="temporary"),
        data={"valid_from": "2025-01", "terms": {"paid_in": "batch"}},
        actor=None,
    )
    grant(areas, users)
    run = services.run_draft(county=areas.county, month=JAN, actor=users.county)
    assert run.lines.count() == 0
