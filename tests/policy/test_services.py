"""Setting standards and rules: versions by area and month, inheritance, refusals, audit."""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from dibao.core.errors import DomainError, Forbidden, NotFound
from dibao.core.models import AuditEntry
from dibao.policy.models import Rules, Standard
from dibao.policy.selectors import in_force, visible_standards
from dibao.policy.services import rules_set, standard_set

JAN = datetime.date(2026, 1, 1)
JUL = datetime.date(2026, 7, 1)


def urban(amount, since="2026-01", **more):
    return {"kind": "urban", "amount": amount, "valid_from": since, **more}


def test_a_new_standard_closes_the_one_before_and_keeps_it(areas, users):
    first = standard_set(area=areas.county, data=urban("360"), actor=users.county)
    second = standard_set(area=areas.county, data=urban("400", "2026-07"), actor=users.county)
    first.refresh_from_db()
    assert first.valid_to == datetime.date(2026, 6, 1)
    assert second.valid_to is None
    assert in_force(areas.haizhou, datetime.date(2026, 6, 1)).context.standards["urban"].amount == Decimal(
        "360"
    )
    assert in_force(areas.haizhou, JUL).context.standards["urban"].amount == Decimal("400")
    assert AuditEntry.objects.filter(object_type="policy.standard").count() == 3  # two created, one closed


def test_a_lower_area_overrides_its_parent_and_the_rest_inherit(areas, users):
    standard_set(area=areas.county, data=urban("360"), actor=users.county)
    standard_set(area=areas.xinghaiwan, data=urban("380"), actor=users.county)
    haizhou = in_force(areas.haizhou, JAN).context.standards["urban"]
    liubeiqiao = in_force(areas.liubeiqiao, JAN).context.standards["urban"]
    assert (haizhou.amount, haizhou.area_name) == (Decimal("380"), areas.xinghaiwan.name)
    assert (liubeiqiao.amount, liubeiqiao.area_name) == (Decimal("360"), areas.county.name)


def test_before_any_standard_there_is_none(areas, users):
    standard_set(area=areas.county, data=urban("360", "2026-07"), actor=users.county)
    assert "urban" not in in_force(areas.haizhou, JAN).context.standards


@pytest.mark.parametrize("amount", ["0", "-5", "abc", "360.123"])
def test_a_bad_amount_is_refused_with_a_message_and_nothing_is_written(areas, users, amount):
    entries = AuditEntry.objects.count()
    with pytest.raises(DomainError) as caught, translation.override("en"):
        standard_set(area=areas.county, data=urban(amount), actor=users.county)
    assert "amount" in caught.value.errors
    assert not Standard.objects.exists()
    assert AuditEntry.objects.count() == entries


def test_overlapping_or_earlier_versions_are_refused(areas, users):
    standard_set(area=areas.county, data=urban("360", "2026-07"), actor=users.county)
    for since in ("2026-07", "2026-03"):
        with pytest.raises(DomainError) as caught, translation.override("en"):
            standard_set(area=areas.county, data=urban("400", since), actor=users.county)
        assert "already has a version from 2026-07" in str(caught.value)
    assert Standard.objects.count() == 1


def test_urban_and_rural_are_separate_lines(areas, users):
    standard_set(area=areas.county, data=urban("360"), actor=users.county)
    standard_set(
        area=areas.county,
        data={"kind": "rural", "amount": "200", "valid_from": "2026-01"},
        actor=users.county,
    )
    standards = in_force(areas.haizhou, JAN).context.standards
    assert (standards["urban"].amount, standards["rural"].amount) == (Decimal("360"), Decimal("200"))


def test_bad_kind_and_month_are_refused_by_field(areas, users):
    with pytest.raises(DomainError) as caught:
        standard_set(
            area=areas.county,
            data={"kind": "town", "amount": "1", "valid_from": "2026-13"},
            actor=users.county,
        )
    assert set(caught.value.errors) == {"kind", "valid_from"}


@pytest.mark.parametrize("who", ["haizhou", "street", "auditor", "admin"])
def test_only_the_county_role_sets_policy(areas, users, who):
    with pytest.raises(Forbidden):
        standard_set(area=areas.haizhou, data=urban("360"), actor=getattr(users, who))


def test_a_county_officer_of_another_county_does_not_find_the_area(areas, users):
    from dibao.areas.services import area_create
    from tests.factories import UserFactory

    other = area_create(code="210203", name="西岗区", level="county", parent=None, actor=users.admin)
    stranger = UserFactory(role="county", area=other)
    with pytest.raises(NotFound):
        standard_set(area=areas.county, data=urban("360"), actor=stranger)


def test_visible_standards_include_those_above_that_apply(areas, users):
    county = standard_set(area=areas.county, data=urban("360"), actor=users.county)
    street = standard_set(area=areas.shiqiaopu, data=urban("390"), actor=users.county)
    assert set(visible_standards(users.haizhou)) == {county}
    assert set(visible_standards(users.county)) == {county, street}


def test_rules_versions_and_national_defaults(areas, users):
    assert in_force(areas.haizhou, JAN).context.rules_area is None  # national defaults
    assert in_force(areas.haizhou, JAN).context.rules.financial_asset_months == 24
    rules_set(
        area=areas.county,
        data={"valid_from": "2026-01", "excluded_items": ["scholarship"]},
        actor=users.county,
    )
    rules_set(area=areas.county, data={"valid_from": "2026-07", "max_homes": "2"}, actor=users.county)
    january, july = in_force(areas.haizhou, JAN).context, in_force(areas.haizhou, JUL).context
    assert january.rules.excluded_items == ["scholarship"] and january.rules.max_homes == 1  # default
    assert july.rules.max_homes == 2 and july.rules_area == areas.county.name
    assert Rules.objects.get(valid_from=JAN).valid_to == datetime.date(2026, 6, 1)


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"excluded_items": ["scholarship", "lottery"]}, "excluded_items", "Unknown income item: lottery."),
        (
            {"urban_benefit_mode": "class", "class_amounts": {"urban": {"A": "420", "B": "360"}}},
            "class_amounts",
            "Class C (Urban) has no amount.",
        ),
        ({"class_amounts": {"urban": {"A": ""}}}, "class_amounts", "Class A (urban) has no amount."),
        (
            {"class_amounts": {"urban": {"D": "1"}}},
            "class_amounts",
            "'D' is not a benefit class (A, B or C).",
        ),
        ({"urban_benefit_mode": "tiers"}, "urban_benefit_mode", "'tiers' is not one of the allowed values."),
        (
            {"deduction_basis": "wage_share", "deduction_value": "130"},
            "deduction_value",
            "A share is a percentage from 0 to 100.",
        ),
        (
            {"add_ons": [{"criterion": "age_90", "basis": "fixed", "value": "5"}]},
            "add_ons",
            "Add-on 1: 'age_90' is not a criterion.",
        ),
        (
            {"add_ons": [{"criterion": "age_80", "basis": "fixed", "value": "0"}]},
            "add_ons",
            "The amount must be more than zero.",
        ),
        ({"review_months_third": "0"}, "review_months_third", "A review interval is at least one month."),
        ({"notice_days": "seven"}, "notice_days", "'seven' is not a whole number."),
        ({"stop_month_pay": "half"}, "stop_month_pay", "'half' is not one of the allowed values."),
        ({"review_approval_threshold": "-1"}, "review_approval_threshold", "An amount cannot be negative."),
    ],
)
def test_bad_rules_are_refused_with_the_field_and_reason(areas, users, data, field, message):
    with pytest.raises(DomainError) as caught, translation.override("en"):
        rules_set(area=areas.county, data={"valid_from": "2026-01", **data}, actor=users.county)
    with translation.override("en"):
        assert message in caught.value.messages()[field]
    assert not Rules.objects.exists()


def test_review_and_stop_rules_have_defaults_and_are_kept(areas, users):
    defaults = rules_set(area=areas.county, data={"valid_from": "2026-01"}, actor=None)
    assert (defaults.stop_month_pay, defaults.resume_back_pay) == ("full", False)
    assert defaults.review_approval_threshold == Decimal("100.00")
    rules = rules_set(
        area=areas.county,
        data={
            "valid_from": "2026-07",
            "stop_month_pay": "pro_rata",
            "resume_back_pay": True,
            "review_approval_threshold": "50",
        },
        actor=None,
    )
    assert (rules.stop_month_pay, rules.resume_back_pay, rules.review_approval_threshold) == (
        "pro_rata",
        True,
        Decimal("50.00"),
    )


def test_an_asset_rule_given_empty_is_switched_off(areas, users):
    rules = rules_set(
        area=areas.county,
        data={"valid_from": "2026-01", "max_homes": "", "financial_asset_months": None},
        actor=None,
    )
    assert (rules.max_homes, rules.financial_asset_months) == (None, None)


def test_rules_messages_are_in_chinese_by_default(areas, users):
    with pytest.raises(DomainError) as caught:
        rules_set(
            area=areas.county,
            data={"valid_from": "2026-01", "excluded_items": ["lottery"]},
            actor=users.county,
        )
    with translation.override("zh-hans"):
        assert "lottery" in caught.value.messages()["excluded_items"][0]
        assert "未知" in caught.value.messages()["excluded_items"][0]
