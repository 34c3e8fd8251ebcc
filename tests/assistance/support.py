"""People holding the statuses 医疗救助 reads, and the county's disposable income."""

import datetime
from decimal import Decimal

from dibao.benefits.models import Entitlement
from dibao.policy.programs.codes import RIGID_EXPENSE
from dibao.policy.selectors import program_by_code
from dibao.policy.services import program_rules_set
from tests.factories import make_household


def disposable_income(area, amount="40000", year="2025"):
    program_rules_set(
        area=area,
        program=program_by_code(RIGID_EXPENSE),
        data={"valid_from": "2026-01", "enabled": True, "terms": {"disposable_income": {year: amount}}},
        actor=None,
    )


def holding(community, actor, program, *, since=datetime.date(2026, 1, 1), until=None, person=False):
    """A household whose head holds `program` from `since` (to `until`): household-paid unless
    `person`, as 特困 is. The status rows are laid down directly: how they were decided is another
    app's test."""
    household = make_household(community, actor)
    head = household.members.get()
    Entitlement.objects.create(
        household=household,
        program_id=program,
        member=head if person else None,
        month_from=since,
        month_to=until,
        amount=Decimal("0.00"),
        persons=1,
        urban_rural="urban",
        reason="approval",
    )
    return head
