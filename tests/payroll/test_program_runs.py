"""A county may pay a program in a run of its own (its `run` term, from a month): two runs a month,
each paying its own lines, and never one household's program paid by both; the pages, the API,
the commands and the files name the program's run."""

import datetime
import json
from collections import Counter
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.urls import reverse

from dibao.benefits.services import Grant, entitlement_grant
from dibao.core.errors import DomainError
from dibao.payroll import bankfile, roster, selectors, services, totals
from dibao.payroll.management.chosen_run import chosen_run
from dibao.payroll.models import Line, Run
from dibao.payroll.services.drafting import paid_in_run
from dibao.policy.models import Program
from dibao.policy.programs import codes
from dibao.policy.services import program_rules_set, standard_set
from tests.benefits.support import receiving
from tests.factories import make_household

from ..api_support import API, api_as, own_id_numbers  # noqa: F401  (autouse fixture)

JAN, FEB, MAR = datetime.date(2026, 1, 1), datetime.date(2026, 2, 1), datetime.date(2026, 3, 1)
TEKUN = codes.EXTREME_POVERTY
RUNS = f"{API}/payroll-runs/"
LIST = reverse("payroll:run-list")
DRAFT = reverse("payroll:run-draft")


@pytest.fixture(autouse=True)
def standards(areas):
    standard_set(
        area=areas.county, data={"kind": "urban", "amount": "360", "valid_from": "2025-01"}, actor=None
    )


def paid_apart(areas, program=TEKUN, month=JAN, run="own"):  # type: ignore[no-untyped-def]
    return program_rules_set(
        area=areas.county,
        program=Program.objects.get(code=program),
        data={"valid_from": f"{month:%Y-%m}", "enabled": True, "terms": {"run": run}},
        actor=None,
    )


def person_grant(household, member, program, amount, month=JAN):  # type: ignore[no-untyped-def]
    return entitlement_grant(
        household=household,
        grant=Grant(amount=Decimal(amount), persons=1, urban_rural="urban"),
        month_from=month,
        reason="approval",
        actor=None,
        program=program,
        member=member,
    )


@pytest.fixture
def county(areas, users):  # type: ignore[no-untyped-def]
    """A 低保 household whose member receives the 80+ allowance, and a 特困 person elsewhere."""
    dibao = receiving(areas.haizhou, users.haizhou, members=1)
    spouse = dibao.household.members.exclude(relation="self").get()
    person_grant(dibao.household, spouse, codes.ELDERLY_ALLOWANCE, "100.00")
    alone = make_household(areas.haizhou, users.haizhou)
    head = alone.members.get()
    person_grant(alone, head, TEKUN, "591.50")
    return dibao


def approved(run, users):  # type: ignore[no-untyped-def]
    for street in {line.street for line in run.lines.select_related("street")}:
        services.run_check(run=run, street=street, actor=users.county)
    return services.run_approve(run=run, actor=users.county)


def slots(month):  # type: ignore[no-untyped-def]
    """Each household, program and person paid in the month, with how many lines pay it."""
    return Counter(
        Line.objects.filter(run__month=month).values_list("household_id", "program_id", "member_id")
    )


def test_a_program_paid_apart_has_a_run_of_its_own(areas, users, county):
    paid_apart(areas)
    shared = services.run_draft(county=areas.county, month=JAN, actor=users.county)
    own = services.run_draft(county=areas.county, month=JAN, actor=users.county, program=TEKUN)
    assert (shared.program_id, own.program_id) == (None, TEKUN)
    assert Run.objects.filter(county=areas.county, month=JAN).count() == 2
    assert set(shared.lines.values_list("program_id", flat=True)) == {codes.DIBAO, codes.ELDERLY_ALLOWANCE}
    assert set(own.lines.values_list("program_id", flat=True)) == {TEKUN}
    assert own.total == Decimal("591.50") and own.households == 1 and own.persons == 1
    assert shared.total == county.amount + Decimal("100.00")
    for run in (shared, own):  # each run's programs add up to its total to the fen
        programs = totals.by_program(run.lines.all())
        assert sum((f.total for f in programs.values()), Decimal("0")) == run.total
    assert set(totals.by_program(own.lines.all())) == {TEKUN}
    assert max(slots(JAN).values()) == 1
    # Drafted again, each stays what it was.
    again = services.run_draft(county=areas.county, month=JAN, actor=users.county)
    assert again.pk == shared.pk and again.total == shared.total


def test_the_setting_changes_from_a_month_on(areas, users, county):
    paid_apart(areas, month=FEB)
    jan = services.run_draft(county=areas.county, month=JAN, actor=users.county)
    assert TEKUN in set(jan.lines.values_list("program_id", flat=True))
    with pytest.raises(DomainError) as refused:  # in January 特困 is paid in the county's run
        services.run_draft(county=areas.county, month=JAN, actor=users.county, program=TEKUN)
    assert refused.value.code == "shared"
    feb = services.run_draft(county=areas.county, month=FEB, actor=users.county)
    feb_own = services.run_draft(county=areas.county, month=FEB, actor=users.county, program=TEKUN)
    assert TEKUN not in set(feb.lines.values_list("program_id", flat=True))
    assert set(feb_own.lines.values_list("program_id", flat=True)) == {TEKUN}
    # And back into the county's run from March.
    paid_apart(areas, month=MAR, run="shared")
    mar = services.run_draft(county=areas.county, month=MAR, actor=users.county)
    assert TEKUN in set(mar.lines.values_list("program_id", flat=True))
    for month in (JAN, FEB, MAR):
        assert max(slots(month).values()) == 1


def test_no_household_program_month_is_paid_by_two_runs(areas, users, county):
    def draft(month, program=None):  # type: ignore[no-untyped-def]
        return services.run_draft(county=areas.county, month=month, actor=users.county, program=program)

    def programs(run):  # type: ignore[no-untyped-def]
        return set(run.lines.values_list("program_id", flat=True))

    approved(draft(JAN), users)  # both pay 特困, in the county's run
    feb = draft(FEB)
    assert TEKUN in programs(feb)
    paid_apart(areas, month=JAN)
    # An approved county's run paid January's 特困: no run of its own joins it.
    with pytest.raises(DomainError) as refused:
        draft(JAN, TEKUN)
    assert refused.value.code == "paid_in_shared"
    # February's draft still pays it: drafted again first, it no longer does.
    with pytest.raises(DomainError) as refused:
        draft(FEB, TEKUN)
    assert refused.value.code == "paid_in_shared"
    assert TEKUN not in programs(draft(FEB))
    assert programs(draft(FEB, TEKUN)) == {TEKUN}
    # March's own run drafted, then the term back to shared from March: the own run keeps 特困
    # and the county's run leaves it to it.
    draft(MAR, TEKUN)
    paid_apart(areas, month=MAR, run="shared")
    assert TEKUN not in programs(draft(MAR))
    assert programs(draft(MAR, TEKUN)) == {TEKUN}
    for month in (JAN, FEB, MAR):
        assert max(slots(month).values()) == 1
        assert sum(n for (_h, code, _m), n in slots(month).items() if code == TEKUN) == 1  # paid, once


def test_one_county_run_and_one_run_of_a_program_a_month(areas, users, county):
    paid_apart(areas)
    shared = services.run_draft(county=areas.county, month=JAN, actor=users.county)
    own = services.run_draft(county=areas.county, month=JAN, actor=users.county, program=TEKUN)
    with pytest.raises(IntegrityError), transaction.atomic():
        Run.objects.create(county=areas.county, month=JAN)
    with pytest.raises(IntegrityError), transaction.atomic():
        Run.objects.create(county=areas.county, month=JAN, program_id=TEKUN)
    assert services.run_draft(county=areas.county, month=JAN, actor=users.county).pk == shared.pk
    assert services.run_draft(county=areas.county, month=JAN, actor=users.county, program=TEKUN).pk == own.pk
    # 低保 and the recognitions have no run of their own; an unknown code is no program.
    for code in (codes.DIBAO, codes.NEAR_POVERTY, codes.TEMPORARY, "nothing"):
        with pytest.raises(DomainError) as refused:
            services.run_draft(county=areas.county, month=JAN, actor=users.county, program=code)
        assert "program" in refused.value.errors


def test_arrears_are_counted_against_the_run_that_paid_the_month(areas, users, county):
    paid_apart(areas)
    approved(services.run_draft(county=areas.county, month=JAN, actor=users.county), users)
    approved(services.run_draft(county=areas.county, month=JAN, actor=users.county, program=TEKUN), users)
    alone = Line.objects.get(program_id=TEKUN).household
    # A back-dated raise of January's 特困, decided after both January runs were approved.
    person_grant(alone, alone.members.get(), TEKUN, "600.00", month=JAN)
    shared = services.run_draft(county=areas.county, month=FEB, actor=users.county)
    own = services.run_draft(county=areas.county, month=FEB, actor=users.county, program=TEKUN)
    assert TEKUN not in set(shared.lines.values_list("program_id", flat=True))
    assert sum(line.arrears for line in shared.lines.all()) == 0
    line = own.lines.get()
    assert (line.amount, line.arrears, line.total) == (Decimal("600.00"), Decimal("8.50"), Decimal("608.50"))


def test_arrears_of_a_month_paid_in_the_county_run_follow_the_program_into_its_own(areas, users, county):
    approved(services.run_draft(county=areas.county, month=JAN, actor=users.county), users)  # pays 特困
    paid_apart(areas, month=FEB)
    alone = Line.objects.get(program_id=TEKUN).household
    person_grant(alone, alone.members.get(), TEKUN, "600.00", month=JAN)
    shared = services.run_draft(county=areas.county, month=FEB, actor=users.county)
    own = services.run_draft(county=areas.county, month=FEB, actor=users.county, program=TEKUN)
    assert TEKUN not in set(shared.lines.values_list("program_id", flat=True))
    assert own.lines.get().arrears == Decimal("8.50")


def test_paid_through_means_the_run_that_pays_the_program(areas, users, county):
    paid_apart(areas)
    approved(services.run_draft(county=areas.county, month=JAN, actor=users.county), users)
    services.run_draft(county=areas.county, month=JAN, actor=users.county, program=TEKUN)
    county_id = areas.county.pk
    assert selectors.county_paid_through(areas.county, codes.DIBAO) == JAN
    assert selectors.county_paid_through(areas.county, codes.ELDERLY_ALLOWANCE) == JAN
    assert selectors.county_paid_through(areas.county, TEKUN) is None
    assert selectors.county_paid_through(areas.county) is None  # not every run of January approved
    assert selectors.first_open_month(county_id, codes.DIBAO) == FEB
    assert selectors.first_open_month(county_id, TEKUN) is None
    approved(Run.objects.get(program_id=TEKUN), users)
    assert selectors.county_paid_through(areas.county) == JAN
    assert selectors.county_paid_through(areas.county, TEKUN) == JAN
    assert selectors.first_open_month(county_id, TEKUN) == FEB


def test_one_off_grants_are_paid_in_the_county_run_only(areas, users, county):
    paid_apart(areas)
    own = services.run_draft(county=areas.county, month=JAN, actor=users.county, program=TEKUN)
    assert paid_in_run(own) == []
    assert paid_in_run(services.run_draft(county=areas.county, month=JAN, actor=users.county))


def test_the_command_drafts_a_program_run_and_says_so(areas, users, county):
    paid_apart(areas)
    out = StringIO()
    call_command("payroll_run", "--county", areas.county.code, "--month", "2026-01", "--json", stdout=out)
    shared = json.loads(out.getvalue())
    out = StringIO()
    call_command(
        "payroll_run", "--county", areas.county.code, "--month", "2026-01", "--program", TEKUN, "--json",
        stdout=out,
    )  # fmt: skip
    own = json.loads(out.getvalue())
    assert (shared["program"], own["program"]) == (None, TEKUN)
    assert list(own["programs"]) == [TEKUN] and own["total_amount"] == "591.50"
    assert TEKUN not in shared["programs"]
    # The other commands name the program's run by --program beside --county and --month.
    options = {"run": None, "county": areas.county.code, "month": "2026-01", "program": TEKUN}
    assert chosen_run(options, None, "payroll-approve").pk == own["run"]
    assert chosen_run({**options, "program": None}, None, "payroll-approve").pk == shared["run"]


# The pages, the API and the files


def test_the_county_drafts_a_programs_run_from_the_list_and_the_list_names_it(login, areas, users, county):
    paid_apart(areas)
    client = login(users.county)
    form = client.get(LIST).context["form"]
    assert dict(form.fields["program"].choices)[TEKUN] == "特困人员救助供养"
    assert codes.DIBAO not in dict(form.fields["program"].choices)
    client.post(DRAFT, {"month": "2026-01"}, follow=True)
    response = client.post(DRAFT, {"month": "2026-01", "program": TEKUN}, follow=True)
    own = Run.objects.get(program_id=TEKUN)
    assert response.redirect_chain[-1][0] == reverse("payroll:run-detail", args=[own.pk])
    assert own.total == own.lines.get().total
    page = client.get(LIST)
    assert [run.label for run, _figures in page.context["rows"]] == ["合并发放批次", "特困人员救助供养"]
    detail = client.get(reverse("payroll:run-detail", args=[own.pk])).content.decode()
    assert "特困人员救助供养" in detail
    # Drafting it again from its page keeps it the program's run.
    client.post(reverse("payroll:run-redraft", args=[own.pk]), follow=True)
    assert Run.objects.count() == 2 and Run.objects.get(pk=own.pk).program_id == TEKUN


def test_a_program_the_county_pays_in_its_run_is_refused_beside_the_input(login, areas, users, county):
    client = login(users.county)
    response = client.post(DRAFT, {"month": "2026-01", "program": TEKUN})
    assert response.status_code == 200 and "program" in response.context["form"].errors
    assert not Run.objects.exists()


def test_the_files_of_a_programs_run_carry_its_code(areas, users, county):
    paid_apart(areas)
    own = approved(
        services.run_draft(county=areas.county, month=JAN, actor=users.county, program=TEKUN), users
    )
    shared = approved(services.run_draft(county=areas.county, month=JAN, actor=users.county), users)
    layout = bankfile.layout_for(areas.county)
    short = roster.program_short_name(TEKUN)
    assert short != TEKUN  # the program's short name, not its code
    county_name, community = areas.county.name, areas.haizhou.name
    assert bankfile.filename(own, layout) == f"{short}代发-{county_name}-2026年01月.{layout.file_format}"
    assert bankfile.filename(shared, layout) == f"救助资金代发-{county_name}-2026年01月.{layout.file_format}"
    assert roster.filename(own, areas.haizhou, "pdf") == f"{short}花名册-{community}-2026年01月.pdf"
    listed = roster.roster(own, areas.haizhou)
    assert listed.program == TEKUN and "特困人员救助供养" in listed.title
    assert listed.total == own.total


def test_the_api_names_each_runs_program_and_filters_by_it(areas, users, county):
    paid_apart(areas)
    client = api_as(users.county)
    made = client.post(RUNS, {"month": "2026-01", "program": TEKUN}, format="json")
    assert made.status_code == 202, made.json()
    client.post(RUNS, {"month": "2026-01"}, format="json")
    body = client.get(RUNS).json()
    assert [r["program"] for r in body["results"]] == [None, TEKUN]
    own = client.get(RUNS, {"program": TEKUN}).json()["results"]
    shared = client.get(RUNS, {"program": "shared"}).json()["results"]
    assert [r["program"] for r in own] == [TEKUN] and [r["program"] for r in shared] == [None]
    detail = client.get(f"{RUNS}{own[0]['id']}/").json()
    assert detail["program"] == TEKUN and list(detail["programs"]) == [TEKUN]
    assert detail["programs"][TEKUN]["amount"] == detail["figures"]["total_amount"]
    wrong = client.get(RUNS, {"program": "nothing"})
    assert wrong.status_code == 400 and "program" in wrong.json()["errors"]
    refused = client.post(RUNS, {"month": "2026-01", "program": codes.DIBAO}, format="json")
    assert refused.status_code == 400 and "program" in refused.json()["errors"]
