"""Receiving households with an entitlement, as an approval would leave them."""

import datetime

from dibao.benefits.models import Entitlement
from dibao.benefits.services import entitlement_grant
from dibao.policy.assessment import assess
from dibao.registry.services import household_status_record, income_add
from tests.factories import make_household


def receiving(
    community, actor, *, income="100", members=0, month=datetime.date(2026, 1, 1), **household
) -> Entitlement:
    h = make_household(community, actor, members=members, **household)
    if income:
        income_add(
            household=h, data={"kind": "other", "amount": income, "month_from": "2025-01"}, actor=actor
        )
    household_status_record(household=h, status="receiving", actor=actor)
    return entitlement_grant(
        household=h, assessment=assess(h, month), month_from=month, reason="approval", actor=actor
    )
