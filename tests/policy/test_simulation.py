""" "What if": totals by kind of change, cost, the xlsx of differences, and that nothing is written."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest

from dibao.areas.models import Area
from dibao.core.models import AuditEntry
from dibao.policy.models import Standard
from dibao.policy.services import standard_set
from dibao.policy.simulation import Change, simulate, simulation_xlsx
from dibao.registry.models import Household
from dibao.registry.selectors import visible_households
from dibao.registry.services import household_status_record, income_add
from tests.factories import make_household

MARCH = datetime.date(2026, 3, 1)


@pytest.fixture
def county(areas, users):
    standard_set(
        area=areas.county, data={"kind": "urban", "amount": "360", "valid_from": "2026-01"}, actor=None
    )
    standard_set(
        area=areas.county, data={"kind": "rural", "amount": "200", "valid_from": "2026-01"}, actor=None
    )

    def household(community, income, *, members=0, **kw):
        h = make_household(community, users.county, members=members, **kw)
        if income:
            income_add(
                household=h,
                data={"kind": "other", "amount": income, "month_from": "2026-01"},
                actor=users.county,
            )
        return h

    return household


def test_totals_of_a_standard_rise(areas, users, county):
    county(areas.haizhou, "100")  # 260 → 300: gaining
    county(areas.haizhou, "370")  # not eligible → 30: entering
    county(areas.liubeiqiao, "500", members=1)  # 2 persons, 110 → 150: gaining
    county(areas.liubeiqiao, "50", urban_rural="rural")  # rural: unchanged at 150
    gone = county(areas.haizhou, "0")
    household_status_record(household=gone, status="terminated", actor=users.county)  # not read
    result = simulate(
        households=Household.objects.all(),
        area=areas.county,
        kind="urban",
        standard=Decimal("400"),
        month=MARCH,
    )
    assert len(result.rows) == 4
    tallies = {k: (t.households, t.persons) for k, t in result.tallies.items()}
    assert tallies[Change.GAINING] == (2, 3)
    assert tallies[Change.ENTERING] == (1, 1)
    assert tallies[Change.UNCHANGED] == (1, 1)
    assert result.total_now == Decimal("260") + Decimal("220") + Decimal("150")
    assert result.total_new == Decimal("300") + Decimal("30") + Decimal("300") + Decimal("150")
    assert result.monthly_change == Decimal("150.00")
    assert result.annual_change == Decimal("1800.00")


def test_a_lower_standard_shows_losing_and_leaving(areas, users, county):
    county(areas.haizhou, "100")
    county(areas.haizhou, "340")
    result = simulate(
        households=Household.objects.all(),
        area=areas.county,
        kind="urban",
        standard=Decimal("300"),
        month=MARCH,
    )
    assert result.tallies[Change.LOSING].households == 1
    assert result.tallies[Change.LEAVING].households == 1


def test_it_writes_nothing(areas, users, county):
    county(areas.haizhou, "100")
    before = (Standard.objects.count(), AuditEntry.objects.count())
    simulate(
        households=Household.objects.all(),
        area=areas.county,
        kind="urban",
        standard=Decimal("400"),
        month=MARCH,
    )
    assert (Standard.objects.count(), AuditEntry.objects.count()) == before


def test_a_community_worker_simulates_only_their_own_households(areas, users, county):
    county(areas.haizhou, "100")
    county(areas.liubeiqiao, "100")
    result = simulate(
        households=visible_households(users.haizhou),
        area=areas.county,
        kind="urban",
        standard=Decimal("400"),
        month=MARCH,
    )
    assert [r.community_id for r in result.rows] == [areas.haizhou.pk]


def test_a_lower_area_with_its_own_standard_keeps_it(areas, users, county):
    standard_set(
        area=areas.haizhou, data={"kind": "urban", "amount": "500", "valid_from": "2026-01"}, actor=None
    )
    county(areas.haizhou, "100")
    result = simulate(
        households=Household.objects.all(),
        area=areas.county,
        kind="urban",
        standard=Decimal("400"),
        month=MARCH,
    )
    assert result.rows[0].change == Change.UNCHANGED and result.rows[0].now == Decimal("400.00")


def test_the_xlsx_lists_the_differences_and_the_summary(areas, users, county):
    h = county(areas.haizhou, "100")
    county(areas.haizhou, "370")
    county(areas.liubeiqiao, "50", urban_rural="rural")
    result = simulate(
        households=Household.objects.all(),
        area=areas.county,
        kind="urban",
        standard=Decimal("400"),
        month=MARCH,
    )
    book = openpyxl.load_workbook(io.BytesIO(simulation_xlsx(result)))
    sheet = book.worksheets[0]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 2  # the unchanged rural household is not a difference
    first = next(r for r in rows if r[0] == h.number)
    assert first[1] == h.members.get(relation="self").name
    assert first[2] == areas.haizhou.name
    assert (first[4], first[5], first[6]) == (260, 300, 40)
    summary = {row[0]: row[1] for row in book.worksheets[1].iter_rows(values_only=True) if row[0]}
    assert any(str(v) == "70.00" for v in summary.values())  # monthly change 260+0 → 300+30


def _rows(result):
    """Everything a row says, amounts as written (400 and 400.00 would compare equal)."""
    return [
        (r.household_id, r.number, r.community_id, r.persons, str(r.now), str(r.new), r.change, r.problem)
        for r in result.rows
    ]


@pytest.mark.parametrize(
    ("where", "kind", "amount"), [("county", "urban", "900"), ("street", "rural", "260")]
)
def test_shared_out_what_if_agrees_with_two_whole_passes_on_a_generated_county(
    db, monkeypatch, forks, where, kind, amount
):
    """Households shared among forked processes, and the lines the change leaves alone calculated
    once, give row for row what two whole passes in one process give."""
    from dibao.demo import county as demo
    from dibao.policy import comparison

    month = datetime.date(2026, 11, 1)
    demo.build(households=300, seed=18, today=month)
    county = Area.objects.get(code=demo.COUNTY[0])
    street = Area.objects.filter(parent=county).order_by("code").first()
    # One community with a standard of its own: the county's change does not reach it.
    own = Area.objects.filter(parent=street).order_by("code").first()
    standard_set(area=own, data={"kind": kind, "amount": "555", "valid_from": "2026-01"}, actor=None)
    area = county if where == "county" else street
    monkeypatch.setattr(comparison, "CHUNK", 37)
    asked = dict(
        households=Household.objects.all(), area=area, kind=kind, standard=Decimal(amount), month=month
    )
    plain = simulate(**asked, plain=True)
    assert forks == []
    shared = simulate(**asked, processes=2)
    alone = simulate(**asked, processes=1)
    assert forks == (["fork"] if comparison.processes_available() > 1 else [])
    assert len(plain.rows) > 50
    changes = {r.change for r in plain.rows}
    assert Change.UNCHANGED in changes and len(changes) > 1  # the change reaches some, not all
    for other in (shared, alone):
        assert _rows(other) == _rows(plain)
        assert (str(other.total_now), str(other.total_new)) == (str(plain.total_now), str(plain.total_new))
        assert {k: (t.households, t.persons) for k, t in other.tallies.items()} == {
            k: (t.households, t.persons) for k, t in plain.tallies.items()
        }


def test_a_community_with_its_own_standard_is_a_line_the_change_leaves_alone(areas, county):
    from dibao.policy.assessment import contexts_of
    from dibao.policy.comparison import unchanged_lines
    from dibao.policy.engine.context import StandardOverride
    from dibao.policy.engine.facts import load_facts

    standard_set(
        area=areas.liubeiqiao, data={"kind": "urban", "amount": "380", "valid_from": "2026-01"}, actor=None
    )
    county(areas.haizhou, "100")
    county(areas.liubeiqiao, "100")
    facts = load_facts(Household.objects.all(), MARCH)
    override = StandardOverride(area=areas.county, kind="urban", amount=Decimal("400"))
    lines = unchanged_lines(contexts_of(facts, MARCH), contexts_of(facts, MARCH, override))
    assert (areas.liubeiqiao.pk, "urban") in lines
    assert (areas.haizhou.pk, "rural") in lines
    assert (areas.haizhou.pk, "urban") not in lines
