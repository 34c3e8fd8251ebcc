"""A labour group of 海州 with receiving households, sessions last month, made through the services."""

import datetime
from types import SimpleNamespace

from dibao.core.months import add_months, this_month
from dibao.labour import services
from dibao.registry.services import member_add
from tests.benefits.support import receiving
from tests.factories import id_number, member_data


def last_month() -> datetime.date:
    return add_months(this_month(), -1)


def adult(**overrides):  # type: ignore[no-untyped-def]
    """An able-bodied, unemployed adult of 40, as member data."""
    return member_data(id_number=id_number(datetime.date(1986, 5, 4)), employment="unemployed", **overrides)


def group_of(community, actor, *, people: int = 3, name: str = "一组"):  # type: ignore[no-untyped-def]
    """`people` receiving households of `community`, each head in a new group of it."""
    heads = []
    for n in range(people):
        entitlement = receiving(
            community, actor, head=adult(name=f"劳动{n}"), month=add_months(last_month(), -1)
        )
        heads.append(entitlement.household.members.get(relation="self"))
    group = services.group_create(community=community, data={"name": name, "task": "cleaning"}, actor=actor)
    joined = [services.group_member_add(group=group, member=m, actor=actor) for m in heads]
    return SimpleNamespace(group=group, heads=heads, joined=joined)


def sessions_last_month(group, actor, weekdays=(0, 2, 4)):  # type: ignore[no-untyped-def]
    first = last_month()
    end = this_month() - datetime.timedelta(days=1)
    return services.sessions_schedule(
        group=group,
        data={
            "weekdays": list(weekdays),
            "date_from": first.isoformat(),
            "date_to": end.isoformat(),
            "starts_at": "09:00",
            "ends_at": "11:00",
            "task": "cleaning",
            "working_days_only": False,
        },
        actor=actor,
    )


def add_person(household, actor, **data):  # type: ignore[no-untyped-def]
    return member_add(household=household, actor=actor, data=member_data(**data))


def reminded(community, actor):  # type: ignore[no-untyped-def]
    """A reminder sent to a receiving household's head who missed two sessions yesterday."""
    from dibao.labour.models import Reminder
    from tests.cases.support import days_ago

    head = receiving(community, actor, head=adult(name="提醒人")).household.members.get(relation="self")
    group = services.group_create(community=community, data={"name": "提醒组"}, actor=actor)
    services.group_member_add(group=group, member=head, actor=actor)
    day = days_ago(1).isoformat()
    for starts, ends in (("09:00", "10:00"), ("14:00", "15:00")):
        [session] = services.sessions_schedule(
            group=group,
            data={
                "weekdays": "0,1,2,3,4,5,6",
                "date_from": day,
                "date_to": day,
                "starts_at": starts,
                "ends_at": ends,
                "working_days_only": "0",
            },
            actor=actor,
        )
        services.attendance_sign_list(session=session, present=[], actor=actor)
    services.labour_check(area=community, month=days_ago(1), actor=actor)
    return Reminder.objects.get(member=head)
