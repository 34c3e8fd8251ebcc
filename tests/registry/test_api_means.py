import datetime

import pytest

from dibao.core.models import AuditEntry
from dibao.registry.models import Asset, Income

from ..api_support import API, api_as, own_id_numbers  # noqa: F401  (autouse fixture)
from ..factories import make_household

pytestmark = pytest.mark.django_db


@pytest.fixture
def household(areas, users):  # type: ignore[no-untyped-def]
    return make_household(areas.haizhou, users.haizhou, members=1)


def income(household, **overrides):  # type: ignore[no-untyped-def]
    return {"household": household.pk, "kind": "wage", "amount": "2300", "month_from": "2026-01", **overrides}


def test_add_an_income(household, users):
    head = household.members.get(relation="self")
    response = api_as(users.haizhou).post(
        f"{API}/incomes/", income(household, member=head.pk, source="超市理货", month_to="2026-06")
    )
    assert response.status_code == 201
    assert response.json() == {
        "id": Income.objects.get().pk,
        "household": household.pk,
        "member": head.pk,
        "kind": "wage",
        "item": "",
        "amount": "2300.00",
        "source": "超市理货",
        "month_from": "2026-01",
        "month_to": "2026-06",
        "notes": "",
    }
    assert AuditEntry.objects.filter(object_type="registry.income", action="create").exists()


def test_an_income_item_sets_its_kind_and_an_unknown_item_is_refused(household, users):
    client = api_as(users.haizhou)
    data = income(household, item="resident_basic_pension")
    del data["kind"]
    response = client.post(f"{API}/incomes/", data)
    assert response.status_code == 201
    assert (response.json()["kind"], response.json()["item"]) == ("transfer", "resident_basic_pension")
    mismatch = client.post(f"{API}/incomes/", income(household, item="scholarship"))  # kind wage
    assert mismatch.status_code == 400 and "item" in mismatch.json()["errors"]
    unknown = client.post(f"{API}/incomes/", income(household, item="lottery"))
    assert unknown.status_code == 400 and "item" in unknown.json()["errors"]
    assert Income.objects.count() == 1


def test_amount_as_a_json_number(household, users):
    response = api_as(users.haizhou).post(f"{API}/incomes/", income(household, amount=1234.5))
    assert response.status_code == 201 and response.json()["amount"] == "1234.50"


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"amount": "-5"}, "amount", "An amount cannot be negative."),
        ({"amount": "12.345"}, "amount", "Amounts are to the fen: at most two decimal places."),
        ({"amount": {"yuan": 5}}, "amount", "'{'yuan': 5}' is not a number."),
        ({"amount": True}, "amount", "'True' is not a number."),
        ({"month_from": "2026-13"}, "month_from", "'2026-13' is not a month (YYYY-MM)."),
        ({"month_to": "2025-12"}, "month_to", "The last month cannot be before the first."),
        ({"kind": "salary"}, "kind", '"salary" is not a valid choice.'),
    ],
)
def test_bad_income_values_are_400_in_english_and_nothing_is_written(
    household, users, change, field, message
):
    response = api_as(users.haizhou, language="en").post(f"{API}/incomes/", income(household, **change))
    assert response.status_code == 400
    assert response.json()["errors"] == {field: [message]}
    assert not Income.objects.exists()


def test_an_income_of_someone_outside_the_household_is_refused(household, areas, users):
    stranger = make_household(areas.haizhou, users.haizhou).members.get()
    response = api_as(users.haizhou).post(f"{API}/incomes/", income(household, member=stranger.pk))
    assert response.status_code == 400 and list(response.json()["errors"]) == ["member"]


def test_patch_keeps_what_is_not_sent_and_checks_the_whole_record(household, users):
    client = api_as(users.haizhou, language="en")
    created = client.post(f"{API}/incomes/", income(household, source="超市", month_to="2026-06")).json()
    response = client.patch(f"{API}/incomes/{created['id']}/", {"amount": "2500"})
    assert response.status_code == 200
    assert response.json() == {**created, "amount": "2500.00"}
    entry = AuditEntry.objects.get(object_type="registry.income", action="update")
    assert entry.before == {"amount": "2300.00"} and entry.after == {"amount": "2500.00"}
    # The stored first month is 2026-01: a last month before it is refused.
    refused = client.patch(f"{API}/incomes/{created['id']}/", {"month_to": "2025-10"})
    assert refused.status_code == 400 and list(refused.json()["errors"]) == ["month_to"]
    moved = client.patch(f"{API}/incomes/{created['id']}/", {"household": household.pk + 1})
    assert moved.status_code == 400 and list(moved.json()["errors"]) == ["household"]


def test_put_replaces_the_record(household, users):
    client = api_as(users.haizhou)
    head = household.members.get(relation="self")
    created = client.post(f"{API}/incomes/", income(household, member=head.pk, source="超市")).json()
    body = {"kind": "transfer", "amount": "800", "month_from": "2026-02"}
    response = client.put(f"{API}/incomes/{created['id']}/", body)
    assert response.status_code == 200
    assert response.json()["member"] is None and response.json()["source"] == ""
    assert response.json()["kind"] == "transfer" and response.json()["month_to"] is None
    assert client.put(f"{API}/incomes/{created['id']}/", {"amount": "800"}).status_code == 400


def test_delete_an_income(household, users):
    client = api_as(users.haizhou)
    created = client.post(f"{API}/incomes/", income(household)).json()
    assert client.delete(f"{API}/incomes/{created['id']}/").status_code == 204
    assert not Income.objects.exists()
    assert AuditEntry.objects.filter(object_type="registry.income", action="delete").exists()


def test_assets(household, users):
    client = api_as(users.haizhou, language="en")
    response = client.post(f"{API}/assets/", {"household": household.pk, "kind": "deposit", "value": "20000"})
    assert response.status_code == 201
    asset = response.json()
    assert asset["value"] == "20000.00" and asset["recorded_on"] == datetime.date.today().isoformat()
    changed = client.patch(f"{API}/assets/{asset['id']}/", {"recorded_on": "2026-05-01", "notes": "定期"})
    assert changed.status_code == 200
    assert changed.json() == {**asset, "recorded_on": "2026-05-01", "notes": "定期"}
    bad = client.patch(f"{API}/assets/{asset['id']}/", {"recorded_on": "May 1st", "value": "-1"})
    assert bad.status_code == 400 and set(bad.json()["errors"]) == {"recorded_on", "value"}
    negative = client.patch(f"{API}/assets/{asset['id']}/", {"value": "-1"})
    assert negative.json()["errors"] == {"value": ["An amount cannot be negative."]}
    assert client.get(f"{API}/assets/{asset['id']}/").json()["value"] == "20000.00"
    assert client.delete(f"{API}/assets/{asset['id']}/").status_code == 204
    assert not Asset.objects.exists()


def test_lists_by_household(household, areas, users):
    other = make_household(areas.haizhou, users.haizhou)
    client = api_as(users.haizhou)
    for target in (household, household, other):
        client.post(f"{API}/incomes/", income(target))
        client.post(f"{API}/assets/", {"household": target.pk, "kind": "vehicle", "value": "30000"})
    for resource in ("incomes", "assets"):
        assert client.get(f"{API}/{resource}/").json()["count"] == 3
        mine = client.get(f"{API}/{resource}/", {"household": household.pk}).json()
        assert mine["count"] == 2 and {row["household"] for row in mine["results"]} == {household.pk}


def test_income_and_asset_lists_run_a_fixed_number_of_queries(
    household, users, django_assert_max_num_queries
):
    client = api_as(users.street)
    for _ in range(10):
        client.post(f"{API}/incomes/", income(household))
        client.post(f"{API}/assets/", {"household": household.pk, "kind": "deposit", "value": "100"})
    for resource in ("incomes", "assets"):
        # token and user, the user's area, the count, the page
        with django_assert_max_num_queries(4):
            assert client.get(f"{API}/{resource}/").json()["count"] == 10
