"""Scoping and roles on every register page: outside the user's area is 404, a reader's write is 403,
and neither leaves anything written."""

import pytest
from django.urls import reverse

from dibao.core.models import AuditEntry
from dibao.registry.models import Asset, Household, Income, Member

from .register_data import household_with_records

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(areas, users):
    """A household of 柳背桥, which 海州's worker and 星海湾's street officer may not see."""
    return household_with_records(areas.liubeiqiao, users.liubeiqiao)


def read_pages(r):
    return [
        reverse("registry:household-detail", args=[r.household.pk]),
        reverse("registry:household-audit", args=[r.household.pk]),
    ]


def write_pages(r):
    return [
        reverse("registry:household-edit", args=[r.household.pk]),
        reverse("registry:household-status", args=[r.household.pk]),
        reverse("registry:member-add", args=[r.household.pk]),
        reverse("registry:member-edit", args=[r.spouse.pk]),
        reverse("registry:member-remove", args=[r.spouse.pk]),
        reverse("registry:income-add", args=[r.household.pk]),
        reverse("registry:income-edit", args=[r.income.pk]),
        reverse("registry:income-delete", args=[r.income.pk]),
        reverse("registry:asset-add", args=[r.household.pk]),
        reverse("registry:asset-edit", args=[r.asset.pk]),
        reverse("registry:asset-delete", args=[r.asset.pk]),
    ]


# What a write would send if it were let through: enough to change something on every page.
POSTED = {
    "address": "被改了",
    "urban_rural": "rural",
    "status": "terminated",
    "name": "被改了",
    "relation": "other",
    "hukou": "rural",
    "kind": "other",
    "amount": "1",
    "value": "1",
    "month_from": "2020-01",
}


def snapshot():
    return (
        list(Household.objects.values_list("address", "status").order_by("pk")),
        list(Member.objects.values_list("name", "relation").order_by("pk")),
        list(Income.objects.values_list("amount", "kind").order_by("pk")),
        list(Asset.objects.values_list("value", "kind").order_by("pk")),
        AuditEntry.objects.count(),
    )


@pytest.mark.parametrize("role", ["haizhou", "street"])
def test_another_communitys_household_is_not_found_on_every_page(login, users, records, role):
    client = login(getattr(users, role))
    before = snapshot()
    for url in read_pages(records) + write_pages(records):
        assert client.get(url).status_code == 404, url
    for url in write_pages(records):
        assert client.post(url, POSTED).status_code == 404, url
    reveal = reverse("registry:member-reveal-id", args=[records.spouse.pk])
    response = client.post(reveal)
    assert response.status_code == 404 and records.spouse.id_number not in response.content.decode()
    assert snapshot() == before


@pytest.mark.parametrize("role", ["auditor", "admin"])
def test_readers_see_the_pages_but_every_write_is_forbidden(login, users, records, role):
    client = login(getattr(users, role))
    before = snapshot()
    for url in read_pages(records):
        assert client.get(url).status_code == 200, url
    for url in [*write_pages(records), reverse("registry:household-create")]:
        assert client.get(url).status_code == 403, url
        assert client.post(url, POSTED).status_code == 403, url
    assert snapshot() == before


def test_the_worker_of_the_community_may_open_every_page(login, users, records):
    client = login(users.liubeiqiao)
    for url in read_pages(records) + write_pages(records):
        assert client.get(url).status_code == 200, url
