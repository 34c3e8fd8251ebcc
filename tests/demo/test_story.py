"""The demo county's year (`demo.story`): every page a user opens first has something real in it —
twelve paid runs and this month's waiting for approval, applications of every program at every
step, decided both ways, reviews done and due, stops, gradual exits, one-off help — all written
through the services, dated as the story tells."""

import datetime

import pytest

from dibao.areas.models import Area
from dibao.assistance.models import HolidayCampaign, MedicalClaim, OneOffGrant
from dibao.benefits.models import Entitlement, Movement, MovementKind
from dibao.benefits.services import in_force
from dibao.cases.models import OPEN_STATES, Application, Kind, State
from dibao.core.roles import Role
from dibao.core.scoping import CONSOLE
from dibao.demo import county
from dibao.demo.story import PROGRAMS
from dibao.labour.models import Attendance, Group, Presence, Session
from dibao.payroll.models import Line, LineResult, Run, RunState
from dibao.policy.models import ProgramRules
from dibao.reviews.models import Review, ReviewKind, ReviewState
from dibao.reviews.report.forms import default_period
from dibao.reviews.report.selectors import change_report
from dibao.reviews.selectors import reviews_due

pytestmark = pytest.mark.django_db
WORKERS = [u for u in county.USERS if u[1] == Role.COMMUNITY]
TODAY = datetime.date(2026, 11, 20)
THIS_MONTH = TODAY.replace(day=1)
PAST = [datetime.date(2025 + (10 + n) // 12, (10 + n) % 12 + 1, 1) for n in range(12)]  # 2025-11 … 2026-10


def test_the_demo_county_tells_a_year():
    """Built once (about twenty seconds), then read as each page would."""
    story = county.build(households=300, seed=1, today=TODAY, story=True)  # the size `make run` builds
    a_year_of_paid_runs_and_this_months_waiting_for_approval()
    every_program_has_its_terms_recipients_and_applications_at_every_step(story)
    the_ledger_has_a_year_of_movements_and_the_default_report_is_not_empty()
    reviews_done_due_overdue_waiting_and_reported()
    one_off_help_medical_claims_and_a_holiday_campaign()
    public_welfare_labour_in_the_last_three_months(story)


def a_year_of_paid_runs_and_this_months_waiting_for_approval():
    runs = list(Run.objects.order_by("month"))
    assert [r.month for r in runs] == [*PAST, THIS_MONTH]
    for run in runs[:-1]:
        lines = Line.objects.filter(run=run)
        assert run.state == RunState.PAID and run.approved_at is not None
        assert run.total == sum(line.total for line in lines) > 0
        assert not lines.exclude(result=LineResult.PAID).exists()
    waiting = runs[-1]
    assert waiting.state == RunState.CHECKED and waiting.total > 0
    # This month's one-off help is on this month's run, paid once.
    assert Line.objects.filter(run=waiting, grant__isnull=False).exists()


def every_program_has_its_terms_recipients_and_applications_at_every_step(story):  # type: ignore[no-untyped-def]
    assert story.story["runs_paid"] == 12
    since = datetime.date(TODAY.year - 1, 1, 1)
    assert not ProgramRules.objects.exclude(valid_from=since).exists()
    for program in PROGRAMS:
        assert Entitlement.objects.filter(in_force(THIS_MONTH), program_id=program).exists(), program
        states = set(Application.objects.filter(program_id=program).values_list("state", flat=True))
        assert {State.SUBMITTED, State.ACCEPTED, State.INVESTIGATED, State.APPROVED} <= states, program
    # Refused ones too, and the programs with a notice and a street review have cases there.
    assert Application.objects.filter(state=State.REJECTED).values("program_id").distinct().count() >= 4
    dibao = set(Application.objects.filter(program_id="dibao").values_list("state", flat=True))
    assert {State.UNDER_NOTICE, State.NOTICE_CLOSED, State.REVIEWED, State.REJECTED} <= dibao
    # Decided over the year, not all today: entitlements started in many months.
    decided = Application.objects.filter(state=State.APPROVED, program_id="dibao")
    assert len({a.decided_on.replace(day=1) for a in decided}) >= 10
    assert all(a.decided_on < a.start_month for a in decided)
    # One is overdue, and help given first waits for its paperwork.
    open_ = Application.objects.filter(state__in=OPEN_STATES)
    assert open_.filter(due_on__lt=TODAY).exists()
    assert open_.filter(kind=Kind.FAST_TRACK, program_id="temporary", due_on__isnull=False).exists()
    assert not Application.objects.filter(submitted_on__gt=TODAY).exists()


def the_ledger_has_a_year_of_movements_and_the_default_report_is_not_empty():
    kinds = set(Movement.objects.values_list("kind", flat=True))
    assert {
        MovementKind.OPENING,
        MovementKind.NEW,
        MovementKind.LOWER,
        MovementKind.SUSPEND,
        MovementKind.RESUME,
        MovementKind.GRADUAL_EXIT,
        MovementKind.TERMINATE,
    } <= kinds
    months = {m.replace(day=1) for m in Movement.objects.values_list("recorded_on", flat=True)}
    assert len(months) >= 12 and max(months) <= THIS_MONTH
    date_from, date_to = default_period(TODAY)
    report = change_report(Area.objects.get(code=county.COUNTY[0]), date_from, date_to)
    assert report.total.movements > 0 and report.total.balances()


def reviews_done_due_overdue_waiting_and_reported():
    decided = Review.objects.filter(state=ReviewState.DECIDED)
    assert decided.count() > 50
    assert decided.filter(kind=ReviewKind.CHANGE).exists()
    assert Review.objects.filter(state=ReviewState.PROPOSED).exists()  # waiting for the street
    assert Review.objects.filter(state=ReviewState.OPEN, kind=ReviewKind.CHANGE).exists()
    due = reviews_due(CONSOLE, today=TODAY)
    assert due.filter(next_review__lt=THIS_MONTH).exists()  # overdue since last month


def one_off_help_medical_claims_and_a_holiday_campaign():
    assert OneOffGrant.objects.filter(program_id="temporary", help_first=True).exists()
    assert OneOffGrant.objects.filter(program_id="medical").exists()
    assert MedicalClaim.objects.count() == 2
    campaign = HolidayCampaign.objects.get()
    assert campaign.recipients.count() > 0


def public_welfare_labour_in_the_last_three_months(story):  # type: ignore[no-untyped-def]
    groups = Group.objects.all()
    assert {g.community.code for g in groups} == {code for _, _, code, _ in WORKERS}
    months = {s.date.replace(day=1) for s in Session.objects.all()}
    assert months == set(PAST[-3:])
    assert all(s.date.weekday() in (0, 2, 4) for s in Session.objects.all())
    signed = Attendance.objects.values_list("status", flat=True)
    assert Presence.PRESENT in signed and Presence.UNEXCUSED in signed
    assert story.story["labour_sessions"] == Session.objects.count()
