"""Snapshots of closed months: summed back, they give the ledger's figures for any breakdown, area
and program; the check finds a tampered row; closing a payroll run writes the month's."""

import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from dibao.benefits.services import Grant, entitlement_grant
from dibao.policy.programs.codes import DIBAO, DISABILITY_CARE, DISABILITY_LIVING
from dibao.statistics import engine, ranges, snapshots
from dibao.statistics.fields import FIELDS
from dibao.statistics.models import Snapshot, SnapshotRow
from dibao.statistics.services import snapshot_write
from tests.statistics import test_worked_examples
from tests.statistics.support import APR, FEB, MAR
from tests.statistics.test_identities import MONTHS, build, history

books = test_worked_examples.books  # the worked example's four households, as a fixture here


def _ledger(scope, month_from, month_to, by):  # type: ignore[no-untyped-def]
    """The engine's figures with no snapshot read."""
    saved = ranges.snapshots.taken
    ranges.snapshots.taken = lambda *args: {}  # type: ignore[assignment]
    try:
        return ranges.figures_by(scope, month_from, month_to, by)
    finally:
        ranges.snapshots.taken = saved  # type: ignore[assignment]


def _same(left, right) -> None:  # type: ignore[no-untyped-def]
    rows, total = left
    assert {k: v.as_json() for k, v in rows.items()} == {k: v.as_json() for k, v in right[0].items()}
    assert total.as_json() == right[1].as_json()


@pytest.fixture
def categories(areas):  # type: ignore[no-untyped-def]
    from dibao.registry.models import HouseholdCategory

    return [
        HouseholdCategory.objects.create(county=areas.county, name=n)
        for n in ("市直企业下岗职工", "农村居民")
    ]


@settings(
    max_examples=10,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    histories=st.lists(history, min_size=1, max_size=4),
    by=st.lists(st.sampled_from(FIELDS), max_size=3, unique=True),
    program=st.sampled_from([None, DIBAO, DISABILITY_CARE]),
    second=st.lists(st.tuples(st.integers(0, 3), st.sampled_from(["A", "B", ""])), max_size=3),
)
def test_snapshots_give_the_ledgers_figures(areas, users, categories, histories, by, program, second):
    with transaction.atomic():
        build(areas, users.county, categories, histories)
        # Some households are in a second program too: one household, two units.
        from dibao.registry.models import Household

        households = list(Household.objects.order_by("id"))
        for index, cls in second:
            if index < len(households):
                for program_code in (DISABILITY_LIVING, DISABILITY_CARE):  # one person paid twice
                    entitlement_grant(
                        household=households[index],
                        grant=Grant(amount=Decimal("100"), persons=1, urban_rural="rural", benefit_class=cls),
                        month_from=MONTHS[2],
                        reason="approval",
                        actor=users.county,
                        program=program_code,
                        member=households[index].members.order_by("id").first(),
                    )
        first, last = MONTHS[1], MONTHS[-1]
        for month in MONTHS[1:4]:  # some months closed, the rest still counted from the ledger
            snapshot_write(county=areas.county, month=month, actor=users.county)
        for area in (areas.county, areas.xinghaiwan, areas.haizhou):
            scope = engine.Scope(area, program)
            for month_to in (MONTHS[2], last):
                ledger = _ledger(scope, first, month_to, tuple(by))
                _same(ranges.figures_by(scope, first, month_to, tuple(by)), ledger)
        transaction.set_rollback(True)


def test_a_closed_month_reads_its_snapshot(areas, users, books, django_assert_max_num_queries):
    snapshot_write(county=areas.county, month=MAR, actor=users.county)
    scope = engine.Scope(areas.county)
    with django_assert_max_num_queries(3):
        rows, total = ranges.figures_by(scope, MAR, MAR, ("street", "benefit_class"))
    assert (total.households, total.persons, total.amount, total.stopped) == (3, 4, 1010, 1)
    _same((rows, total), _ledger(scope, MAR, MAR, ("street", "benefit_class")))


def test_writing_again_replaces_the_month(areas, users, books):
    first = snapshot_write(county=areas.county, month=FEB, actor=users.county)
    second = snapshot_write(county=areas.county, month=FEB, actor=users.county)
    assert Snapshot.objects.filter(month=FEB).count() == 1
    assert SnapshotRow.objects.filter(snapshot_id=first.pk).count() == 0
    assert second.size == SnapshotRow.objects.filter(snapshot=second).count() > 0


def test_a_street_user_may_not_write(areas, users, books):
    from dibao.core.errors import Forbidden, NotFound

    with pytest.raises((Forbidden, NotFound)):
        snapshot_write(county=areas.county, month=FEB, actor=users.street)


def test_the_check_finds_a_tampered_row(areas, users, books):
    out = StringIO()
    call_command(
        "statistics_snapshot", "--county", areas.county.code, "--month", "2026-03", "--json", stdout=out
    )
    assert json.loads(out.getvalue())["rows"] > 0
    out = StringIO()
    call_command("statistics_check", "--county", areas.county.code, "--json", stdout=out)
    assert json.loads(out.getvalue()) == {
        "county": areas.county.code,
        "months": ["2026-03"],
        "differences": [],
    }

    row = SnapshotRow.objects.filter(grouping=snapshots.FULL, households__gt=0).order_by("id").first()
    SnapshotRow.objects.filter(pk=row.pk).update(fen=row.fen + 1)
    out = StringIO()
    with pytest.raises(SystemExit) as exited:
        call_command(
            "statistics_check", "--county", areas.county.code, "--month", "2026-03", "--json", stdout=out
        )
    assert exited.value.code == 1
    [difference] = json.loads(out.getvalue())["differences"]
    assert difference["figure"] == "fen" and difference["month"] == "2026-03"
    assert difference["snapshot"] == row.fen + 1 and difference["ledger"] == row.fen
    assert difference["key"]["community"] == row.community.code


def test_a_change_dated_into_a_closed_month_is_a_difference(areas, users, books):
    snapshot_write(county=areas.county, month=APR, actor=users.county)
    from tests.statistics.support import granted

    granted(areas.haiyue, users.county, "200", 1, "A", APR)
    out = StringIO()
    with pytest.raises(SystemExit):
        call_command("statistics_check", "--county", areas.county.code, stdout=out)
    assert "2026-04" in out.getvalue()
    snapshot_write(county=areas.county, month=APR, actor=None)  # re-derived: no difference left
    call_command("statistics_check", "--county", areas.county.code, stdout=StringIO())


def test_closing_a_run_writes_the_months_snapshot(areas, users, books, django_capture_on_commit_callbacks):
    from dibao.payroll import services as payroll
    from dibao.payroll.models import Run, RunState

    run = payroll.run_draft(county=areas.county, month=MAR, actor=users.county)
    Run.objects.filter(pk=run.pk).update(state=RunState.PAID)
    with django_capture_on_commit_callbacks(execute=True):
        payroll.run_advance(run=run, to=RunState.CLOSED, actor=users.county)
    assert Snapshot.objects.filter(county=areas.county, month=MAR).exists()


def test_a_run_paid_from_the_command_line_writes_it_at_once(
    areas, users, books, django_capture_on_commit_callbacks
):
    from dibao.payroll import services as payroll
    from dibao.payroll.models import Run, RunState

    run = payroll.run_draft(county=areas.county, month=FEB, actor=None)
    Run.objects.filter(pk=run.pk).update(state=RunState.EXPORTED)
    with django_capture_on_commit_callbacks(execute=True):
        payroll.run_advance(run=run, to=RunState.PAID, actor=None)  # the operator: no job, written now
    snapshot = Snapshot.objects.get(county=areas.county, month=FEB)
    call_command("statistics_check", "--county", areas.county.code, "--month", "2026-02", stdout=StringIO())
    assert snapshot.size > 0
