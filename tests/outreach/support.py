"""A county with the usual services and a receiving household of 海州 to register and refer."""

import datetime
from types import SimpleNamespace

from django.utils import timezone

from dibao.core.months import add_months
from dibao.outreach.services import services_seed

from ..benefits.support import receiving
from ..cases.support import standards

HEAD = "欧阳明月"


def setting(areas, users) -> SimpleNamespace:
    standards(areas)
    services_seed(county=areas.county, actor=users.county)
    entitlement = receiving(areas.haizhou, users.haizhou, head={"name": HEAD}, members=1)
    household = entitlement.household
    return SimpleNamespace(
        household=household,
        head=household.members.get(relation="self"),
        other=household.members.exclude(relation="self").get(),
    )


def months_ago(n: int, day: int = 10) -> datetime.date:
    """The `day` of the month `n` months before this one."""
    month = add_months(timezone.localdate().replace(day=1), -n)
    return month.replace(day=day)
