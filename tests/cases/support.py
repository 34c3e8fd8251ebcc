"""An application brought to any step through the real services."""

import datetime

from django.utils import timezone

from dibao.cases import services
from dibao.cases.checklist import REQUIRED
from dibao.cases.models import Application
from dibao.policy.services import standard_set
from dibao.registry.services import income_add
from tests.factories import make_household


def standards(areas) -> None:
    standard_set(
        area=areas.county, data={"kind": "urban", "amount": "360", "valid_from": "2020-01"}, actor=None
    )
    standard_set(
        area=areas.county, data={"kind": "rural", "amount": "200", "valid_from": "2020-01"}, actor=None
    )


def days_ago(n: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=n)


def papers_seen(app: Application, actor) -> None:
    """Every material the application's kind requires, marked as seen on paper."""
    for kind in REQUIRED[app.kind]:
        services.material_add(application=app, kind=kind, seen_on_paper=True, actor=actor)


def checked(app: Application, actor) -> None:
    """An economic check result recorded: a review or decision then goes on without confirming."""
    services.verification_add(
        application=app,
        data={"kind": "income", "description": "工资收入属实", "amount": "600", "source": "核对中心"},
        actor=actor,
    )


def application(
    areas,
    users,
    *,
    until: str = "draft",
    income: str = "600",
    members: int = 2,
    check: bool = True,
    **data,
) -> Application:
    """A household of three earning `income` a month, its application taken up to step `until`
    (with an economic check result unless `check` is False)."""
    worker, street, county = users.haizhou, users.street, users.county
    household = make_household(areas.haizhou, worker, members=members)
    if income:
        income_add(
            household=household,
            data={"kind": "wage", "amount": income, "month_from": "2020-01"},
            actor=worker,
        )
    app = services.application_create(household=household, data=data, actor=worker)
    order = ["submit", "accept", "investigate", "post_notice", "close_notice", "review"]
    for step in order[: order.index(until) + 1] if until != "draft" else []:
        if step == "accept":
            papers_seen(app, worker)
            # Accepted on the day of the notice that follows it (posted ten days ago).
            services.transition(
                application=app, step="accept", data={"accepted_on": days_ago(10).isoformat()}, actor=worker
            )
            app.refresh_from_db()
            continue
        if step == "investigate":
            if check:
                checked(app, worker)
            services.investigation_record(
                application=app,
                data={
                    "visited_on": days_ago(20).isoformat(),
                    "investigators": "张明, 李华",
                    "housing": "两居室",
                },
                actor=worker,
            )
        if step == "post_notice":
            services.notice_post(
                applications=[app], posted_on=days_ago(10), mask_given_names=True, actor=worker
            )
        elif step == "review":
            services.transition(application=app, step="review", data={"opinion": "同意"}, actor=street)
        else:
            services.transition(application=app, step=step, actor=worker)
        app.refresh_from_db()
    assert county  # the county decides; kept here so callers see who is who
    return app
