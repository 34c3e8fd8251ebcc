"""Households entering, changing and leaving, through the benefits services, for the statistics'
tests."""

import datetime
from decimal import Decimal
from typing import Any

from dibao.benefits.services import Grant, entitlement_grant, entitlement_stop
from dibao.registry.models import Household
from dibao.registry.services import household_status_record
from tests.factories import make_household

D = datetime.date
FEB, MAR, APR = D(2026, 2, 1), D(2026, 3, 1), D(2026, 4, 1)


def grant(
    household: Household, amount: str, persons: int, cls: str, month: datetime.date, actor: Any, **kw: Any
):  # type: ignore[no-untyped-def]
    return entitlement_grant(
        household=household,
        grant=Grant(
            amount=Decimal(amount),
            persons=persons,
            urban_rural=kw.pop("urban_rural", "urban"),
            benefit_class=cls,
            management_class=kw.pop("management_class", ""),
        ),
        month_from=month,
        reason=kw.pop("reason", "review"),
        actor=actor,
    )


def granted(
    community: Any, actor: Any, amount: str, persons: int, cls: str, month: datetime.date, **kw: Any
) -> Household:
    household = make_household(community, actor, **kw.pop("household", {}))
    household_status_record(household=household, status="receiving", actor=actor)
    grant(household, amount, persons, cls, month, actor, reason="approval", **kw)
    return household


def stop(household: Household, kind: str, day: datetime.date, why: str, actor: Any) -> Any:
    return entitlement_stop(
        household=household, kind=kind, on=day, stop_reason=why, month_pay="full", actor=actor
    )
