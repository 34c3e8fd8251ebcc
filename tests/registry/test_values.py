"""Every value fits where it is stored: money, months, ids and ID numbers as the register takes them
in through the API, its pages, the roster import and its command — refused on their field, row or
column, and never a 500 afterwards."""

import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from dibao.policy.services import standard_set
from dibao.registry.models import Household, Income, Member

from ..api_support import API, api_as, own_id_numbers  # noqa: F401  (autouse fixture)
from ..factories import id_number, make_household
from .roster.files import row, xlsx_bytes

pytestmark = pytest.mark.django_db
TOO_LARGE = "99999999999.99"  # 14 digits; an income's column holds 12
HUGE_ID = "99999999999999999999"


@pytest.fixture
def household(areas, users):  # type: ignore[no-untyped-def]
    standard_set(
        area=areas.county, data={"kind": "urban", "amount": "900", "valid_from": "2025-01"}, actor=None
    )
    return make_household(areas.haizhou, users.haizhou, members=1)


def income(household, **overrides):  # type: ignore[no-untyped-def]
    return {"household": household.pk, "kind": "wage", "amount": "2300", "month_from": "2026-01", **overrides}


def test_an_income_too_large_for_its_column_is_refused_and_the_household_still_answers(
    household, users, login
):
    client = api_as(users.haizhou, language="en")
    refused = client.post(f"{API}/incomes/", income(household, amount=TOO_LARGE))
    assert refused.status_code == 400
    assert refused.json()["errors"] == {"amount": ["The amount is too large: at most 9,999,999,999.99."]}
    assert not Income.objects.exists()
    largest = client.post(f"{API}/incomes/", income(household, amount="9999999999.99"))
    assert largest.status_code == 201
    # What once answered 500 for the rest of the household's life: the list, the page, the
    # assessment, a change and a deletion.
    assert client.get(f"{API}/incomes/", {"household": household.pk}).json()["count"] == 1
    assert client.get(f"{API}/households/{household.pk}/").status_code == 200
    assessment = client.get(f"{API}/households/{household.pk}/assessment/", {"month": "2026-03"})
    assert assessment.status_code == 200 and assessment.json()["eligible"] is False
    assert (
        login(users.haizhou).get(reverse("registry:household-detail", args=[household.pk])).status_code == 200
    )
    changed = client.patch(f"{API}/incomes/{largest.json()['id']}/", {"amount": TOO_LARGE})
    assert changed.status_code == 400 and set(changed.json()["errors"]) == {"amount"}
    assert client.delete(f"{API}/incomes/{largest.json()['id']}/").status_code == 204


@pytest.mark.parametrize(
    ("amount", "stored"), [("12.5", "12.50"), ("1,234.50", "1234.50"), ("-0", "0.00"), (1234.5, "1234.50")]
)
def test_amounts_the_api_takes(household, users, amount, stored):
    response = api_as(users.haizhou).post(f"{API}/incomes/", income(household, amount=amount))
    assert response.status_code == 201 and response.json()["amount"] == stored


@pytest.mark.parametrize("amount", ["12,5", "-1", "1.234", "1e20", "NaN", True, [1], {"v": 1}])
def test_amounts_the_api_refuses_on_their_field(household, users, amount):
    response = api_as(users.haizhou).post(f"{API}/incomes/", income(household, amount=amount))
    assert response.status_code == 400 and set(response.json()["errors"]) == {"amount"}
    assert not Income.objects.exists()


@pytest.mark.parametrize("month", ["0000-01", "9999-12", "1899-12", "2026-13", ""])
def test_income_months_outside_the_years_are_refused(household, users, month):
    response = api_as(users.haizhou).post(f"{API}/incomes/", income(household, month_from=month))
    assert response.status_code == 400 and set(response.json()["errors"]) == {"month_from"}


def test_an_asset_is_bounded_by_its_own_column(household, users):
    client = api_as(users.haizhou)
    data = {"household": household.pk, "kind": "deposit"}
    assert client.post(f"{API}/assets/", {**data, "value": "999999999999.99"}).status_code == 201
    refused = client.post(f"{API}/assets/", {**data, "value": "1000000000000"})
    assert refused.status_code == 400 and set(refused.json()["errors"]) == {"value"}


def test_ids_too_large_for_the_database_are_400_or_404(household, users, login):
    client = api_as(users.haizhou)
    for resource in ("incomes", "assets", "members"):
        listed = client.get(f"{API}/{resource}/", {"household": HUGE_ID})
        assert listed.status_code == 400 and set(listed.json()["errors"]) == {"household"}
        assert client.get(f"{API}/{resource}/{HUGE_ID}/").status_code == 404
    for path in ("households", "households/{}/assessment", "households/{}/entitlements", "applications"):
        url = f"{API}/{path.format(HUGE_ID)}/" if "{}" in path else f"{API}/{path}/{HUGE_ID}/"
        assert client.get(url).status_code == 404
    assert client.delete(f"{API}/incomes/{HUGE_ID}/").status_code == 404
    created = client.post(f"{API}/incomes/", {**income(household), "household": HUGE_ID})
    assert created.status_code == 400 and set(created.json()["errors"]) == {"household"}
    member = client.post(f"{API}/incomes/", income(household, member=HUGE_ID))
    assert member.status_code == 400 and set(member.json()["errors"]) == {"member"}
    pages = login(users.haizhou)
    for url in (
        f"/households/{HUGE_ID}/",
        f"/households/incomes/{HUGE_ID}/edit/",
        f"/households/{HUGE_ID}/audit/",
    ):
        assert pages.get(url).status_code == 404


def test_an_id_number_of_no_division_is_refused(household, users):
    body = "99999919800101001"
    from stdnum.cn import ric

    response = api_as(users.haizhou).post(
        f"{API}/members/",
        {
            "household": household.pk,
            "name": "王五",
            "id_number": body + ric.calc_check_digit(body + "0"),
            "relation": "child",
            "hukou": "urban",
        },
    )
    assert response.status_code == 400 and set(response.json()["errors"]) == {"id_number"}
    assert "999999" in response.json()["errors"]["id_number"][0]


@pytest.mark.parametrize(
    ("amount", "month"), [(TOO_LARGE, "2026-01"), ("12,5", "2026-01"), ("100", "9999-12"), ("100", "0000-01")]
)
def test_the_income_form_shows_the_refusal_beside_its_input(household, users, login, amount, month):
    url = reverse("registry:income-add", args=[household.pk])
    response = login(users.haizhou).post(url, {"kind": "wage", "amount": amount, "month_from": month})
    assert response.status_code == 200
    field = "amount" if month == "2026-01" else "month_from"
    assert set(response.context["form"].errors) == {field}
    assert not Income.objects.exists()


def test_a_roster_with_that_income_does_not_pass_its_dry_run(areas, users, tmp_path, capsys):
    head = id_number()
    path = tmp_path / "名册.xlsx"
    path.write_bytes(
        xlsx_bytes([row(head, "张三", head, 月收入=TOO_LARGE), row(head, "李梅", id_number(), "配偶")])
    )
    with pytest.raises(SystemExit) as exited:
        call_command(
            "import_roster",
            str(path),
            "--community",
            "210204001001",
            "--dry-run",
            "--json",
            "--language",
            "en",
        )
    document = json.loads(capsys.readouterr().out)
    assert exited.value.code == 1
    [error] = document["errors"]
    assert (error["row"], error["column"], error["value"]) == (2, "月收入", TOO_LARGE)
    assert "too large" in error["reason"]
    assert not Household.objects.exists() and not Member.objects.exists()


def test_a_roster_cell_with_a_decimal_comma_is_named(areas, users, tmp_path, capsys):
    head = id_number()
    path = tmp_path / "名册.xlsx"
    path.write_bytes(xlsx_bytes([row(head, "张三", head, 月收入="1200,5")]))
    with pytest.raises(SystemExit):
        call_command("import_roster", str(path), "--community", "210204001001", "--json", "--language", "en")
    [error] = json.loads(capsys.readouterr().out)["errors"]
    assert (error["row"], error["column"]) == (2, "月收入") and "decimal point" in error["reason"]
    assert not Income.objects.exists()
