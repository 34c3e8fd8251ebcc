"""A step taken on a day of its own (`transition(on=…)`): the case's dates, its deadline and the
decision's movement are that day's; the procedure is the one in force then."""

import datetime

import pytest

from dibao.benefits.models import Entitlement, Movement, MovementKind
from dibao.cases import services
from dibao.cases.models import State
from dibao.core.errors import DomainError
from dibao.workdays.calendar import add_working_days

from .support import application, checked, papers_seen, standards

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 2, 2)


def step(app, name, actor, day, **data):  # type: ignore[no-untyped-def]
    return services.transition(application=app, step=name, actor=actor, data=data, on=day)


def test_an_application_taken_through_the_past_is_dated_as_it_happened(areas, users):
    standards(areas)
    worker = users.haizhou
    app = application(areas, users, income="100")
    app = step(app, "submit", worker, DAY)
    papers_seen(app, worker)
    app = step(app, "accept", worker, DAY + datetime.timedelta(days=1))
    assert (app.submitted_on, app.accepted_on) == (DAY, DAY + datetime.timedelta(days=1))
    procedure = services.procedure_for(app, DAY)
    assert app.due_on == add_working_days(app.accepted_on, procedure.decision_working_days)
    services.investigation_record(
        application=app,
        data={"visited_on": "2026-02-04", "investigators": "张明, 李华"},
        actor=worker,
    )
    app = step(app, "investigate", worker, datetime.date(2026, 2, 5))
    checked(app, worker)
    notice = services.notice_post(
        applications=[app], posted_on=datetime.date(2026, 2, 6), mask_given_names=True, actor=worker
    )
    app.refresh_from_db()
    # The notice has not ended on the day the worker would close it.
    with pytest.raises(DomainError):
        step(app, "close_notice", worker, notice.ends_on)
    app = step(app, "close_notice", worker, notice.ends_on + datetime.timedelta(days=1))
    app = step(app, "review", users.street, datetime.date(2026, 2, 16), opinion="同意")
    decided = datetime.date(2026, 2, 18)
    app = step(app, "approve", users.county, decided)
    assert (app.state, app.decided_on) == (State.APPROVED, decided)
    assert app.start_month == datetime.date(2026, 3, 1)
    granted = Entitlement.objects.get(household=app.household, program_id="dibao")
    assert granted.month_from == datetime.date(2026, 3, 1)
    new = Movement.objects.get(household=app.household, kind=MovementKind.NEW)
    assert new.recorded_on == decided
