"""The policy pages: what is in force, setting a standard and rules (the county only), "what if",
and the assessment panel of the household page."""

import datetime
import io
import re
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from dibao.benefits.models import Recalculation
from dibao.benefits.services import entitlement_grant
from dibao.core.downloads import content_disposition
from dibao.core.models import AuditEntry, Job
from dibao.policy.assessment import assess
from dibao.policy.forms import CLASS_CELLS, RULE_GROUPS
from dibao.policy.models import Rules, Standard
from dibao.policy.services import rules_set, standard_set
from dibao.policy.validation import RULE_FIELDS
from dibao.registry.services import income_add
from tests.benefits.support import receiving
from tests.factories import make_household
from tests.jobs_support import content, page_download

pytestmark = pytest.mark.django_db

IN_FORCE = reverse("policy:in-force")
STANDARD_ADD = reverse("benefits:standard-add")
RULES_NEW = reverse("policy:rules-new")
SIMULATE = reverse("policy:simulate")
SIMULATE_XLSX = reverse("policy:simulate-xlsx")
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
READERS = ["haizhou", "street", "county", "auditor", "admin"]


@pytest.fixture(autouse=True)
def _default_language():
    """A request in English leaves English active in this thread (LocaleMiddleware does not
    reset it): put the default back so that later tests read the pages as users do."""
    yield
    translation.deactivate()


@pytest.fixture
def standards(areas):
    for kind, amount in (("urban", "360"), ("rural", "200")):
        standard_set(
            area=areas.county, data={"kind": kind, "amount": amount, "valid_from": "2026-01"}, actor=None
        )


def household_with_income(community, actor, income="100", **household):
    h = make_household(community, actor, **household)
    income_add(household=h, data={"kind": "other", "amount": income, "month_from": "2025-01"}, actor=actor)
    return h


def field_html(page, name):
    """The markup of one input's block (label, input, messages), as dibao/fields.html lays it out."""
    start = page.index(f'id="id_{name}_field"')
    end = page.find('<div class="field', start)
    return page[start : end if end != -1 else None]


def written():
    return (
        Standard.objects.count(),
        Rules.objects.count(),
        Recalculation.objects.count(),
        AuditEntry.objects.count(),
    )


# The policy in force


@pytest.mark.parametrize("role", READERS)
def test_every_reader_sees_the_policy_in_force(login, users, areas, standards, role):
    response = login(getattr(users, role)).get(IN_FORCE, {"month": "2026-03"}, **EN)
    page = response.content.decode()
    assert response.status_code == 200
    assert response.context["area"] == getattr(users, role).area
    assert "360.00" in page and "200.00" in page and areas.county.name in page
    assert "National defaults" in page  # no area has rules of its own


def test_a_standard_is_inherited_unless_the_area_has_its_own(login, users, areas, standards):
    standard_set(
        area=areas.haizhou, data={"kind": "urban", "amount": "380", "valid_from": "2026-03"}, actor=None
    )
    client = login(users.county)
    own = client.get(IN_FORCE, {"area": areas.haizhou.code, "month": "2026-03"}).context["standards"]
    inherited = client.get(IN_FORCE, {"area": areas.haiyue.code, "month": "2026-03"}).context["standards"]
    assert (own[0][1].amount, own[0][1].area_name) == (Decimal("380"), areas.haizhou.name)
    assert (inherited[0][1].amount, inherited[0][1].area_name) == (Decimal("360"), areas.county.name)
    before = client.get(IN_FORCE, {"area": areas.haizhou.code, "month": "2026-02"}).context["standards"]
    assert before[0][1].amount == Decimal("360")  # the month decides


def test_every_rule_field_is_shown_with_the_area_it_comes_from(login, users, areas, standards):
    rules_set(
        area=areas.county,
        data={"valid_from": "2026-01", "excluded_items": ["scholarship"], "max_homes": ""},
        actor=None,
    )
    rules_set(area=areas.county, data={"valid_from": "2026-06", "note": "第二版"}, actor=None)
    response = login(users.haizhou).get(IN_FORCE, {"month": "2026-03"}, **EN)
    page = response.content.decode()
    assert response.context["rules_area"] == areas.county.name
    assert {row.name for _legend, rows in response.context["rule_groups"] for row in rows} == set(RULE_FIELDS)
    for name in RULE_FIELDS:
        assert f'id="rule-{name}"' in page
    assert "Scholarship" in page and "No limit" in page and "National defaults" not in page
    history = [rules.valid_from for rules, _groups in response.context["rules_history"]]
    assert history == [datetime.date(2026, 6, 1), datetime.date(2026, 1, 1)]  # newest first


def test_the_history_lists_the_area_and_those_above_it_newest_first(login, users, areas, standards):
    standard_set(
        area=areas.county, data={"kind": "urban", "amount": "400", "valid_from": "2026-07"}, actor=None
    )
    standard_set(
        area=areas.liubeiqiao, data={"kind": "urban", "amount": "390", "valid_from": "2026-02"}, actor=None
    )
    response = login(users.haizhou).get(IN_FORCE)
    history = [(s.area.code, s.kind, s.valid_from.month) for s in response.context["standard_history"]]
    assert history == [
        (areas.county.code, "urban", 7),
        (areas.county.code, "rural", 1),
        (areas.county.code, "urban", 1),
    ]  # 柳背桥's own standard is neither 海州's nor above it


def test_the_defaults_are_the_users_area_and_this_month(login, users, areas, standards):
    response = login(users.street).get(IN_FORCE)
    assert response.context["area"] == areas.xinghaiwan
    assert response.context["month"] == timezone.localdate().replace(day=1)


def test_an_area_outside_the_users_and_a_bad_month_are_shown_not_obeyed(login, users, areas, standards):
    response = login(users.haizhou).get(IN_FORCE, {"area": areas.liubeiqiao.code, "month": "2026-13"})
    form = response.context["form"]
    assert response.status_code == 200 and set(form.errors) == {"area", "month"}
    assert response.context["area"] == areas.haizhou
    assert areas.liubeiqiao.name not in response.content.decode()


def test_only_the_county_sees_the_buttons_that_set_policy(login, users, areas, standards):
    county = login(users.county).get(IN_FORCE).content.decode()
    assert STANDARD_ADD in county and RULES_NEW in county and reverse("benefits:recalculation-list") in county
    worker = login(users.haizhou).get(IN_FORCE).content.decode()
    assert STANDARD_ADD not in worker and RULES_NEW not in worker and SIMULATE in worker


def test_the_navigation_shows_policy_to_everyone_and_standard_changes_to_the_county(login, users, areas):
    households = reverse("registry:household-list")
    recalculations = reverse("benefits:recalculation-list")
    worker = login(users.haizhou).get(households).content.decode()
    assert f'href="{IN_FORCE}"' in worker and f'href="{recalculations}"' not in worker
    county = login(users.county).get(households).content.decode()
    assert f'href="{IN_FORCE}"' in county and f'href="{recalculations}"' in county


# Setting a standard


def standard_post(area, amount="400", valid_from="2026-07", kind="urban", note=""):
    return {"area": area.code, "kind": kind, "amount": amount, "valid_from": valid_from, "note": note}


@pytest.mark.parametrize("role", ["haizhou", "street", "auditor", "admin"])
def test_only_the_county_may_set_a_standard(login, users, areas, standards, role):
    client = login(getattr(users, role))
    before = written()
    assert client.get(STANDARD_ADD).status_code == 403
    assert client.post(STANDARD_ADD, standard_post(areas.county)).status_code == 403
    assert written() == before


def test_a_standard_without_receiving_households_goes_back_to_the_policy(login, users, areas, standards):
    client = login(users.county)
    assert client.get(STANDARD_ADD).status_code == 200
    response = client.post(STANDARD_ADD, standard_post(areas.xinghaiwan, "380", note="街道提标"), **EN)
    standard = Standard.objects.get(area=areas.xinghaiwan)
    assert (standard.amount, standard.valid_from, standard.note) == (
        Decimal("380"),
        datetime.date(2026, 7, 1),
        "街道提标",
    )
    assert response.status_code == 302
    assert response.url == f"{IN_FORCE}?area={areas.xinghaiwan.code}&month=2026-07"
    assert not Recalculation.objects.exists()
    page = client.get(response.url, **EN).content.decode()
    assert "No receiving household" in page and "380.00" in page


@pytest.mark.parametrize(
    ("posted", "fields"),
    [
        ({"amount": "-5", "valid_from": "2026-13"}, {"amount", "valid_from"}),
        ({"amount": "abc", "kind": ""}, {"amount", "kind"}),
        ({"valid_from": "2026-01"}, {"valid_from"}),  # not after the version in force
        ({"area": ""}, {"area"}),
    ],
)
def test_a_bad_standard_is_shown_beside_its_inputs_and_nothing_is_written(
    login, users, areas, standards, posted, fields
):
    before = written()
    response = login(users.county).post(STANDARD_ADD, {**standard_post(areas.county), **posted}, **EN)
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == fields
    page = response.content.decode()
    for name in fields:
        assert escape(form.errors[name][0]) in field_html(page, name)
    assert written() == before


def test_a_standard_for_an_area_the_county_does_not_hold_is_refused(login, users, areas, standards):
    from dibao.areas.models import Area

    other = Area.objects.create(code="210202", name="中山区", level="county")
    before = written()
    response = login(users.county).post(STANDARD_ADD, standard_post(other))
    assert response.status_code == 200 and "area" in response.context["form"].errors
    assert written() == before


# A new rules version


def rules_post(area, **overrides):
    """Every input of the rules form, as the national defaults fill it."""
    data = {
        "area": area.code,
        "valid_from": "2026-07",
        "note": "",
        "deduction_basis": "none",
        "deduction_value": "0",
        "new_job_disregard_months": "0",
        "financial_asset_months": "24",
        "vehicle_rule": "on",
        "max_homes": "1",
        "business_rule": "on",
        "urban_benefit_mode": "gap",
        "rural_benefit_mode": "gap",
        "minimum_per_person": "0",
        "rounding_unit": "0.01",
        "rounding_method": "up",
        "review_months_first": "6",
        "review_months_second": "3",
        "review_months_third": "1",
        "single_person_enabled": "on",
        "near_poverty_multiple": "1.5",
        "notice_days": "7",
        "decision_working_days": "30",
        "extension_working_days": "15",
        "gradual_exit_months": "6",
    }
    for kind, cls in CLASS_CELLS:
        data[f"class_amounts_{kind}_{cls}"] = ""
    for row in range(6):
        data.update(
            {f"add_ons_{row}_criterion": "", f"add_ons_{row}_basis": "fixed", f"add_ons_{row}_value": ""}
        )
    data.update(overrides)
    return data


def test_the_rule_groups_hold_every_rule_field_once():
    grouped = [name for _legend, names in RULE_GROUPS for name in names]
    assert sorted(grouped) == sorted(RULE_FIELDS)


@pytest.mark.parametrize("role", ["haizhou", "street", "auditor", "admin"])
def test_only_the_county_may_set_rules(login, users, areas, role):
    client = login(getattr(users, role))
    before = written()
    assert client.get(RULES_NEW).status_code == 403
    assert client.post(RULES_NEW, rules_post(areas.county)).status_code == 403
    assert written() == before


def test_the_rules_form_starts_from_the_rules_in_force(login, users, areas):
    rules_set(
        area=areas.county,
        data={
            "valid_from": "2026-01",
            "excluded_items": ["scholarship", "heroism"],
            "rural_benefit_mode": "gap_class",
            "class_amounts": {"rural": {"A": "120", "B": "80", "C": "40"}},
            "add_ons": [{"criterion": "age_80", "basis": "fixed", "value": "50"}],
            "max_homes": "",
        },
        actor=None,
    )
    response = login(users.county).get(RULES_NEW, {"area": areas.haizhou.code})
    page = response.content.decode()
    assert response.context["area"] == areas.haizhou
    assert re.search(r'<input[^>]*value="scholarship"[^>]*checked', page)
    assert not re.search(r'<input[^>]*value="wage"[^>]*checked', page)
    assert re.search(r'name="class_amounts_rural_A"[^>]*value="120.00"', page)
    assert re.search(r'name="add_ons_0_value"[^>]*value="50.00"', page)
    assert re.search(r'<option value="age_80" selected>', page)
    assert re.search(r'<option value="gap_class" selected>', page)
    assert re.search(r'name="max_homes"(?![^>]*value=)', page)  # no limit: an empty input


def test_a_new_rules_version_is_saved_with_every_field(login, users, areas):
    data = rules_post(
        areas.haizhou,
        excluded_items=["scholarship", "heroism"],
        deduction_basis="wage_share",
        deduction_value="20",
        financial_asset_months="",
        urban_benefit_mode="class",
        class_amounts_urban_A="420",
        class_amounts_urban_B="360",
        class_amounts_urban_C="300",
        add_ons_0_criterion="age_80",
        add_ons_0_value="50",
        add_ons_1_criterion="severe_disability",
        add_ons_1_basis="standard_share",
        add_ons_1_value="10",
        street_decides="on",
        note="新规",
    )
    del data["vehicle_rule"]  # an unticked box is not posted
    response = login(users.county).post(RULES_NEW, data)
    rules = Rules.objects.get()
    assert response.status_code == 302
    assert response.url == f"{IN_FORCE}?area={areas.haizhou.code}&month=2026-07"
    assert (rules.area, rules.valid_from, rules.note) == (areas.haizhou, datetime.date(2026, 7, 1), "新规")
    assert rules.excluded_items == ["heroism", "scholarship"]
    assert (rules.deduction_basis, rules.deduction_value) == ("wage_share", Decimal("20"))
    assert rules.financial_asset_months is None and rules.vehicle_rule is False and rules.street_decides
    assert rules.class_amounts == {"urban": {"A": "420.00", "B": "360.00", "C": "300.00"}}
    assert rules.add_ons == [
        {"criterion": "age_80", "basis": "fixed", "value": "50.00"},
        {"criterion": "severe_disability", "basis": "standard_share", "value": "10.00"},
    ]


@pytest.mark.parametrize(
    ("posted", "fields"),
    [
        ({"urban_benefit_mode": "class"}, {"class_amounts"}),  # class amounts missing
        ({"add_ons_0_criterion": "age_80", "add_ons_0_value": "-1"}, {"add_ons"}),
        ({"add_ons_0_value": "30"}, {"add_ons"}),  # a value without a criterion
        (
            {"review_months_first": "0", "notice_days": "x", "valid_from": ""},
            {"review_months_first", "notice_days", "valid_from"},
        ),
        ({"deduction_basis": "wage_share", "deduction_value": "150"}, {"deduction_value"}),
    ],
)
def test_bad_rules_are_shown_beside_their_inputs_and_nothing_is_written(login, users, areas, posted, fields):
    before = written()
    response = login(users.county).post(RULES_NEW, rules_post(areas.county, **posted), **EN)
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == fields
    page = response.content.decode()
    for name in fields:
        assert escape(form.errors[name][0]) in field_html(page, name)
    assert written() == before


# What if


def simulate_query(area, standard="400", **more):
    return {"area": area.code, "kind": "urban", "standard": standard, "month": "2026-03", **more}


@pytest.fixture
def county_households(areas, users, standards):
    return {
        "gaining": household_with_income(areas.haizhou, users.haizhou, "100"),  # 260 → 300
        "entering": household_with_income(areas.haizhou, users.haizhou, "370"),  # not eligible → 30
        "unchanged": household_with_income(areas.haizhou, users.haizhou, "50", urban_rural="rural"),
        "elsewhere": household_with_income(areas.liubeiqiao, users.liubeiqiao, "100"),
    }


@pytest.mark.parametrize("role", READERS)
def test_every_reader_may_ask_what_if(login, users, areas, role):
    response = login(getattr(users, role)).get(SIMULATE)
    assert response.status_code == 200 and response.context["result"] is None


def test_what_if_shows_totals_and_the_changed_households_and_writes_nothing(
    login, users, areas, county_households
):
    before = written()
    response = login(users.county).get(SIMULATE, simulate_query(areas.county), **EN)
    result = response.context["result"]
    assert (result.total_now, result.total_new) == (Decimal("670.00"), Decimal("780.00"))
    tallies = {str(label): (t.households, t.persons) for label, t in response.context["tallies"]}
    assert tallies["Gaining"] == (2, 2) and tallies["Entering"] == (1, 1) and tallies["Unchanged"] == (1, 1)
    assert tallies["Leaving"] == tallies["Losing"] == (0, 0)
    page = response.content.decode()
    assert "110.00" in page and "1320.00" in page  # monthly and annual change
    shown = [row.number for row, *_rest in response.context["rows"]]
    assert sorted(shown) == sorted(
        h.number for key, h in county_households.items() if key in ("gaining", "entering", "elsewhere")
    )
    assert county_households["unchanged"].number not in page
    assert "<svg" in page and "<script" not in page.split("<main>")[1]
    assert written() == before


def test_a_community_worker_never_sees_another_communitys_household(login, users, areas, county_households):
    client = login(users.haizhou)
    refused = client.get(SIMULATE, simulate_query(areas.county))
    assert "area" in refused.context["form"].errors and refused.context["result"] is None
    response = client.get(SIMULATE, simulate_query(areas.haizhou))
    assert len(response.context["result"].rows) == 3
    assert county_households["elsewhere"].number not in response.content.decode()
    started = client.post(SIMULATE_XLSX, simulate_query(areas.haizhou))
    workbook = openpyxl.load_workbook(io.BytesIO(content(page_download(client, started))))
    numbers = [row[0] for row in workbook.worksheets[0].iter_rows(min_row=2, values_only=True)]
    assert county_households["elsewhere"].number not in numbers and len(numbers) == 2


def test_what_if_downloads_as_xlsx_with_the_changed_rows(login, users, areas, county_households):
    client = login(users.county)
    response = page_download(client, client.post(SIMULATE_XLSX, simulate_query(areas.county), **EN))
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    disposition = response["Content-Disposition"]
    assert disposition == content_disposition("低保标准测算（城市400.00元）-沙河口区-2026年03月.xlsx")
    workbook = openpyxl.load_workbook(io.BytesIO(content(response)))
    rows = list(workbook.worksheets[0].iter_rows(min_row=2, values_only=True))
    numbers = sorted(row[0] for row in rows)
    assert numbers == sorted(
        h.number for key, h in county_households.items() if key in ("gaining", "entering", "elsewhere")
    )
    gaining = next(row for row in rows if row[0] == county_households["gaining"].number)
    assert gaining[4:7] == (260, 300, 40)


def test_the_what_if_job_shares_the_households_among_forked_processes(
    login, users, areas, county_households, monkeypatch, forks
):
    """The background job forks as a province's does (here forced for a few households): the
    workbook has the same rows."""
    from dibao.policy import comparison

    monkeypatch.setattr(comparison, "CHUNK", 1)
    client = login(users.county)
    response = page_download(client, client.post(SIMULATE_XLSX, simulate_query(areas.county), **EN))
    assert forks == (["fork"] if comparison.processes_available() > 1 else [])
    rows = list(
        openpyxl.load_workbook(io.BytesIO(content(response)))
        .worksheets[0]
        .iter_rows(min_row=2, values_only=True)
    )
    assert sorted(row[0] for row in rows) == sorted(
        h.number for key, h in county_households.items() if key in ("gaining", "entering", "elsewhere")
    )
    assert next(row for row in rows if row[0] == county_households["gaining"].number)[4:7] == (260, 300, 40)


def test_the_xlsx_button_keeps_the_question(login, users, areas, county_households):
    page = login(users.county).get(SIMULATE, simulate_query(areas.county)).content.decode()
    form = page[page.index(f'action="{SIMULATE_XLSX}"') :]
    assert '<input type="hidden" name="standard" value="400">' in form[: form.index("</form>")]


def test_wrong_values_posted_for_the_xlsx_go_back_to_the_page(login, users, areas):
    response = login(users.county).post(SIMULATE_XLSX, simulate_query(areas.county, standard="abc"))
    assert response.status_code == 302 and response["Location"].startswith(SIMULATE)
    assert "standard=abc" in response["Location"] and not Job.objects.exists()


@pytest.mark.parametrize(
    ("query", "field"),
    [({"standard": "abc"}, "standard"), ({"standard": "0"}, "standard"), ({"month": "2026-13"}, "month")],
)
def test_a_bad_question_is_shown_beside_its_input(login, users, areas, standards, query, field):
    response = login(users.county).get(SIMULATE, {**simulate_query(areas.county), **query})
    assert field in response.context["form"].errors and response.context["result"] is None


# The household page


def household_page(client, household, **query):
    return client.get(reverse("registry:household-detail", args=[household.pk]), query, **EN)


def test_the_household_page_shows_the_assessment_with_its_explanation(login, users, areas, standards):
    household = household_with_income(areas.haizhou, users.haizhou, "100")
    response = household_page(login(users.haizhou), household, month="2026-03")
    panel = response.context["assessment_panel"]
    assert panel.month == datetime.date(2026, 3, 1) and panel.result.eligible
    page = response.content.decode()
    assert 'id="assessment"' in page and "Eligible" in page
    assert "260.00" in page and "100.00" in page and "360.00" in page and areas.county.name in page
    assert "Monthly benefit: 260.00 yuan." in page  # an explanation line, rendered
    assert "Class" in page and "National defaults" in page


def test_an_ineligible_household_shows_its_reasons(login, users, areas, standards):
    household = household_with_income(areas.haizhou, users.haizhou, "500")
    page = household_page(login(users.haizhou), household, month="2026-03").content.decode()
    assert "Not eligible" in page and "is not below the standard 360.00 yuan" in page


def test_a_household_that_cannot_be_assessed_says_why(login, users, areas):
    household = household_with_income(areas.haizhou, users.haizhou, "100")  # no standard at all
    response = household_page(login(users.haizhou), household, month="2026-03")
    assert response.status_code == 200 and response.context["assessment_panel"].result is None
    assert "No dibao standard for" in response.content.decode()


def test_the_assessment_month_defaults_to_this_month_and_a_bad_one_is_shown(login, users, areas, standards):
    household = household_with_income(areas.haizhou, users.haizhou, "100")
    client = login(users.haizhou)
    this_month = timezone.localdate().replace(day=1)
    assert household_page(client, household).context["assessment_panel"].month == this_month
    bad = household_page(client, household, month="2026-13").context["assessment_panel"]
    assert bad.month == this_month and "month" in bad.form.errors


def test_the_household_page_shows_the_entitlement_and_its_history(login, users, areas, standards):
    entitlement = receiving(areas.haizhou, users.haizhou)
    response = household_page(login(users.auditor), entitlement.household, month="2026-03")
    panel = response.context["assessment_panel"]
    assert panel.entitlement == entitlement and [row.entitlement for row in panel.history] == [entitlement]
    assert (
        "In force in this month: 260.00 yuan a month since 2026-01 (covered persons: 1)."
        in response.content.decode()
    )
    without = household_page(login(users.auditor), entitlement.household, month="2025-12")
    assert without.context["assessment_panel"].entitlement is None


def test_the_household_page_runs_as_many_queries_with_a_long_history(
    login, users, areas, standards, django_assert_max_num_queries
):
    entitlement = receiving(areas.haizhou, users.haizhou, members=2)
    household = entitlement.household
    for month in (datetime.date(2026, 3, 1), datetime.date(2026, 5, 1)):
        entitlement_grant(
            household=household,
            assessment=assess(household, month),
            month_from=month,
            reason="review",
            actor=None,
        )
    client = login(users.haizhou)
    # tests/registry's household page, labour's attendance and the case file panel's archive
    # number, printings and the filings of the relatives' register: nothing per version
    with django_assert_max_num_queries(43):
        response = household_page(client, household, month="2026-06")
    assert len(response.context["assessment_panel"].history) == 3
