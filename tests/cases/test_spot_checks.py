"""The county's spot check (入户抽查) of 特困 cases: recorded at the county's decision on the case
page, through the API and audited; its share over a period counted per county, flagged below the
terms' share, on a page and by `dibao cases-spot-checks`; approval is never blocked by it."""

import datetime
import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from dibao.cases import selectors, services
from dibao.cases.models import Application, CaseEvent, SpotCheck, State
from dibao.core.errors import DomainError, Forbidden, NotFound
from dibao.core.models import AuditEntry
from dibao.core.scoping import CONSOLE
from dibao.policy.models import Program
from dibao.policy.programs import codes
from dibao.policy.services import program_rules_set, standard_set

from ..api_support import API, api_as
from .support import days_ago
from .test_program_applications import (
    alone_at_85,
    create,
    elder_household,
    investigated_and_noticed,
    step,
    submitted_and_accepted,
)

TODAY = datetime.date.today()
THIS_MONTH = TODAY.replace(day=1)
CHECK = {
    "checked_on": days_ago(1).isoformat(),
    "checked_by": "区民政局 王科长、刘干事",
    "finding": "confirmed",
}


@pytest.fixture(autouse=True)
def standards(areas):
    standard_set(
        area=areas.county, data={"kind": "urban", "amount": "455", "valid_from": "2020-01"}, actor=None
    )


def at_county(areas, users):
    """A 特困 case the street has reviewed: it waits for the county's decision."""
    household, elder = alone_at_85(areas, users)
    app = submitted_and_accepted(create(household, elder, codes.EXTREME_POVERTY, users), users)
    app = investigated_and_noticed(app, users)
    return step(app, "review", users.street, opinion="符合特困条件")


def decided_cases(areas, users, n, *, checked=0):
    """`n` 特困 cases the county decided this month, `checked` of them spot-checked (made directly:
    what is counted is the decision and the check, not the way there)."""
    for i in range(n):
        household, elder = elder_household(areas, users)
        app = create(household, elder, codes.EXTREME_POVERTY, users)
        Application.objects.filter(pk=app.pk).update(
            state=State.APPROVED if i % 2 == 0 else State.REJECTED, decided_on=TODAY, decided_by=users.county
        )
        if i < checked:
            SpotCheck.objects.create(
                application=app, checked_on=TODAY, checked_by="王科长", finding="confirmed"
            )


# ---- the service ---------------------------------------------------------------------------------


def test_the_county_records_its_spot_check_on_the_timeline_and_in_the_audit_trail(areas, users):
    app = at_county(areas, users)
    check = services.spot_check_record(application=app, data=CHECK, actor=users.county)
    assert (check.finding, check.checked_by) == ("confirmed", CHECK["checked_by"])
    assert check.recorded_by == users.county
    event = CaseEvent.objects.get(application=app, action="spot_check")
    assert (event.actor, event.from_state, event.to_state) == (users.county, State.REVIEWED, State.REVIEWED)
    entry = AuditEntry.objects.get(object_type="cases.spotcheck", object_id=str(check.pk))
    assert (entry.action, entry.area_code) == ("create", areas.haizhou.code)
    assert entry.household_id == app.household_id
    # The case waits for the decision as before, and is approved as before.
    assert step(app, "approve", users.county).state == State.APPROVED


def test_approval_needs_no_spot_check(areas, users):
    app = at_county(areas, users)
    assert step(app, "approve", users.county).state == State.APPROVED
    assert not SpotCheck.objects.exists()


def test_only_the_county_records_and_only_in_its_area(areas, users):
    app = at_county(areas, users)
    for user in (users.street, users.haizhou):
        with pytest.raises(Forbidden):
            services.spot_check_record(application=app, data=CHECK, actor=user)
    with pytest.raises(NotFound):
        services.spot_check_record(application=app, data=CHECK, actor=users.liubeiqiao)
    assert not SpotCheck.objects.exists()


def test_a_check_is_recorded_once_and_only_at_the_countys_decision(areas, users):
    household, elder = alone_at_85(areas, users)
    early = submitted_and_accepted(create(household, elder, codes.EXTREME_POVERTY, users), users)
    with pytest.raises(DomainError) as refused:
        services.spot_check_record(application=early, data=CHECK, actor=users.county)
    assert refused.value.code == "state"
    early = investigated_and_noticed(early, users)
    early = step(early, "review", users.street, opinion="符合")
    services.spot_check_record(application=early, data=CHECK, actor=users.county)
    with pytest.raises(DomainError) as again:
        services.spot_check_record(application=early, data=CHECK, actor=users.county)
    assert again.value.code == "exists"


def test_only_extreme_poverty_cases_are_spot_checked(areas, users):
    household, elder = elder_household(areas, users)
    app = create(household, elder, codes.ELDERLY_ALLOWANCE, users)
    with pytest.raises(DomainError) as refused:
        services.spot_check_record(application=app, data=CHECK, actor=users.county)
    assert refused.value.code == "program"


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({**CHECK, "checked_on": ""}, "checked_on"),
        ({**CHECK, "checked_on": "2026-02-30"}, "checked_on"),
        ({**CHECK, "checked_on": (TODAY + datetime.timedelta(days=1)).isoformat()}, "checked_on"),
        ({**CHECK, "checked_by": " "}, "checked_by"),
        ({**CHECK, "finding": "maybe"}, "finding"),
        ({**CHECK, "finding": "not_confirmed"}, "note"),
    ],
)
def test_wrong_input_is_refused_on_its_field(areas, users, data, field):
    app = at_county(areas, users)
    with pytest.raises(DomainError) as refused:
        services.spot_check_record(application=app, data=data, actor=users.county)
    assert list(refused.value.errors) == [field]


# ---- the share -----------------------------------------------------------------------------------


def test_the_share_counts_the_countys_decisions_in_the_period_and_flags_it_below_the_terms(areas, users):
    decided_cases(areas, users, 4, checked=1)
    report = selectors.spot_check_share(users.county, areas.county, THIS_MONTH, THIS_MONTH)
    assert (report.decided, report.checked, str(report.share), report.below) == (4, 1, "0.2500", True)
    assert report.as_json()["required"] == "0.30"
    last_month = (THIS_MONTH - datetime.timedelta(days=1)).replace(day=1)
    assert selectors.spot_check_share(CONSOLE, areas.county, last_month, last_month).decided == 0
    program_rules_set(
        area=areas.county,
        program=Program.objects.get(code=codes.EXTREME_POVERTY),
        data={"valid_from": f"{THIS_MONTH:%Y-%m}", "terms": {"spot_check_share": "0.25"}},
        actor=None,
    )
    assert not selectors.spot_check_share(users.county, areas.county, THIS_MONTH, THIS_MONTH).below


def test_the_share_is_the_countys_and_its_period_in_order(areas, users):
    with pytest.raises(NotFound):
        selectors.spot_check_share(users.street, areas.county, THIS_MONTH, THIS_MONTH)
    with pytest.raises(DomainError) as refused:
        selectors.spot_check_share(users.county, areas.county, THIS_MONTH, datetime.date(2000, 1, 1))
    assert list(refused.value.errors) == ["month_to"]
    with pytest.raises(DomainError) as not_a_county:
        selectors.spot_check_share(CONSOLE, areas.xinghaiwan, THIS_MONTH, THIS_MONTH)
    assert list(not_a_county.value.errors) == ["county"]


# ---- pages ---------------------------------------------------------------------------------------


def test_the_county_records_the_check_from_the_case_page_and_the_approval_says_how_the_share_stands(
    login, areas, users
):
    app = at_county(areas, users)
    decided_cases(areas, users, 2)
    client = login(users.county)
    page = client.get(reverse("cases:case-detail", args=[app.pk])).content.decode()
    assert 'id="spot-check-add"' in page
    assert 'id="step-approve-note"' in page and "0 / 2" not in page
    assert "抽查" in page
    refused = client.post(
        reverse("cases:spot-check-add", args=[app.pk]),
        {"spot_check-checked_on": CHECK["checked_on"], "spot_check-finding": "not_confirmed"},
    )
    assert refused.status_code == 200
    assert not SpotCheck.objects.exists()
    done = client.post(
        reverse("cases:spot-check-add", args=[app.pk]),
        {f"spot_check-{k}": v for k, v in CHECK.items()},
    )
    assert done.status_code == 302
    page = client.get(reverse("cases:case-detail", args=[app.pk])).content.decode()
    assert 'id="spot-check-finding"' in page and 'id="spot-check-add"' not in page


def test_the_street_sees_no_spot_check_form(login, areas, users):
    app = at_county(areas, users)
    page = login(users.street).get(reverse("cases:case-detail", args=[app.pk])).content.decode()
    assert 'id="spot-check-add"' not in page
    assert login(users.street).post(
        reverse("cases:spot-check-add", args=[app.pk]), {f"spot_check-{k}": v for k, v in CHECK.items()}
    ).status_code in (403, 404)


def test_the_share_page_flags_a_county_below_its_terms(login, areas, users):
    decided_cases(areas, users, 4, checked=1)
    page = login(users.county).get(reverse("cases:spot-checks")).content.decode()
    assert 'id="below"' in page and 'id="decided">4<' in page and 'id="checked">1<' in page
    assert reverse("cases:spot-checks") in page  # in the subnav
    wrong = login(users.auditor).get(reverse("cases:spot-checks") + "?month_from=2026-13")
    assert wrong.status_code == 200 and "errorlist" in wrong.content.decode()
    backwards = login(users.county).get(reverse("cases:spot-checks") + "?month_from=2026-05&month_to=2026-01")
    assert backwards.status_code == 200 and "errorlist" in backwards.content.decode()
    assert login(users.haizhou).get(reverse("cases:spot-checks")).status_code == 403


# ---- the API -------------------------------------------------------------------------------------


def test_the_api_records_and_answers_the_spot_check_under_its_application(areas, users):
    app = at_county(areas, users)
    url = f"{API}/applications/{app.pk}/spot-check/"
    county = api_as(users.county, language="en")
    assert county.get(url).status_code == 404
    bad = county.post(url, {**CHECK, "finding": "not_confirmed"}, format="json")
    assert bad.status_code == 400 and list(bad.json()["errors"]) == ["note"]
    unknown = county.post(url, {**CHECK, "finding": "maybe"}, format="json")
    assert unknown.status_code == 400 and list(unknown.json()["errors"]) == ["finding"]
    made = county.post(url, CHECK, format="json")
    assert made.status_code == 201, made.json()
    assert made.json()["finding"] == "confirmed" and made.json()["recorded_by"] == "c_county"
    assert api_as(users.haizhou).get(url).json()["id"] == made.json()["id"]
    assert api_as(users.liubeiqiao).get(url).status_code == 404
    assert api_as(users.liubeiqiao).post(url, CHECK, format="json").status_code == 404
    assert api_as(users.street).post(url, CHECK, format="json").status_code == 403


# ---- the command ---------------------------------------------------------------------------------


def test_the_command_reports_the_share(areas, users, capsys):
    decided_cases(areas, users, 4, checked=2)
    month = f"{THIS_MONTH:%Y-%m}"
    call_command("cases_spot_checks", "--county", "210204", "--from", month, "--to", month, "--json")
    assert json.loads(capsys.readouterr().out) == {
        "county": "210204",
        "from": month,
        "to": month,
        "decided": 4,
        "checked": 2,
        "share": "0.5000",
        "required": "0.30",
        "below": False,
    }
    call_command("cases_spot_checks", "--county", "210204", "--from", month, "--to", month)
    assert "2 spot-checked (50.0%)" in capsys.readouterr().out
