"""Found, not waited for: each categorical program's test run over the register as one query per
set of terms — who qualifies and holds none (应享未享), who holds one and no longer qualifies
(应退未退) — with the reason in words; the page, scoped to the user's area; the command."""

import datetime
import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from dibao.benefits.services import Grant, entitlement_grant, entitlement_stop
from dibao.cases.discovery.rules import DUE, STOP
from dibao.cases.discovery.selectors import found
from dibao.core.errors import DomainError
from dibao.policy.programs import codes
from dibao.policy.selectors import program_by_code
from dibao.policy.services import program_rules_set
from dibao.registry.services import household_status_record, member_add, supporter_add
from tests.api_support import api_as
from tests.factories import id_number, make_household, member_data

pytestmark = pytest.mark.django_db

DEC = datetime.date(2026, 12, 1)
GRANT = Grant(amount=Decimal("300.00"), persons=1, urban_rural="urban")


def person(household, actor, born, **fields):
    return member_add(
        household=household,
        data=member_data(id_number=id_number(born), relation="parent", **fields),
        actor=actor,
    )


def grant(household, program, member=None, month=datetime.date(2026, 1, 1)):
    return entitlement_grant(
        household=household,
        grant=GRANT,
        month_from=month,
        reason="approval",
        actor=None,
        program=program,
        member=member,
    )


def dibao_household(areas, users, **kwargs):
    h = make_household(areas.haizhou, users.haizhou, **kwargs)
    household_status_record(household=h, status="receiving", actor=users.haizhou)
    grant(h, codes.DIBAO)
    return h


def who(rows, program=None):
    return sorted(r.name for r in rows if program is None or r.program == program)


def test_an_80_year_old_is_found_a_month_ahead_and_not_once_she_holds_the_allowance(areas, users):
    h = make_household(areas.haizhou, users.haizhou)
    # Born in December 1946: 80 in December 2026, the allowance hers from January 2027.
    elder = person(h, users.haizhou, datetime.date(1946, 12, 15), name="高寿")
    person(h, users.haizhou, datetime.date(1947, 1, 20), name="未满")
    rows = found(areas.county, DEC, program=codes.ELDERLY_ALLOWANCE)
    assert who(rows) == ["高寿"]
    assert "2027-01" in rows[0].reason and "100.00" in rows[0].reason
    grant(h, codes.ELDERLY_ALLOWANCE, elder, month=datetime.date(2027, 1, 1))
    assert found(areas.county, DEC, program=codes.ELDERLY_ALLOWANCE) == []


def test_the_band_and_its_amount_follow_the_countys_terms(areas, users):
    program_rules_set(
        area=areas.county,
        program=program_by_code(codes.ELDERLY_ALLOWANCE),
        data={"valid_from": "2026-01", "terms": {"age_bands": [{"from_age": 70, "amount": "50"}]}},
        actor=None,
    )
    h = make_household(areas.haizhou, users.haizhou)
    person(h, users.haizhou, datetime.date(1950, 3, 1), name="七旬")
    rows = found(areas.county, DEC, program=codes.ELDERLY_ALLOWANCE)
    assert who(rows) == ["七旬"] and "50.00" in rows[0].reason


def test_a_switched_off_program_finds_no_one(areas, users):
    program_rules_set(
        area=areas.county,
        program=program_by_code(codes.ELDERLY_ALLOWANCE),
        data={"valid_from": "2026-01", "enabled": False},
        actor=None,
    )
    h = make_household(areas.haizhou, users.haizhou)
    person(h, users.haizhou, datetime.date(1930, 3, 1))
    assert found(areas.county, DEC, program=codes.ELDERLY_ALLOWANCE) == []


def test_a_grade_1_member_of_a_dibao_household_is_found_for_both_subsidies(areas, users):
    h = dibao_household(areas, users)
    person(
        h, users.haizhou, datetime.date(1980, 5, 1), name="一级", disability_type="limb", disability_grade=1
    )
    person(
        h, users.haizhou, datetime.date(1981, 5, 1), name="四级", disability_type="limb", disability_grade=4
    )
    rows = found(areas.county, DEC)
    assert who(rows, codes.DISABILITY_CARE) == ["一级"]
    assert who(rows, codes.DISABILITY_LIVING) == ["一级", "四级"]
    # Outside a 低保 household only the care subsidy, which is not means-tested, is found.
    other = make_household(areas.haizhou, users.haizhou)
    person(
        other,
        users.haizhou,
        datetime.date(1982, 5, 1),
        name="二级",
        disability_type="limb",
        disability_grade=2,
    )
    rows = found(areas.county, DEC)
    assert who(rows, codes.DISABILITY_CARE) == ["一级", "二级"]
    assert who(rows, codes.DISABILITY_LIVING) == ["一级", "四级"]


def test_grades_3_and_4_of_mental_disability_count_where_the_county_says_so(areas, users):
    h = make_household(areas.haizhou, users.haizhou)
    person(
        h,
        users.haizhou,
        datetime.date(1980, 5, 1),
        name="精神三级",
        disability_type="mental",
        disability_grade=3,
    )
    assert who(found(areas.county, DEC, program=codes.DISABILITY_CARE)) == []
    program_rules_set(
        area=areas.county,
        program=program_by_code(codes.DISABILITY_CARE),
        data={"valid_from": "2026-01", "terms": {"mental_grades_3_4": True}},
        actor=None,
    )
    assert who(found(areas.county, DEC, program=codes.DISABILITY_CARE)) == ["精神三级"]


def test_extreme_poverty_needs_no_work_capacity_and_no_able_supporter(areas, users):
    h = dibao_household(areas, users)
    alone = person(h, users.haizhou, datetime.date(1941, 2, 1), name="无依")
    supported = person(h, users.haizhou, datetime.date(1942, 2, 1), name="有子")
    person(h, users.haizhou, datetime.date(1985, 2, 1), name="壮年")
    supporter_add(
        household=h,
        data={
            "member": supported.pk,
            "name": "儿子",
            "id_number": id_number(datetime.date(1970, 1, 1)),
            "relation": "child",
            "able": True,
        },
        actor=users.haizhou,
    )
    # A supporter recorded as unable does not count.
    supporter_add(
        household=h,
        data={
            "member": alone.pk,
            "name": "女儿",
            "id_number": id_number(datetime.date(1972, 1, 1)),
            "relation": "child",
            "able": False,
            "note": "重病",
        },
        actor=users.haizhou,
    )
    rows = found(areas.county, DEC, program=codes.EXTREME_POVERTY)
    names = who(rows)
    assert "无依" in names and "有子" not in names and "壮年" not in names
    assert all("特困" in r.reason for r in rows)


def test_a_holder_who_left_the_register_or_lost_the_basis_is_to_stop(areas, users):
    h = dibao_household(areas, users)
    disabled = person(
        h, users.haizhou, datetime.date(1980, 5, 1), name="残", disability_type="limb", disability_grade=3
    )
    grant(h, codes.DISABILITY_LIVING, disabled)
    assert found(areas.county, DEC, direction=STOP) == []
    # The household's 低保 is suspended: the living subsidy, which rests on it, is to stop.
    entitlement_stop(
        household=h,
        kind="suspend",
        on=datetime.date(2026, 6, 10),
        stop_reason="income_above",
        month_pay="full",
        actor=users.haizhou,
    )
    rows = found(areas.county, DEC, direction=STOP)
    assert who(rows) == ["残"] and rows[0].program == codes.DISABILITY_LIVING
    assert "dibao" in rows[0].reason or "低保" in rows[0].reason


def test_only_the_users_area_is_searched(areas, users):
    h = make_household(areas.liubeiqiao, users.liubeiqiao)
    person(h, users.liubeiqiao, datetime.date(1930, 3, 1), name="别处")
    assert found(areas.haizhou, DEC) == []
    assert who(found(areas.county, DEC)) == ["别处"]


def test_a_program_that_is_not_categorical_is_refused_by_name(areas):
    with pytest.raises(DomainError) as caught:
        found(areas.county, DEC, program=codes.NEAR_POVERTY)
    assert "program" in caught.value.errors


def test_the_page_lists_them_with_a_prefilled_application_link(areas, users, login):
    h = make_household(areas.haizhou, users.haizhou)
    elder = person(h, users.haizhou, datetime.date(1940, 3, 1), name="寿星")
    page = login(users.haizhou).get(reverse("cases:found"), {"month": "2026-12"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "寿星" in html
    assert f"household={h.pk}&amp;program=elderly_allowance&amp;member={elder.pk}" in html
    assert elder.id_number not in html  # masked on the screen


def test_the_page_of_another_community_finds_nothing_of_it(areas, users, login):
    h = make_household(areas.haizhou, users.haizhou)
    person(h, users.haizhou, datetime.date(1940, 3, 1), name="寿星")
    page = login(users.liubeiqiao).get(reverse("cases:found"), {"month": "2026-12"})
    assert page.status_code == 200 and "寿星" not in page.content.decode()
    # Asking for an area the user cannot see is refused beside the input; their own is shown.
    page = login(users.liubeiqiao).get(
        reverse("cases:found"), {"area": areas.haizhou.code, "month": "2026-12"}
    )
    assert page.status_code == 200 and "寿星" not in page.content.decode()
    assert page.context["area"] == areas.liubeiqiao and page.context["form"].errors.get("area")


def test_the_command_prints_json_with_the_found_and_their_reasons(areas, users):
    h = make_household(areas.haizhou, users.haizhou)
    person(h, users.haizhou, datetime.date(1940, 3, 1), name="寿星")
    out = StringIO()
    call_command("discover", "--area", "210204", "--month", "2026-12", "--json", stdout=out)
    document = json.loads(out.getvalue())
    assert document["direction"] == DUE and document["count"] == len(document["found"]) >= 1
    row = next(r for r in document["found"] if r["name"] == "寿星")
    assert row["program"] == codes.ELDERLY_ALLOWANCE and row["household"] == h.number and row["reason"]


def test_the_api_lists_them_masked_and_refuses_an_area_outside_the_callers(areas, users):
    h = make_household(areas.haizhou, users.haizhou)
    elder = person(h, users.haizhou, datetime.date(1940, 3, 1), name="寿星")
    body = api_as(users.haizhou).get("/api/v1/found/", {"month": "2026-12"}).json()
    row = next(r for r in body["found"] if r["name"] == "寿星")
    assert (row["program"], row["member"], row["household"]) == (codes.ELDERLY_ALLOWANCE, elder.pk, h.number)
    assert row["id_number"] != elder.id_number and body["count"] == len(body["found"])
    refused = api_as(users.liubeiqiao).get("/api/v1/found/", {"area": areas.haizhou.code})
    assert refused.status_code == 400 and "area" in str(refused.json())
    wrong = api_as(users.haizhou).get("/api/v1/found/", {"program": "near_poverty", "month": "2026-13"})
    assert wrong.status_code == 400
