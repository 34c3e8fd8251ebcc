import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from dibao.core.models import AuditEntry
from dibao.registry.models import Asset, Income

from .register_data import household_with_records

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(areas, users):
    return household_with_records(areas.haizhou, users.haizhou)


def test_add_income_for_a_member(login, users, records):
    url = reverse("registry:income-add", args=[records.household.pk])
    client = login(users.haizhou)
    members = dict(client.get(url).context["form"].fields["member"].choices)
    assert set(members) == {"", str(records.head.pk), str(records.spouse.pk)}
    data = {
        "member": records.head.pk,
        "kind": "transfer",
        "amount": "1,234.5",
        "source": "养老金",
        "month_from": "2026-02",
        "month_to": "",
    }
    assert client.post(url, data).status_code == 302
    income = Income.objects.get(source="养老金")
    assert (income.member, income.amount, income.month_from, income.month_to) == (
        records.head,
        Decimal("1234.50"),
        datetime.date(2026, 2, 1),
        None,
    )


def test_income_errors_beside_their_inputs(login, users, records):
    url = reverse("registry:income-add", args=[records.household.pk])
    data = {"member": "", "kind": "wage", "amount": "12.345", "month_from": "2026-05", "month_to": "2026-01"}
    response = login(users.haizhou).post(url, data)
    assert set(response.context["form"].errors) == {"amount", "month_to"}
    assert Income.objects.count() == 1


def test_edit_and_delete_income(login, users, records):
    client = login(users.haizhou)
    edit = reverse("registry:income-edit", args=[records.income.pk])
    initial = client.get(edit).context["form"].initial
    assert (initial["month_from"], initial["member"]) == ("2026-01", str(records.spouse.pk))
    data = {"member": "", "kind": "wage", "amount": "1300", "month_from": "2026-01", "month_to": "2026-06"}
    assert client.post(edit, data).status_code == 302
    records.income.refresh_from_db()
    assert (records.income.member, records.income.amount) == (None, Decimal("1300.00"))
    delete = reverse("registry:income-delete", args=[records.income.pk])
    assert client.get(delete).status_code == 200 and Income.objects.exists()
    assert client.post(delete).status_code == 302 and not Income.objects.exists()
    actions = AuditEntry.objects.filter(object_type="registry.income").values_list("action", flat=True)
    assert sorted(actions) == ["create", "delete", "update"]


def test_add_edit_and_delete_asset(login, users, records):
    client = login(users.street)
    add = reverse("registry:asset-add", args=[records.household.pk])
    data = {
        "member": records.spouse.pk,
        "kind": "vehicle",
        "value": "20000",
        "recorded_on": "2026-03-01",
        "notes": "面包车",
    }
    assert client.post(add, data).status_code == 302
    vehicle = Asset.objects.get(kind="vehicle")
    assert (vehicle.member, vehicle.value, vehicle.recorded_on) == (
        records.spouse,
        Decimal("20000.00"),
        datetime.date(2026, 3, 1),
    )
    edit = reverse("registry:asset-edit", args=[vehicle.pk])
    assert client.get(edit).context["form"].initial["recorded_on"] == "2026-03-01"
    assert client.post(edit, {**data, "value": "-1"}).context["form"].errors["value"]
    assert client.post(edit, {**data, "value": "18000"}).status_code == 302
    vehicle.refresh_from_db()
    assert vehicle.value == Decimal("18000.00")
    assert client.post(reverse("registry:asset-delete", args=[vehicle.pk])).status_code == 302
    assert list(Asset.objects.all()) == [records.asset]
