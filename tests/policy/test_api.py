"""The policy engine through the API: standards and rules (read by everyone, set by the county),
the policy in force, a household's assessment in the caller's language, and "what if"."""

import io
from urllib.parse import quote

import pytest
from django.conf import settings
from django.utils import timezone
from openpyxl import load_workbook

from dibao.benefits.models import Entitlement, Recalculation, RecalculationLine
from dibao.core.models import AuditEntry, Job
from dibao.policy.models import Rules, Standard
from dibao.policy.services import rules_set, standard_set
from dibao.policy.validation import RULE_FIELDS
from dibao.registry.models import Household, Income, Member
from dibao.registry.services import income_add

from ..api_support import API, api_as, own_id_numbers  # noqa: F401  (autouse fixture)
from ..benefits.support import receiving
from ..factories import make_household
from ..jobs_support import api_download, content

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def policy(areas):
    """The county's standards from January 2026: urban 360, rural 200."""
    for kind, amount in (("urban", "360"), ("rural", "200")):
        standard_set(
            area=areas.county, data={"kind": kind, "amount": amount, "valid_from": "2026-01"}, actor=None
        )


def _standard(area, **overrides):
    return {"area": area.code, "kind": "urban", "amount": "400", "valid_from": "2026-07", **overrides}


def _worked_example(areas, users):
    """3 members, the head earning 600 a month: 200 per person under a standard of 360."""
    household = make_household(areas.haizhou, users.haizhou, members=2)
    head = household.members.get(relation="self")
    income_add(
        household=household,
        data={"member": head.pk, "kind": "wage", "amount": "600", "month_from": "2026-01"},
        actor=users.haizhou,
    )
    return household


def _counts():
    models = (Standard, Rules, Recalculation, RecalculationLine, Entitlement, Household, Member, Income)
    return {model.__name__: model.objects.count() for model in (*models, AuditEntry)}


# Standards


def test_the_county_sets_a_standard_and_is_told_the_recalculation_it_opened(areas, users, policy):
    receiving(areas.haizhou, users.haizhou)
    response = api_as(users.county).post(f"{API}/standards/", _standard(areas.county, note="2026 调标"))
    assert response.status_code == 201
    body = response.json()
    recalculation = Recalculation.objects.get()
    assert body["recalculation"] == recalculation.pk and recalculation.state == "draft"
    assert body["area"] == "210204" and body["area_name"] == areas.county.name
    assert (body["kind"], body["amount"], body["valid_from"], body["valid_to"]) == (
        "urban",
        "400.00",
        "2026-07",
        None,
    )
    assert body["note"] == "2026 调标"
    standard = Standard.objects.get(pk=body["id"])
    assert AuditEntry.objects.filter(
        actor=users.county, object_type__icontains="standard", object_id=str(standard.pk)
    ).exists()
    # The version before it now ends in June.
    listed = api_as(users.county).get(f"{API}/standards/", {"kind": "urban"}).json()["results"]
    assert [(s["valid_from"], s["valid_to"]) for s in listed] == [("2026-07", None), ("2026-01", "2026-06")]


def test_a_standard_that_changes_no_amount_opens_no_recalculation(areas, users, policy):
    response = api_as(users.county).post(f"{API}/standards/", _standard(areas.county))
    assert response.status_code == 201
    assert response.json()["recalculation"] is None
    assert not Recalculation.objects.exists()


@pytest.mark.parametrize("who", ["haizhou", "street", "auditor", "admin"])
def test_every_role_reads_standards_but_only_the_county_sets_them(areas, users, policy, who):
    client = api_as(getattr(users, who))
    listed = client.get(f"{API}/standards/")
    assert listed.status_code == 200
    assert {(s["area"], s["amount"]) for s in listed.json()["results"]} == {
        ("210204", "360.00"),
        ("210204", "200.00"),
    }
    before = _counts()
    refused = client.post(f"{API}/standards/", _standard(getattr(users, who).area))
    assert refused.status_code == 403
    assert refused.json()["code"] in ("permission_denied", "forbidden")
    assert _counts() == before


def test_standards_are_scoped_and_filtered_by_area_and_kind(areas, users, policy):
    standard_set(
        area=areas.liubeiqiao, data={"kind": "urban", "amount": "380", "valid_from": "2026-03"}, actor=None
    )
    standard_set(
        area=areas.xinghaiwan, data={"kind": "rural", "amount": "230", "valid_from": "2026-03"}, actor=None
    )

    def listed(user, **query):
        response = api_as(user).get(f"{API}/standards/", query)
        assert response.status_code == 200, response.json()
        return {(s["area"], s["kind"], s["amount"]) for s in response.json()["results"]}

    county = {("210204", "urban", "360.00"), ("210204", "rural", "200.00")}
    street = ("210204001000", "rural", "230.00")
    other_community = ("210204002001", "urban", "380.00")
    # A community sees its own policy and what is set above it, never a neighbour's.
    assert listed(users.haizhou) == {*county, street}
    assert listed(users.liubeiqiao) == {*county, other_community}
    assert listed(users.county) == {*county, street, other_community}
    assert listed(users.county, area=areas.xinghaiwan.code) == {street}
    assert listed(users.county, area=areas.county.code, kind="urban") == {
        ("210204", "urban", "360.00"),
        other_community,
    }
    assert listed(users.haizhou, area=areas.county.code, kind="rural") == {
        ("210204", "rural", "200.00"),
        street,
    }
    refused = api_as(users.haizhou).get(f"{API}/standards/", {"area": areas.liubeiqiao.code})
    assert refused.status_code == 400 and list(refused.json()["errors"]) == ["area"]
    # One standard by id: the same scoping.
    other = Standard.objects.get(area=areas.liubeiqiao)
    assert api_as(users.haizhou).get(f"{API}/standards/{other.pk}/").status_code == 404
    assert api_as(users.liubeiqiao).get(f"{API}/standards/{other.pk}/").json()["amount"] == "380.00"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"amount": "0"}, "amount"),
        ({"amount": "-5"}, "amount"),
        ({"amount": "360.555"}, "amount"),
        ({"valid_from": "2025-12"}, "valid_from"),  # on or before the version from 2026-01
        ({"valid_from": "2026-13"}, "valid_from"),
        ({"kind": "city"}, "kind"),
        ({"area": "999999"}, "area"),
        ({"amount": None}, "amount"),
        ({"valid_to": "2026-12"}, "valid_to"),
    ],
)
def test_bad_standards_are_400_naming_the_field_and_nothing_is_written(areas, users, policy, change, field):
    before = _counts()
    response = api_as(users.county).post(f"{API}/standards/", {**_standard(areas.county), **change})
    assert response.status_code == 400, response.json()
    assert list(response.json()["errors"]) == [field]
    assert _counts() == before


def test_standard_errors_are_in_chinese_by_default_and_english_when_asked(areas, users, policy):
    zero = _standard(areas.county, amount="0")
    assert api_as(users.county).post(f"{API}/standards/", zero).json()["errors"] == {
        "amount": ["金额必须大于零。"]
    }
    assert api_as(users.county, language="en").post(f"{API}/standards/", zero).json()["errors"] == {
        "amount": ["The amount must be more than zero."]
    }
    missing = {"area": "210204", "amount": "400", "valid_from": "2026-07", "colour": "red"}
    assert api_as(users.county).post(f"{API}/standards/", missing).json()["errors"] == {
        "colour": ["未知字段，或此处不能设置该字段。"],
        "kind": ["该字段是必填项。"],
    }
    assert api_as(users.county, language="en").post(f"{API}/standards/", missing).json()["errors"] == {
        "colour": ["Unknown field, or one that cannot be set here."],
        "kind": ["This field is required."],
    }
    overlapping = api_as(users.county, language="en").post(
        f"{API}/standards/", _standard(areas.county, valid_from="2026-01")
    )
    [message] = overlapping.json()["errors"]["valid_from"]
    assert "already has a version from 2026-01" in message


# Rules


def test_the_county_sets_rules_and_reads_every_field_back(areas, users, policy):
    data = {
        "area": areas.county.code,
        "valid_from": "2026-04",
        "note": "分类施保",
        "excluded_items": ["resident_basic_pension", "scholarship"],
        "urban_benefit_mode": "class",
        "class_amounts": {"urban": {"A": "420", "B": 360, "C": "300.5"}},
        "add_ons": [{"criterion": "age_80", "value": "50"}],
        "deduction_basis": "wage_share",
        "deduction_value": "20",
        "street_decides": True,
    }
    response = api_as(users.county).post(f"{API}/rules/", data)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert set(RULE_FIELDS) | {"id", "area", "valid_from", "valid_to"} <= set(body)
    assert (body["area"], body["valid_from"], body["valid_to"]) == ("210204", "2026-04", None)
    assert body["excluded_items"] == ["resident_basic_pension", "scholarship"]
    assert body["urban_benefit_mode"] == "class" and body["rural_benefit_mode"] == "gap"
    assert body["class_amounts"] == {"urban": {"A": "420.00", "B": "360.00", "C": "300.50"}}
    assert body["add_ons"] == [{"criterion": "age_80", "basis": "fixed", "value": "50.00"}]
    assert (body["deduction_basis"], body["deduction_value"]) == ("wage_share", "20.00")
    assert body["street_decides"] is True
    # What was not sent is the national default, limits included.
    assert (body["financial_asset_months"], body["max_homes"], body["minimum_per_person"]) == (24, 1, "0.00")
    assert (body["near_poverty_multiple"], body["review_months_first"], body["notice_days"]) == ("1.50", 6, 7)
    assert Rules.objects.get().street_decides
    listed = api_as(users.haizhou).get(f"{API}/rules/").json()["results"]
    assert [r["id"] for r in listed] == [body["id"]]


def test_rules_with_no_limit_say_null(areas, users, policy):
    data = {
        "area": areas.county.code,
        "valid_from": "2026-04",
        "financial_asset_months": None,
        "max_homes": None,
    }
    body = api_as(users.county).post(f"{API}/rules/", data).json()
    assert (body["financial_asset_months"], body["max_homes"]) == (None, None)


def test_rule_errors_name_every_field_at_once(areas, users, policy):
    before = _counts()
    response = api_as(users.county, language="en").post(
        f"{API}/rules/",
        {
            "area": areas.county.code,
            "valid_from": "2026-04",
            "excluded_items": ["wage", "lottery"],
            "rural_benefit_mode": "gap_class",
        },
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) == {"excluded_items", "class_amounts"}
    assert errors["excluded_items"] == ["Unknown income item: lottery."]
    assert "Class A (Rural) has no amount." in errors["class_amounts"]
    assert _counts() == before


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"urban_benefit_mode": "class"}, "class_amounts"),
        ({"excluded_items": ["not_an_item"]}, "excluded_items"),
        ({"valid_from": "2026-1x"}, "valid_from"),
        ({"review_months_third": 0}, "review_months_third"),
        ({"deduction_basis": "wage_share", "deduction_value": "120"}, "deduction_value"),
        ({"add_ons": [{"criterion": "age_80", "value": "0"}]}, "add_ons"),
        ({"add_ons": [{"criterion": "age_80", "value": "5", "extra": 1}]}, "add_ons.0.extra"),
        ({"urban_benefit_mode": "everything"}, "urban_benefit_mode"),
        ({"notice_days": "seven"}, "notice_days"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_bad_rules_are_400_naming_the_field(areas, users, policy, change, field):
    response = api_as(users.county).post(
        f"{API}/rules/", {"area": areas.county.code, "valid_from": "2026-04", **change}
    )
    assert response.status_code == 400, response.json()
    assert field in response.json()["errors"]
    assert not Rules.objects.exists()


def test_a_second_rules_version_must_start_later(areas, users, policy):
    client = api_as(users.county)
    assert client.post(f"{API}/rules/", {"area": "210204", "valid_from": "2026-04"}).status_code == 201
    again = client.post(f"{API}/rules/", {"area": "210204", "valid_from": "2026-04"})
    assert again.status_code == 400 and list(again.json()["errors"]) == ["valid_from"]


@pytest.mark.parametrize("who", ["haizhou", "street", "auditor"])
def test_only_the_county_sets_rules(areas, users, who):
    user = getattr(users, who)
    response = api_as(user).post(f"{API}/rules/", {"area": user.area.code, "valid_from": "2026-04"})
    assert response.status_code == 403
    assert not Rules.objects.exists()
    assert api_as(user).get(f"{API}/rules/").status_code == 200


# The policy in force


def test_the_policy_in_force_names_where_each_part_comes_from(areas, users, policy):
    client = api_as(users.haizhou)
    body = client.get(f"{API}/policy/in-force/", {"month": "2026-03"}).json()
    assert (body["area"], body["area_name"], body["month"]) == ("210204001001", "海州社区", "2026-03")
    assert body["standards"] == {
        "urban": {"amount": "360.00", "area": areas.county.name, "since": "2026-01"},
        "rural": {"amount": "200.00", "area": areas.county.name, "since": "2026-01"},
    }
    assert body["rules_area"] is None  # the national defaults
    assert body["rules"]["id"] is None and body["rules"]["area"] is None
    assert set(RULE_FIELDS) <= set(body["rules"])
    assert body["rules"]["financial_asset_months"] == 24

    rules_set(area=areas.xinghaiwan, data={"valid_from": "2026-03", "notice_days": 10}, actor=None)
    standard_set(
        area=areas.haizhou, data={"kind": "urban", "amount": "380", "valid_from": "2026-03"}, actor=None
    )
    body = client.get(f"{API}/policy/in-force/", {"area": "210204001001", "month": "2026-03"}).json()
    assert body["standards"]["urban"] == {"amount": "380.00", "area": "海州社区", "since": "2026-03"}
    assert body["rules_area"] == areas.xinghaiwan.name
    assert (body["rules"]["area"], body["rules"]["notice_days"]) == ("210204001000", 10)
    # February is as it was.
    february = client.get(f"{API}/policy/in-force/", {"month": "2026-02"}).json()
    assert february["standards"]["urban"]["amount"] == "360.00" and february["rules_area"] is None


def test_the_policy_in_force_without_a_standard_says_null(areas, users):
    body = api_as(users.county).get(f"{API}/policy/in-force/", {"month": "2026-03"}).json()
    assert body["standards"] == {"urban": None, "rural": None}


def test_the_policy_in_force_of_an_area_not_seen_is_refused(areas, users, policy):
    client = api_as(users.haizhou, language="en")
    other = client.get(f"{API}/policy/in-force/", {"area": areas.liubeiqiao.code})
    assert other.status_code == 400
    assert other.json()["errors"] == {"area": ["There is no area with this code in your area."]}
    month = client.get(f"{API}/policy/in-force/", {"month": "March"})
    assert month.status_code == 400 and list(month.json()["errors"]) == ["month"]


# A household's assessment


def test_the_worked_example_through_the_api(areas, users, policy):
    household = _worked_example(areas, users)
    response = api_as(users.haizhou).get(f"{API}/households/{household.pk}/assessment/", {"month": "2026-03"})
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["household"], body["month"], body["assessable"], body["eligible"]) == (
        household.number,
        "2026-03",
        True,
        True,
    )
    assert (body["standard"], body["covered_members"], body["counted_income"]) == ("360.00", 3, "600.00")
    assert (body["per_capita_income"], body["gap"], body["monthly_amount"]) == ("200.00", "160.00", "480.00")
    assert body["reasons"] == [] and body["rules_area"] is None
    assert body["standard_area"] == areas.county.name
    # Chinese unless English is asked for.
    assert "人均收入：600.00 ÷ 3 = 200.00 元。" in body["explanation"]
    assert "月低保金：480.00 元。" in body["explanation"]


def test_the_explanation_is_in_english_by_header_or_by_cookie(areas, users, policy):
    household = _worked_example(areas, users)
    path = f"{API}/households/{household.pk}/assessment/"
    by_header = api_as(users.haizhou, language="en").get(path, {"month": "2026-03"}).json()
    assert "Per-capita income: 600.00 ÷ 3 = 200.00 yuan." in by_header["explanation"]
    assert "Monthly benefit: 480.00 yuan." in by_header["explanation"]
    client = api_as(users.haizhou)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    by_cookie = client.get(path, {"month": "2026-03"}).json()
    assert by_cookie["explanation"] == by_header["explanation"]
    assert by_cookie["benefit_class_label"] == by_header["benefit_class_label"]
    chinese = api_as(users.haizhou, language="zh-hans").get(path, {"month": "2026-03"}).json()
    assert chinese["explanation"] != by_header["explanation"]
    assert chinese["monthly_amount"] == by_header["monthly_amount"] == "480.00"


def test_reasons_of_a_household_not_eligible(areas, users, policy):
    household = make_household(areas.haizhou, users.haizhou)
    income_add(
        household=household,
        data={"kind": "wage", "amount": "5000", "month_from": "2026-01"},
        actor=users.haizhou,
    )
    body = (
        api_as(users.haizhou, language="en")
        .get(f"{API}/households/{household.pk}/assessment/", {"month": "2026-03"})
        .json()
    )
    assert body["eligible"] is False and body["monthly_amount"] == "0.00"
    assert body["reasons"] == ["Per-capita income 5000.00 yuan is not below the standard 360.00 yuan."]


def test_a_household_of_another_community_is_not_found(areas, users, policy):
    household = _worked_example(areas, users)
    path = f"{API}/households/{household.pk}/assessment/"
    assert api_as(users.liubeiqiao).get(path).status_code == 404
    assert api_as(users.liubeiqiao).get(f"{API}/households/{household.pk}/entitlements/").status_code == 404
    assert api_as(users.street).get(path, {"month": "2026-03"}).status_code == 200
    assert api_as(users.auditor).get(path, {"month": "2026-03"}).status_code == 200
    assert api_as(users.haizhou).get(f"{API}/households/999999/assessment/").status_code == 404
    assert api_as().get(path).status_code == 401


def test_a_household_that_cannot_be_assessed_is_a_400_saying_why(areas, users, policy):
    Standard.objects.filter(kind="rural").delete()
    household = make_household(areas.haizhou, users.haizhou, urban_rural="rural")
    path = f"{API}/households/{household.pk}/assessment/"
    response = api_as(users.haizhou, language="en").get(path, {"month": "2026-03"})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "not_assessable"
    assert body["errors"] == {"__all__": ["No dibao standard for Rural households in 海州社区 in 2026-03."]}
    chinese = api_as(users.haizhou).get(path, {"month": "2026-03"}).json()
    assert chinese["errors"]["__all__"] == ["海州社区 2026-03 没有适用于农村家庭的低保标准。"]


def test_single_person_inclusion_and_bad_queries(areas, users, policy):
    household = _worked_example(areas, users)
    spouse = household.members.get(relation="spouse")
    path = f"{API}/households/{household.pk}/assessment/"
    client = api_as(users.haizhou, language="en")
    alone = client.get(path, {"month": "2026-03", "single_member": spouse.pk}).json()
    assert (alone["covered_members"], alone["single_member"]) == (1, spouse.pk)
    stranger = make_household(areas.haizhou, users.haizhou).members.get()
    refused = client.get(path, {"month": "2026-03", "single_member": stranger.pk})
    assert refused.status_code == 400
    assert refused.json()["errors"] == {
        "single_member": ["The person chosen for single-person inclusion is not a member of this household."]
    }
    assert list(client.get(path, {"single_member": "x"}).json()["errors"]) == ["single_member"]
    assert list(client.get(path, {"month": "2026-3x"}).json()["errors"]) == ["month"]
    assert client.get(path).status_code == 200  # this month


# What if


def test_simulate_costs_a_new_standard_and_writes_nothing(areas, users, policy):
    _worked_example(areas, users)  # 480 now; 40 × 3 more under 400
    above = make_household(areas.liubeiqiao, users.liubeiqiao)  # not eligible now; 10 under 400
    income_add(
        household=above,
        data={"kind": "other", "amount": "390", "month_from": "2026-01"},
        actor=users.liubeiqiao,
    )
    make_household(areas.haiyue, users.street, urban_rural="rural")  # rural: unchanged (200)
    before = _counts()
    response = api_as(users.county).post(
        f"{API}/policy/simulate/",
        {"area": areas.county.code, "kind": "urban", "standard": "400", "month": "2026-03"},
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert _counts() == before
    assert (body["area"], body["kind"], body["standard"], body["month"]) == (
        "210204",
        "urban",
        "400.00",
        "2026-03",
    )
    assert body["households"] == 3
    assert (body["total_now"], body["total_new"]) == ("680.00", "810.00")
    assert (body["monthly_change"], body["annual_change"]) == ("130.00", "1560.00")
    assert body["changes"]["gaining"] == {"households": 1, "persons": 3}
    assert body["changes"]["entering"] == {"households": 1, "persons": 1}
    assert body["changes"]["unchanged"] == {"households": 1, "persons": 1}
    assert body["changed"] == 2
    rows = {row["change"]: row for row in body["rows"]}
    assert set(rows) == {"gaining", "entering"}
    assert (rows["gaining"]["now"], rows["gaining"]["new"], rows["gaining"]["difference"]) == (
        "480.00",
        "600.00",
        "120.00",
    )
    assert (rows["entering"]["now"], rows["entering"]["new"]) == (None, "10.00")
    assert rows["entering"]["community"] == "柳背桥社区" and rows["entering"]["head"] == "张三"
    assert rows["gaining"]["change_label"] == "增加"


def test_simulate_reads_only_the_households_the_caller_sees(areas, users, policy):
    _worked_example(areas, users)
    make_household(areas.liubeiqiao, users.liubeiqiao)
    client = api_as(users.haizhou)
    own = client.post(
        f"{API}/policy/simulate/",
        {"area": areas.haizhou.code, "kind": "urban", "standard": "400", "month": "2026-03"},
    )
    assert own.status_code == 200 and own.json()["households"] == 1
    county = client.post(
        f"{API}/policy/simulate/", {"area": areas.county.code, "kind": "urban", "standard": "400"}
    )
    assert county.status_code == 400 and list(county.json()["errors"]) == ["area"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"standard": "0"}, "standard"),
        ({"standard": "abc"}, "standard"),
        ({"standard": None}, "standard"),
        ({"kind": "town"}, "kind"),
        ({"month": "2026/13"}, "month"),
        ({"area": ""}, "area"),
        ({"households": [1]}, "households"),
    ],
)
def test_simulate_refuses_bad_input_by_field(areas, users, policy, change, field):
    body = {"area": areas.county.code, "kind": "urban", "standard": "400", "month": "2026-03", **change}
    response = api_as(users.county).post(f"{API}/policy/simulate/", body)
    assert response.status_code == 400, response.json()
    assert list(response.json()["errors"]) == [field]


@pytest.mark.parametrize("how", ["query", "accept"])
def test_simulate_as_a_workbook(areas, users, policy, how):
    _worked_example(areas, users)
    before = _counts()
    body = {"area": areas.county.code, "kind": "urban", "standard": "400", "month": "2026-03"}
    client = api_as(users.county)
    if how == "query":
        response = client.post(f"{API}/policy/simulate/?format=xlsx", body)
    else:
        response = client.post(f"{API}/policy/simulate/", body, HTTP_ACCEPT=XLSX)
    # A job (202, JSON whatever was asked for), whose file is the workbook.
    assert response.status_code == 202 and response["Content-Type"] == "application/json"
    download = api_download(client, response)
    assert download["Content-Type"] == XLSX
    assert download["Content-Disposition"].startswith("attachment;")
    assert (
        f"filename*=UTF-8''{quote('低保标准测算（城市400.00元）-沙河口区-2026年03月.xlsx', safe='')}"
        in download["Content-Disposition"]
    )
    sheet = load_workbook(io.BytesIO(content(download))).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2 and rows[1][4:7] == (480, 600, 120)
    # Nothing of the policy is written: only the job and the entry of its start.
    assert _counts() == {**before, "AuditEntry": before["AuditEntry"] + 1}
    assert Job.objects.get().file_name == "低保标准测算（城市400.00元）-沙河口区-2026年03月.xlsx"
    # A refusal stays JSON in the one error shape.
    refused = client.post(f"{API}/policy/simulate/?format=xlsx", {**body, "standard": "0"})
    assert refused.status_code == 400
    assert refused["Content-Type"] == "application/json"
    assert list(refused.json()["errors"]) == ["standard"]


# The schema


def test_every_policy_endpoint_is_in_the_schema(areas):
    paths = api_as().get(f"{API}/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()["paths"]
    assert {"get", "post"} <= set(paths["/api/v1/standards/"])
    assert {"get", "post"} <= set(paths["/api/v1/rules/"])
    for path in (
        "/api/v1/standards/{id}/",
        "/api/v1/rules/{id}/",
        "/api/v1/policy/in-force/",
        "/api/v1/policy/simulate/",
        "/api/v1/households/{id}/assessment/",
    ):
        assert path in paths
    simulate = paths["/api/v1/policy/simulate/"]["post"]
    assert set(simulate["responses"]["200"]["content"]) == {"application/json"}
    assert simulate["responses"]["202"]["content"]["application/json"]["schema"]["$ref"].endswith("JobOutput")
    assert simulate["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith("SimulateInput")
    assessment = paths["/api/v1/households/{id}/assessment/"]["get"]
    assert {p["name"] for p in assessment["parameters"]} == {"id", "month", "single_member"}


def test_months_default_to_this_one(areas, users, policy):
    body = api_as(users.county).get(f"{API}/policy/in-force/").json()
    assert body["month"] == f"{timezone.localdate():%Y-%m}"
