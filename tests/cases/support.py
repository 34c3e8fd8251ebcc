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


def application(
    areas, users, *, until: str = "draft", income: str = "600", members: int = 2, **data
) -> Application:
    """A household of three earning `income` a month, its application taken up to step `until`."""
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
        if step == "investigate":
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
