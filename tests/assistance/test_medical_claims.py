"""Claims: recorded with the rules' amount, the year's cap counted across claims, decided, audited."""

import datetime
from decimal import Decimal

import pytest

from dibao.assistance.medical.services import claim_decide, claim_record
from dibao.assistance.models import ClaimState, OneOffGrant
from dibao.core.errors import DomainError, NotFound
from dibao.core.models import AuditEntry
from dibao.payroll import services as payroll

from .support import holding


def claim(person, actor, cost="10000", day="2026-03-10", **more):
    data = {
        "id_number": person.id_number,
        "hospital": "大连市中心医院",
        "admitted_on": day,
        "discharged_on": day,
        "kind": "inpatient",
        "total_cost": "30000",
        "insurance_paid": "15000",
        "serious_insurance_paid": "0",
        "in_policy_cost": cost,
        **more,
    }
    return claim_record(data=data, actor=actor)


def test_a_second_claim_of_the_year_is_limited_by_the_cap_left(areas, users):
    head = holding(areas.haizhou, users.haizhou, "dibao")
    first = claim(head, users.haizhou)
    assert first.amount == Decimal("7000.00") and first.cap_left == Decimal("43000.00")
    assert AuditEntry.objects.filter(object_id=str(first.pk), action="create").exists()
    claim_decide(claim=first, data={"approve": True}, actor=users.street)
    second = claim(
        head, users.haizhou, cost="100000", day="2026-06-01", total_cost="200000", insurance_paid="90000"
    )
    assert second.amount == Decimal("43000.00") and second.cap_left == Decimal("0.00")
    next_year = claim(head, users.haizhou, day="2027-01-05")
    assert next_year.amount == Decimal("7000.00")


def test_deciding_records_the_amount_on_the_claim_and_refuses_twice(areas, users):
    head = holding(areas.haizhou, users.haizhou, "dibao")
    recorded = claim(head, users.haizhou)
    with pytest.raises(DomainError, match=r"note|why|说明|原因"):
        claim_decide(claim=recorded, data={"approve": True, "amount": "5000"}, actor=users.street)
    decided = claim_decide(
        claim=recorded,
        data={"approve": True, "amount": "5000", "note": "部分费用已由慈善基金承担"},
        actor=users.street,
    )
    assert decided.state == ClaimState.DECIDED and decided.decided_amount == Decimal("5000.00")
    with pytest.raises(DomainError):
        claim_decide(claim=decided, data={"approve": False}, actor=users.street)


def test_a_claim_outside_the_workers_area_is_not_found(areas, users):
    head = holding(areas.haizhou, users.haizhou, "dibao")
    with pytest.raises(NotFound):
        claim(head, users.liubeiqiao)


def test_not_qualifying_on_the_date_is_recorded_but_cannot_be_approved(areas, users):
    head = holding(areas.haizhou, users.haizhou, "dibao", since=datetime.date(2026, 4, 1))
    recorded = claim(head, users.haizhou, day="2026-03-31")
    assert not recorded.eligible and recorded.amount == 0
    with pytest.raises(DomainError):
        claim_decide(claim=recorded, data={"approve": True}, actor=users.street)
    assert claim_decide(claim=recorded, data={"approve": False}, actor=users.street).state == "refused"


def test_bad_input_names_the_field(areas, users):
    head = holding(areas.haizhou, users.haizhou, "dibao")
    with pytest.raises(DomainError) as refused:
        claim(head, users.haizhou, cost="lots", discharged_on="2026-03-01", kind="dental")
    assert {"in_policy_cost", "kind"} <= set(refused.value.errors)


def test_an_approved_claim_is_a_grant_paid_once_and_a_refused_one_is_none(areas, users):
    head = holding(areas.haizhou, users.haizhou, "dibao")
    approved = claim_decide(claim=claim(head, users.haizhou), data={"approve": True}, actor=users.street)
    refused = claim(head, users.haizhou, day="2026-04-02")
    claim_decide(claim=refused, data={"approve": False, "note": "非政策范围"}, actor=users.street)
    grant = OneOffGrant.objects.get()
    assert (grant.program_id, grant.member_id, grant.amount, grant.claim_id) == (
        "medical",
        head.pk,
        Decimal("7000.00"),
        approved.pk,
    )
    month = datetime.date.today().replace(day=1)
    run = payroll.run_draft(county=areas.county, month=month, actor=users.county)
    lines = run.lines.filter(program_id="medical")
    assert [(line.member_id, line.amount) for line in lines] == [(head.pk, Decimal("7000.00"))]
