"""Standards, rules, months and what-ifs: every value fits its column, every month lies in 1900–2100,
through the API, the pages and the commands alike."""

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from dibao.benefits.models import Recalculation
from dibao.policy.models import Rules, Standard
from dibao.policy.services import standard_set
from dibao.registry.services import income_add
from tests.benefits.support import receiving

from ..api_support import API, api_as, own_id_numbers  # noqa: F401  (autouse fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def standards(areas):  # type: ignore[no-untyped-def]
    for kind, amount in (("urban", "360"), ("rural", "200")):
        standard_set(
            area=areas.county, data={"kind": kind, "amount": amount, "valid_from": "2026-01"}, actor=None
        )


def standard(amount: str, valid_from: str = "2026-07") -> dict[str, str]:
    return {"area": "210204", "kind": "urban", "amount": amount, "valid_from": valid_from}


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (standard("100000000"), "amount"),  # a standard column holds 99,999,999.99
        (standard("1e9"), "amount"),
        (standard("12,5"), "amount"),
        (standard("0"), "amount"),
        (standard("400", "9999-12"), "valid_from"),
        (standard("400", "0000-01"), "valid_from"),
        (standard("400", ""), "valid_from"),
    ],
)
def test_standards_out_of_bounds_are_refused_on_their_field(areas, users, data, field):
    response = api_as(users.county).post(f"{API}/standards/", data)
    assert response.status_code == 400 and set(response.json()["errors"]) == {field}
    assert not Standard.objects.exists()


def test_the_largest_standard_is_taken(areas, users):
    response = api_as(users.county).post(f"{API}/standards/", standard("99999999.99"))
    assert response.status_code == 201 and response.json()["amount"] == "99999999.99"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("near_poverty_multiple", "100"),  # the column holds 99.99
        ("minimum_per_person", "100000000"),
        ("review_approval_threshold", "-1"),
        ("deduction_value", "12,5"),
        ("notice_days", 99999),  # a small integer column
        ("notice_days", "99999999999999999999"),
        ("review_months_first", -1),
    ],
)
def test_rule_values_outside_their_columns_are_refused(areas, users, field, value):
    data = {"area": "210204", "valid_from": "2026-07", field: value}
    response = api_as(users.county).post(f"{API}/rules/", data)
    assert response.status_code == 400 and set(response.json()["errors"]) == {field}
    assert not Rules.objects.exists()


def test_class_amounts_and_add_ons_are_bounded_as_a_standard(areas, users):
    client = api_as(users.county)
    base = {"area": "210204", "valid_from": "2026-07"}
    classes = client.post(f"{API}/rules/", {**base, "class_amounts": {"urban": {"A": "100000000"}}})
    assert classes.status_code == 400 and set(classes.json()["errors"]) == {"class_amounts.urban.A"}
    add_on = client.post(f"{API}/rules/", {**base, "add_ons": [{"criterion": "age_70", "value": "1e12"}]})
    assert add_on.status_code == 400 and set(add_on.json()["errors"]) == {"add_ons.0.value"}


@pytest.mark.parametrize("month", ["0000-01", "9999-12", "2101-01", "", "2026-13"])
def test_months_of_the_assessment_and_the_policy_in_force(areas, users, standards, month):
    receiving_household = receiving(areas.haizhou, users.haizhou).household
    client = api_as(users.haizhou)
    assessed = client.get(f"{API}/households/{receiving_household.pk}/assessment/", {"month": month})
    assert assessed.status_code == 400 and set(assessed.json()["errors"]) == {"month"}
    in_force = client.get(f"{API}/policy/in-force/", {"month": month})
    assert in_force.status_code == 400 and set(in_force.json()["errors"]) == {"month"}
    what_if = client.post(
        f"{API}/policy/simulate/", {"area": "210204", "kind": "urban", "standard": "400", "month": month}
    )
    assert what_if.status_code == 400 and set(what_if.json()["errors"]) == {"month"}
    # Not given at all: this month.
    assert client.get(f"{API}/policy/in-force/").status_code == 200


def test_a_what_if_standard_is_bounded_as_a_standard(areas, users, standards):
    client = api_as(users.county)
    for amount in ("100000000", "0", "12,5"):
        response = client.post(
            f"{API}/policy/simulate/", {"area": "210204", "kind": "urban", "standard": amount}
        )
        assert response.status_code == 400 and set(response.json()["errors"]) == {"standard"}


def test_the_standard_page_shows_the_refusal_beside_its_input(login, users, areas):
    response = login(users.county).post(
        reverse("benefits:standard-add"),
        {"area": "210204", "kind": "urban", "amount": "100000000", "valid_from": "2026-07", "note": ""},
    )
    assert response.status_code == 200 and set(response.context["form"].errors) == {"amount"}
    assert not Standard.objects.exists()


def test_the_assessment_page_refuses_a_month_it_cannot_show(login, users, areas, standards):
    household = receiving(areas.haizhou, users.haizhou).household
    page = login(users.haizhou).get(
        reverse("registry:household-detail", args=[household.pk]), {"month": "9999-12"}
    )
    assert page.status_code == 200


@pytest.mark.parametrize(
    ("command", "args", "message"),
    [
        (
            "set_standard",
            ["--area", "210204", "--kind", "urban", "--amount", "100000000", "--from", "2026-07"],
            "amount",
        ),
        (
            "set_standard",
            ["--area", "210204", "--kind", "urban", "--amount", "400", "--from", "9999-12"],
            "valid_from",
        ),
        ("policy_simulate", ["--area", "210204", "--standard", "100000000"], "standard"),
        ("policy_simulate", ["--area", "210204", "--standard", "400", "--month", "0000-01"], "0000-01"),
        ("assess", ["--household", "1", "--month", "9999-12"], "9999-12"),
    ],
)
def test_commands_refuse_with_the_field(areas, standards, command, args, message):
    with pytest.raises(CommandError) as caught:
        call_command(command, *args)
    assert message in str(caught.value)
    assert Standard.objects.count() == 2


def test_setting_a_standard_with_the_largest_incomes_on_record_answers(areas, users, standards):
    """Incomes each within their column can still add up to more per person than any result holds:
    such a household is not assessed (and the recalculation leaves it to a review), never a 500."""
    household = receiving(areas.haizhou, users.haizhou).household
    for _ in range(2):
        income_add(
            household=household,
            data={"kind": "wage", "amount": "9999999999.99", "month_from": "2026-01"},
            actor=users.haizhou,
        )
    client = api_as(users.county)
    response = client.post(f"{API}/standards/", standard("400", "2026-08"))
    assert response.status_code == 201
    assert not Recalculation.objects.exists()  # the only receiving household could not be assessed
    assessed = api_as(users.haizhou).get(f"{API}/households/{household.pk}/assessment/", {"month": "2026-08"})
    assert assessed.status_code == 400 and assessed.json()["code"] == "not_assessable"
